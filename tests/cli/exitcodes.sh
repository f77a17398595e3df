#!/bin/sh
# exitcodes.sh - `runrisk report` exit statuses, each in the case that
# should produce it (cmd/exitcode.h):
#   0 done, nothing new at or above the alert level
#   1 done, at least one new alert (wins over 3)
#   2 usage or configuration error
#   3 done, but some input could not be read (new since the last run)
#   4 internal: the output cannot be written
# and --quiet prints the new alerts only: nothing at all when there is none.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk
[ -d samples/ana ] || skip "skip: no samples/"
R() { "$RUNRISK" report --no-charts "$@"; }

# --- samples/: new alerts and a truncated file (1 wins over 3), then 3 alone
expect_rc 1 "samples, first run: new alerts (and an unreadable file)" R -o "$TMP/s" samples
grep -q 'error: gzip data is truncated' "$TMP/err" && ok "the unreadable file is named" ||
	fail "stderr: $(cat "$TMP/err")"
# The unreadable file was reported by the first run: known now, it no longer
# makes the status 3 (issue 14: mailed once, not every night; was 3 here),
# but it is still named on stderr and in the report.
expect_rc 0 "samples, second run: nothing new, the unreadable file already reported" \
	R -o "$TMP/s" samples
grep -q 'error: gzip data is truncated' "$TMP/err" && ok "the known bad file is still named" ||
	fail "stderr: $(cat "$TMP/err")"
grep -q '(1).gpx.gz' "$TMP/s/ana/report.txt" && ok "and listed in the report" ||
	fail "the known bad file is not in the report"
expect_rc 0 "samples, --quiet: still 0" R --quiet -o "$TMP/s" samples
[ ! -s "$TMP/out" ] && ok "--quiet: nothing on stdout" || fail "--quiet stdout: $(cat "$TMP/out")"
[ ! -s "$TMP/err" ] && ok "--quiet: the known bad file is not printed again" ||
	fail "--quiet stderr: $(cat "$TMP/err")"
# A changed bad file is new again: 3
cp -r samples/ana "$TMP/sa"
R -o "$TMP/sa-out" "$TMP/sa" >/dev/null 2>&1
expect_rc 0 "a copy of ana, second run: the bad file known" R -o "$TMP/sa-out" "$TMP/sa"
printf 'x' >>"$TMP/sa/14780513379 (1).gpx.gz"
expect_rc 3 "the bad file changed: new again (3)" R -o "$TMP/sa-out" "$TMP/sa"

