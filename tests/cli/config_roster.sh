#!/bin/sh
# config_roster.sh - one athlete's bad file does not stop the roster (issue 14):
#  - a malformed athlete.ini (ana) and a malformed pain.csv (ben): their
#    sections say what is wrong (file:line), every athlete is reported, exit 2;
#  - threshold levels that contradict each other (alert below warn) are
#    refused with file:line;
#  - a 60-byte shoe name (libinih cuts section names at 49 bytes) stays one
#    shoe, with its full name.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk
R() { "$RUNRISK" report --no-charts "$@"; }
t0=1767225600
mkruns() { for i in 0 2 4 6 8; do
	echo "$1/r$i.gpx gpx $((t0 + i * 86400)) $2 3 10 0 Run_$3" | awk -f "$GEN"; done; }

ROS=$TMP/ros
mkdir -p "$ROS/ana" "$ROS/ben" "$ROS/cid"
mkruns "$ROS/ana" 6000 a
mkruns "$ROS/ben" 5000 b
mkruns "$ROS/cid" 4000 c
printf '[athlete]\nname = Ana\nthis line is not ini\n' >"$ROS/ana/athlete.ini"
printf '[athlete]\nname = Ben\n' >"$ROS/ben/athlete.ini"
printf 'date,side,severity,note\n2026-01-02,left,3,ok\n2026-13-45,left,3,bad date\n' >"$ROS/ben/pain.csv"
printf '[athlete]\nname = Cid\n' >"$ROS/cid/athlete.ini"
expect_rc 2 "a roster with two bad configuration files" R -o "$TMP/o" "$ROS"
for n in ana ben cid; do
	[ -f "$TMP/o/$n/report.txt" ] && ok "$n reported" || fail "$n not reported"
done
grep -q 'CONFIGURATION ERROR' "$TMP/o/ana/report.txt" &&
	grep -q "ana/athlete.ini:3: " "$TMP/o/ana/report.txt" &&
	ok "ana's section names athlete.ini:3" || fail "ana: $(grep -A3 CONFIG "$TMP/o/ana/report.txt")"
grep -q "ben/pain.csv:3: " "$TMP/o/ben/report.txt" && ok "ben's section names pain.csv:3" ||
	fail "ben: $(grep -A3 CONFIG "$TMP/o/ben/report.txt")"
grep -q 'CONFIGURATION ERROR' "$TMP/o/cid/report.txt" && fail "cid blamed for others' files" ||
	ok "cid's section is clean"
grep -q 'Files: 5 read, 5 parsed' "$TMP/o/ana/report.txt" && ok "ana's runs still counted" ||
	fail "ana's runs: $(grep Files: "$TMP/o/ana/report.txt")"
grep -q 'athlete.ini:3' "$TMP/err" && ok "stderr names athlete.ini:3" || fail "stderr: $(cat "$TMP/err")"
# -c CONFIG is every athlete's: a bad one still stops the run
expect_rc 2 "a bad -c CONFIG" R -c "$ROS/ana/athlete.ini" -o "$TMP/o2" "$ROS"
[ ! -f "$TMP/o2/report.txt" ] && ok "nothing written for a bad -c CONFIG" || fail "report written"

# --- contradicting thresholds
A=$TMP/one
mkdir -p "$A"
mkruns "$A" 6000 x
printf '[athlete]\nname = One\n\n[thresholds]\nacwr_warn = 1.4\nacwr_alert = 1.2\n' >"$A/athlete.ini"
expect_rc 2 "acwr_alert below acwr_warn" R -o "$TMP/t" "$A"
grep -q 'athlete.ini:6:.*acwr_alert = 1.2 contradicts acwr_warn = 1.4' "$TMP/err" &&
	ok "refused with file:line and both values" || fail "stderr: $(cat "$TMP/err")"
printf '[athlete]\nname = One\n\n[thresholds]\nlong_run_spike_warn = 1.5\n' >"$A/athlete.ini"
expect_rc 2 "long_run_spike_warn above the default alert (1.0)" R -o "$TMP/t" "$A"
grep -q 'athlete.ini:5:.*long_run_spike_warn = 1.5 contradicts long_run_spike_alert = 1' "$TMP/err" &&
	ok "checked against the default in force" || fail "stderr: $(cat "$TMP/err")"
printf '[athlete]\nname = One\n\n[thresholds]\nacwr_warn = 1.4\nacwr_alert = 1.4\n' >"$A/athlete.ini"
expect_rc 0 "equal warn and alert are allowed" R -o "$TMP/t" "$A"

# --- a 60-byte shoe name
S=$TMP/shoe
mkdir -p "$S"
mkruns "$S" 6000 longshoe
name=$(printf 'Ultra Long Trail Shoe Name That Goes On And On Edition 2026X')
[ ${#name} -eq 60 ] || fail "test setup: name is ${#name} bytes"
printf '[athlete]\nname = Shoe\n\n[shoe "%s"]\nfirst_use = 2025-12-01\nkeyword = longshoe\nstart_km = 12\n' \
	"$name" >"$S/athlete.ini"
expect_rc 0 "a 60-byte shoe name" R -o "$TMP/s" "$S"
n=$(awk 'NR > 1' "$TMP/s/shoes.csv" | wc -l)
[ "$n" -eq 1 ] && ok "one shoe, not two" || fail "$n shoes: $(cat "$TMP/s/shoes.csv")"
grep -q "^$name,5,42" "$TMP/s/shoes.csv" && ok "full name, its 5 runs and start_km" ||
	fail "shoes.csv: $(cat "$TMP/s/shoes.csv")"
long=$(printf '%070d' 0)
printf '[athlete]\nname = Shoe\n\n[shoe "%s"]\nkeyword = longshoe\n' "$long" >"$S/athlete.ini"
expect_rc 2 "a 70-byte shoe name is refused" R -o "$TMP/s" "$S"
grep -q 'athlete.ini:4:.*longer than 63 bytes' "$TMP/err" && ok "clearly, with its line" ||
	fail "stderr: $(cat "$TMP/err")"
finish
