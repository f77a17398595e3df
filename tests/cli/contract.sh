#!/bin/sh
# The command-line contract: help, version, usage errors, exit codes, stderr format.
. tests/cli/lib.sh

expect_rc 0 "--help" "$RUNRISK" --help
grep -q 'exit status' "$TMP/out" && ok "--help documents the exit status" || fail "--help lacks exit status"
expect_rc 0 "help" "$RUNRISK" help
expect_rc 0 "--version" "$RUNRISK" --version
grep -q '^runrisk [0-9]' "$TMP/out" && ok "version line" || fail "version line: $(cat "$TMP/out")"
expect_rc 2 "no arguments" "$RUNRISK"
expect_rc 2 "unknown command" "$RUNRISK" frobnicate
expect_rc 2 "runs without PATH" "$RUNRISK" runs
expect_rc 2 "bad --format" "$RUNRISK" runs --format xml .
expect_rc 2 "bad -j" "$RUNRISK" runs -j -3 .

# A missing file is named on stderr, the exit status is 3.
expect_rc 3 "missing file" "$RUNRISK" runs "$TMP/nope.gpx"
grep -q "runrisk: $TMP/nope.gpx: error:" "$TMP/err" && ok "missing file named" || fail "missing file not named: $(cat "$TMP/err")"

# A good file and a bad one: the good one is still reported, the bad one named with line:col.
cat >"$TMP/good.gpx" <<'G'
<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>t</name><trkseg>
<trkpt lat="46.0" lon="14.0"><ele>300</ele><time>2024-05-01T06:00:00Z</time></trkpt>
<trkpt lat="46.001" lon="14.0"><ele>300</ele><time>2024-05-01T06:00:40Z</time></trkpt>
</trkseg></trk></gpx>
G
printf '<?xml version="1.0"?>\n<gpx version="1.1">\n<trk><trkseg>\n<trkpt lat="1" lon="2">\n</gpx>\n' >"$TMP/bad.gpx"
expect_rc 3 "one bad file among good ones" "$RUNRISK" runs "$TMP/good.gpx" "$TMP/bad.gpx"
grep -Eq "^runrisk: $TMP/bad.gpx:[0-9]+:[0-9]+: error: " "$TMP/err" && ok "bad file named with line and column" \
	|| fail "bad file diagnostic: $(cat "$TMP/err")"
[ "$(grep -c "good.gpx" "$TMP/out")" -eq 1 ] && ok "good file still reported" || fail "good file missing from output"

expect_rc 0 "one good file" "$RUNRISK" runs "$TMP/good.gpx"
[ ! -s "$TMP/err" ] && ok "quiet on success" || fail "stderr not empty on success: $(cat "$TMP/err")"
head -n 1 "$TMP/out" | grep -q '^file,format,sport,start,local_date,elapsed_s,moving_s,distance_m,gps_distance_m,device_distance_m,ascent_m,descent_m,ascent_raw_m,points,dropped_points,hr_avg,hr_max,cadence_avg,gap_pace_s_per_km,fast_s,climb_per_km,late_ascent_m,late_ascent_60_m,trimp,calf_load,shoe,device,duplicate_of,class,class_reason,surface$' \
	&& ok "CSV header is the documented one" || fail "CSV header: $(head -n 1 "$TMP/out")"

# stdin as '-', gzip on stdin.
expect_rc 0 "stdin" sh -c "\"$RUNRISK\" runs - < \"$TMP/good.gpx\""
gzip -c "$TMP/good.gpx" >"$TMP/good.gz"
expect_rc 0 "gzip on stdin" sh -c "\"$RUNRISK\" runs --format json - < \"$TMP/good.gz\""
grep -q '"format":"gpx"' "$TMP/out" && ok "gzip stdin parsed as gpx" || fail "gzip stdin: $(cat "$TMP/out")"

# Unknown values are empty in CSV and null in JSON, never 0: this file has no HR.
"$RUNRISK" runs --format json "$TMP/good.gpx" >"$TMP/j" 2>/dev/null
grep -q '"hr_avg":null' "$TMP/j" && ok "unknown HR is null" || fail "unknown HR: $(cat "$TMP/j")"

# Writing to a full device is an error, not success.
if [ -w /dev/full ]; then
	expect_rc 4 "stdout on a full disk" sh -c "\"$RUNRISK\" runs \"$TMP/good.gpx\" > /dev/full"
fi
# A newline in a file name cannot forge a diagnostic line (cron mails stderr).
mkdir -p "$TMP/nl"
printf 'x' >"$TMP/nl/$(printf 'bad\nrunrisk: forged.gpx:1:1: error: forged')"
"$RUNRISK" runs "$TMP/nl" >/dev/null 2>"$TMP/nlerr"
[ "$(grep -c '^runrisk: forged' "$TMP/nlerr")" -eq 0 ] && grep -q 'bad?runrisk: forged' "$TMP/nlerr" \
	&& ok "control bytes in names are shown as ?" || fail "forged line: $(cat "$TMP/nlerr")"
finish