# --- a clean athlete: 1, then 0
A=$TMP/ana
mkdir -p "$A"
for f in samples/ana/*; do case $f in *"(1)"*) ;; *) cp -p "$f" "$A/" ;; esac; done
expect_rc 1 "clean athlete, --quiet, first run: new alerts" R --quiet -o "$TMP/a" "$A"
nalert=$(awk -F, 'NR > 1 && $4 == "alert"' "$TMP/a/flags.csv" | wc -l)
nout=$(wc -l <"$TMP/out")
[ "$nout" -gt 0 ] && [ "$nout" -eq "$nalert" ] && ok "--quiet printed the $nalert alerts" ||
	fail "--quiet printed $nout lines for $nalert alerts"
grep -Ev '^ana [0-9]{4}-[0-9]{2}-[0-9]{2} alert [a-z_]+: ' "$TMP/out" >"$TMP/other"
[ ! -s "$TMP/other" ] && ok "--quiet: alert lines only" || fail "--quiet printed: $(cat "$TMP/other")"
[ ! -s "$TMP/err" ] && ok "--quiet: nothing on stderr" || fail "--quiet stderr: $(cat "$TMP/err")"
expect_rc 0 "clean athlete, --quiet, second run: nothing new" R --quiet -o "$TMP/a" "$A"
[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] && ok "--quiet, nothing new: no output at all" ||
	fail "--quiet output: $(cat "$TMP/out" "$TMP/err")"
expect_rc 0 "clean athlete, third run without --quiet" R -o "$TMP/a" "$A"
# never "0 new alerts" alone while alerts are active (issue #17)
nact=$(grep -c '^  ALERT  ' "$TMP/a/report.txt")
[ "$nact" -gt 0 ] || fail "the clean athlete has no active alert in report.txt"
grep -q "^runrisk: .* $nact active alerts\?, 0 new; report in " "$TMP/out" &&
	ok "the summary line says $nact active alerts, 0 new" || fail "summary line: $(cat "$TMP/out")"

# --- --quiet tells only what is new: one new long run, one new line
G=$TMP/calm
mkdir -p "$G"
t0=1704092400	# Monday 2024-01-01 07:00 UTC; 8 km on Mon, Wed, Fri, Sat for 6 weeks
w=0
while [ $w -lt 6 ]; do
	for d in 0 2 4 5; do
		echo "$G/w${w}d$d.gpx gpx $((t0 + (w * 7 + d) * 86400)) 8000 3 10 0 Run"
	done
	w=$((w + 1))
done | awk -f "$GEN"
expect_rc 0 "steady weeks: nothing to say" R --quiet -o "$TMP/g" "$G"
[ ! -s "$TMP/out" ] && ok "--quiet: silent" || fail "--quiet stdout: $(cat "$TMP/out")"
printf '[athlete]\nname = Calm\n' >"$TMP/good.ini"
expect_rc 0 "-c with a good athlete.ini" R -c "$TMP/good.ini" -o "$TMP/g1" "$G"
# 2 for a path that is not there, even next to good data: an unmounted
# archive must not become a report (contract changed by issue 14: was 3)
expect_rc 2 "a missing PATH next to good data" R -o "$TMP/g2" "$G" "$TMP/no-such-folder"
grep -q "no-such-folder: error:" "$TMP/err" && ok "the missing path is named" || fail "stderr: $(cat "$TMP/err")"
[ ! -e "$TMP/g2" ] && ok "nothing written for a missing PATH" || fail "$TMP/g2 was created"
echo "$G/long.gpx gpx $((t0 + 42 * 86400)) 20010 3 10 0 Long" | awk -f "$GEN"
expect_rc 1 "then a 20 km run (2.5 x the longest of 30 days)" R --quiet -o "$TMP/g" "$G"
[ "$(wc -l <"$TMP/out")" -eq 1 ] && grep -q '^calm 2024-02-12 alert long_run_spike: ' "$TMP/out" &&
	ok "--quiet printed that one alert: $(cut -c1-60 "$TMP/out")..." || fail "--quiet: $(cat "$TMP/out")"
expect_rc 0 "and again: nothing new" R --quiet -o "$TMP/g" "$G"
[ ! -s "$TMP/out" ] && ok "--quiet: silent again" || fail "--quiet stdout: $(cat "$TMP/out")"

# --- 2: usage and configuration errors; nothing is written
expect_rc 2 "unknown option" R --bogus -o "$TMP/u1" "$G"
expect_rc 2 "-j not a number" R -j many -o "$TMP/u2" "$G"
expect_rc 2 "--since not a date" R --since 2024-13-45 -o "$TMP/u3" "$G"
expect_rc 2 "no PATH" R -o "$TMP/u4"
B=$TMP/ben
mkdir -p "$B"
cp -p samples/ben/* "$B/"
printf '[athlete]\nname = Ben\nshoe_size = 44\n' >"$B/athlete.ini"
expect_rc 2 "an unknown key in athlete.ini" R -o "$TMP/u5" "$B"
grep -q "athlete.ini:3:[0-9]*: error: " "$TMP/err" && ok "the key is named with its line" ||
	fail "stderr: $(cat "$TMP/err")"
printf '[athlete]\nhr_max = 400\n' >"$B/athlete.ini"
expect_rc 2 "a value out of range in athlete.ini" R -o "$TMP/u6" "$B"
printf '[athlete]\nname = Ben\n[thresholds]\nweekly_jump_note = 99\n' >"$B/athlete.ini"
expect_rc 2 "a threshold out of range in athlete.ini" R -o "$TMP/u8" "$B"
grep -q "athlete.ini: error: \[thresholds\]: weekly_jump_note must be within" "$TMP/err" &&
	ok "the threshold is named" || fail "stderr: $(cat "$TMP/err")"
"$RUNRISK" runs "$B" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] && grep -q "weekly_jump_note must be within" "$TMP/err" &&
	ok "runs rejects the same athlete.ini (exit 2), as report does" ||
	fail "runs with a bad threshold: exit $rc, stderr: $(cat "$TMP/err")"
printf '[athlete]\ntimezone = Mars/Olympus\n' >"$TMP/bad.ini"
expect_rc 2 "-c with an unknown time zone" R -c "$TMP/bad.ini" -o "$TMP/u7" "$G"
for u in u1 u2 u3 u4 u5 u6 u7 u8; do
	[ -e "$TMP/$u/report.txt" ] && fail "$u: a report was written after a usage error"
done
ok "no report written after a usage or configuration error"

# --- 4: the output cannot be written
: >"$TMP/a-file"
expect_rc 4 "OUTDIR is a regular file" R -o "$TMP/a-file" "$G"
finish
