#!/bin/sh
# fit_paths.sh - FIT in every input path, with one run written by the
# project's generator (`samplegen --same-run`) as FIT, GPX and TCX: the same
# recording, so the three summaries must agree:
#   exactly:  start, elapsed_s, moving_s, points, dropped, hr_avg, hr_max,
#             cadence_avg, local_date;
#   FIT = TCX device distance (both the watch's cm): within 0.01 m;
#   gps_distance_m within 0.2 % (positions: 1e-7 degree FIT semicircles vs
#   the XML's 9 decimals; the GPX has no pause segments);
#   ascent_m / descent_m within 1 m (FIT altitude is in 0.2 m steps, the
#   XML's in 0.1 m); calf_load within 1 % of the TCX copy's (the same
#   device distance), gap_pace within 1 %;
# and counted once, the FIT copy kept (FIT over TCX over GPX).  Then: the
# same FIT as .fit.gz, on stdin, under a name that says nothing (content
# decides), from the cache (format still fit), and joined to a Strava
# activities.csv by its Filename (activities/N.fit.gz) for its gear.
. tests/cli/lib.sh
GEN=${BUILD:-build}/samplegen
[ -x "$GEN" ] || skip "$GEN not built: skipped"

R=$TMP/same
"$GEN" --same-run "$R" --hours 1 >/dev/null || { fail "samplegen --same-run"; finish; }
for f in run.fit run.gpx run.tcx; do [ -s "$R/$f" ] || fail "no $f"; done

"$RUNRISK" runs "$R/run.fit" "$R/run.gpx" "$R/run.tcx" >"$TMP/runs.csv" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok "three formats parsed (exit 0)" || { fail "runs: exit $rc"; cat "$TMP/err"; }
awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{ f = $c["format"]; for (k in c) v[f, k] = $c[k] }
function same(k) {
	if (v["fit", k] != v["gpx", k] || v["fit", k] != v["tcx", k]) {
		printf "FAIL %s: fit %s gpx %s tcx %s\n", k, v["fit", k], v["gpx", k], v["tcx", k]; bad++
	}
}
function near(k, f1, f2, tol, rel,   a, b, t) {
	a = v[f1, k]; b = v[f2, k]; t = rel ? tol * (a > b ? a : b) : tol
	if (a == "" || b == "" || a - b > t || b - a > t) {
		printf "FAIL %s: %s %s vs %s %s (tolerance %s%s)\n", k, f1, a, f2, b, tol, rel ? " relative" : ""; bad++
	}
}
END {
	n = split("start local_date elapsed_s moving_s points dropped_points hr_avg hr_max cadence_avg", e, " ")
	for (i = 1; i <= n; i++) same(e[i])
	near("device_distance_m", "fit", "tcx", 0.01, 0)
	near("distance_m", "fit", "tcx", 0.01, 0)
	near("gps_distance_m", "fit", "tcx", 0.002, 1)
	near("gps_distance_m", "fit", "gpx", 0.002, 1)
	near("ascent_m", "fit", "tcx", 1, 0); near("ascent_m", "fit", "gpx", 1, 0)
	near("descent_m", "fit", "tcx", 1, 0); near("descent_m", "fit", "gpx", 1, 0)
	near("calf_load", "fit", "tcx", 0.01, 1)
	near("gap_pace_s_per_km", "fit", "tcx", 0.01, 1)
	if (v["fit", "sport"] != "running") { print "FAIL sport " v["fit", "sport"]; bad++ }
	if (v["fit", "device"] != "Garmin Forerunner 255") { print "FAIL device " v["fit", "device"]; bad++ }
	if (v["fit", "moving_s"] >= v["fit", "elapsed_s"]) { print "FAIL no pause in the run"; bad++ }
	if (v["fit", "points"] < 3000) { print "FAIL only " v["fit", "points"] " points"; bad++ }
	exit bad > 0
}' "$TMP/runs.csv" >"$TMP/cmp" && ok "FIT, GPX and TCX give the same summary (stated tolerances)" \
	|| { fail "the three formats disagree"; cat "$TMP/cmp"; }

# counted once, FIT kept
awk -F, 'NR > 1 { print $2, ($28 == "" ? "kept" : $28) }' "$TMP/runs.csv" | sort >"$TMP/dup"
printf '%s\n' "fit kept" "gpx $R/run.fit" "tcx $R/run.fit" >"$TMP/dup.want"
cmp -s "$TMP/dup" "$TMP/dup.want" && ok "counted once: the FIT copy kept, GPX and TCX its duplicates" \
	|| { fail "duplicates:"; cat "$TMP/dup"; }
O=$TMP/rep
"$RUNRISK" report --no-charts -o "$O" "$R" >"$TMP/out" 2>"$TMP/err"
rc=$?
grep -q '3 files: 1 parsed, 0 skipped, 2 duplicates' "$TMP/out" && ok "report: 2 duplicates (exit $rc)" \
	|| { fail "report count line: $(cat "$TMP/out") (exit $rc)"; cat "$TMP/err"; }
awk -F, 'NR > 1' "$O/runs.csv" | grep -c . | grep -qx 1 && ok "report: one run in runs.csv" \
	|| fail "runs.csv: $(cat "$O/runs.csv")"

