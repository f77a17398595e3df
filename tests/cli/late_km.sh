#!/bin/sh
# late_km.sh - athlete.ini's late_km and surface keywords reach the outputs
# (issues #16/#17).  One synthetic 10 km run at 3 m/s due north
# (tests/cli/gen_activity.py) climbing 100 m between km 4 and 5 (334 s at
# 0.3 m/s up), named "Playa hills":
#   late_km = 4 -> late_ascent_m ~100 in runs.csv (report and `runrisk runs`)
#   default 6   -> ~0
#   surface_soft = playa -> the week's 10.0 km are in the report's soft
#   column; by default ("playa" is no default keyword) they are road km.
. tests/cli/lib.sh
GEN="python3 tests/cli/gen_activity.py"
command -v python3 >/dev/null || skip "python3 not found"

A=$TMP/ana
mkdir -p "$A"
$GEN "$A/hill.gpx" 1709280000 --name "Playa hills" 1333:3 334:3:1:0.3 1667:3

# late ascent of the one run in a runs.csv: FILE -> metres, rounded
late() {
	python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(round(float(rows[0]["late_ascent_m"] or "nan")))
PY
}
near() { # WHAT GOT WANT: within 5 m
	if [ "$2" -ge $(($3 - 5)) ] 2>/dev/null && [ "$2" -le $(($3 + 5)) ]; then
		ok "$1: $2 m"
	else
		fail "$1: got $2 m, want $3 +- 5"
	fi
}

for case in default 4; do
	if [ $case = 4 ]; then
		printf '[athlete]\nname = Ana\ntimezone = UTC\nlate_km = 4\nsurface_soft = playa, arena\n' >"$A/athlete.ini"
		want=100 soft=yes
	else
		printf '[athlete]\nname = Ana\ntimezone = UTC\n' >"$A/athlete.ini"
		want=0 soft=no
	fi
	rm -rf "$TMP/o"
	"$RUNRISK" report --no-charts -o "$TMP/o" "$A" >/dev/null 2>"$TMP/err"
	rc=$?
	[ $rc -le 1 ] || { fail "late_km $case: report exit $rc: $(cat "$TMP/err")"; continue; }
	near "late_km $case: report runs.csv late_ascent_m" "$(late "$TMP/o/runs.csv")" $want
	"$RUNRISK" runs "$A" >"$TMP/runs.csv" 2>"$TMP/err" ||
		fail "late_km $case: runs exit $?: $(cat "$TMP/err")"
	near "late_km $case: runrisk runs late_ascent_m" "$(late "$TMP/runs.csv")" $want
	# the week's row: week of, km, runs, long, climb, late, fast, road, trail, soft, ...
	row=$(grep -E '^  2024-02-26' "$TMP/o/report.txt" | head -n 1)
	set -- $row
	if [ $soft = yes ]; then
		[ "$8" = "-" ] && [ "${10}" = "10.0" ] && ok "late_km $case: 10.0 km soft" ||
			fail "late_km $case: want road - and soft 10.0 in: $row"
	else
		[ "$8" = "10.0" ] && [ "${10}" = "-" ] && ok "late_km $case: 10.0 km road" ||
			fail "late_km $case: want road 10.0 and soft - in: $row"
	fi
	[ "$6" -ge $(($want - 5)) ] 2>/dev/null && [ "$6" -le $(($want + 5)) ] &&
		ok "late_km $case: the weeks table's late climb $6 m" ||
		fail "late_km $case: late climb in: $row"
done

# a bad late_km is a configuration error with its line
printf '[athlete]\nname = Ana\nlate_km = 4.5\n' >"$A/athlete.ini"
"$RUNRISK" runs "$A" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc = 2 ] && grep -q 'athlete.ini:3:.*late_km' "$TMP/err" &&
	ok "late_km = 4.5: exit 2, athlete.ini:3 named" || fail "late_km = 4.5: exit $rc: $(cat "$TMP/err")"
finish