# the same bytes through every input path
expected=$(awk -F, 'NR == 2 { $1 = ""; print }' "$TMP/runs.csv")
row_of() { awk -F, 'NR == 2 { $1 = ""; $28 = ""; print }'; }
want=$(awk -F, 'NR == 2 { $1 = ""; $28 = ""; print }' "$TMP/runs.csv")
gzip -n -c "$R/run.fit" >"$TMP/run.fit.gz"
cp "$R/run.fit" "$TMP/export.bin"
for how in gz stdin name; do
	case $how in
	gz)    got=$("$RUNRISK" runs "$TMP/run.fit.gz" 2>"$TMP/err" | row_of) ;;
	stdin) got=$("$RUNRISK" runs - <"$R/run.fit" 2>"$TMP/err" | row_of) ;;
	name)  got=$("$RUNRISK" runs "$TMP/export.bin" 2>"$TMP/err" | row_of) ;;
	esac
	[ -n "$got" ] && [ "$got" = "$want" ] && ok "FIT via $how: the same row" \
		|| { fail "FIT via $how: '$got'"; cat "$TMP/err"; }
done
[ -n "$expected" ] || fail "no FIT row"

# the cache: a warm run reads no file (the FIT is replaced by garbage of the
# same size and mtime) and still says format fit
C=$TMP/cached
mkdir -p "$C"
cp "$R/run.fit" "$C/watch.fit"
touch -d '2024-06-01 12:00:00' "$C/watch.fit"
"$RUNRISK" report --no-charts -o "$TMP/crep" "$C" >/dev/null 2>"$TMP/err"
cp "$TMP/crep/runs.csv" "$TMP/cold.csv"
head -c "$(wc -c <"$C/watch.fit")" /dev/zero | tr '\0' 'x' >"$TMP/garbage"
cat "$TMP/garbage" >"$C/watch.fit"
touch -d '2024-06-01 12:00:00' "$C/watch.fit"
"$RUNRISK" report --no-charts -o "$TMP/crep" "$C" >/dev/null 2>"$TMP/err"
if cmp -s "$TMP/cold.csv" "$TMP/crep/runs.csv" && [ ! -s "$TMP/err" ] &&
   awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "format") c = i } NR == 2 { exit $c != "fit" }' \
	"$TMP/crep/runs.csv"; then
	ok "cache: the warm run reads the FIT summary back, format fit"
else
	fail "cache: $(cat "$TMP/err")"; diff "$TMP/cold.csv" "$TMP/crep/runs.csv" | head -n 5
fi

# a FIT file that is not an activity (a settings file, written here with
# python3: header, file_id of type 2 at byte 14 + 9 = 23, CRCs) beside the run: listed as
# ignored with its reason, no error on stderr, exit 0 (a Garmin export
# holds many such files; a nightly run must stay quiet)
N=$TMP/notact
mkdir -p "$N"
cp "$R/run.fit" "$N/run.fit"
python3 - "$N/settings.fit" <<'PY'
import struct, sys
def crc16(data, crc=0):
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc
body = bytes([0x40, 0, 0]) + struct.pack("<HB", 0, 1) + bytes([0, 1, 0x00]) + bytes([0x00, 2])
head = struct.pack("<BBHI4s", 14, 0x20, 2140, len(body), b".FIT")
head += struct.pack("<H", crc16(head))
data = head + body
open(sys.argv[1], "wb").write(data + struct.pack("<H", crc16(data)))
PY
"$RUNRISK" report --no-charts -o "$TMP/nrep" "$N" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$TMP/err" ] && grep -q '2 files: 2 parsed, 0 skipped' "$TMP/out" &&
   grep -A 2 'Left out of the analysis' "$TMP/nrep/report.txt" | grep -q 'not an activity: a FIT settings file (file type 2)'; then
	ok "a non-activity FIT file: listed as ignored with its reason, quiet, exit 0"
else
	fail "non-activity FIT: exit $rc, stderr '$(cat "$TMP/err")', stdout '$(cat "$TMP/out")'"
fi
"$RUNRISK" runs "$N/settings.fit" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 3 ] && grep -q 'settings.fit:1:24: error: not an activity' "$TMP/err" &&
	ok "runs names the non-activity file with its byte (exit 3)" || fail "runs: exit $rc, $(cat "$TMP/err")"

# the Strava join: activities.csv names activities/5001.fit.gz
EX=$TMP/export
mkdir -p "$EX/activities"
gzip -n -c "$R/run.fit" >"$EX/activities/5001.fit.gz"
cat >"$EX/activities.csv" <<'CSV'
Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear,Filename
5001,"Jun 21, 2026, 5:31:20 AM",Long run,Run,3750,10.00,Pegasus 40,activities/5001.fit.gz
CSV
cat >"$EX/athlete.ini" <<'INI'
[athlete]
name = Fit Fiona
timezone = UTC

[shoe "Pegasus 40"]
INI
"$RUNRISK" report --no-charts -o "$TMP/srep" "$EX" >/dev/null 2>"$TMP/err"
grep -q '5001\.fit\.gz.*Pegasus 40' "$TMP/srep/runs.csv" && ok "Strava Filename join: the FIT run has its gear" \
	|| { fail "Strava join: $(cat "$TMP/srep/runs.csv" 2>/dev/null) $(cat "$TMP/err")"; }
awk -F, '$1 == "Pegasus 40" { print $2 "/" $3 }' "$TMP/srep/shoes.csv" | grep -qx '1/10' \
	&& ok "shoes.csv: Pegasus 40, 1 run, 10 km" || fail "shoes.csv: $(cat "$TMP/srep/shoes.csv")"
finish
