#!/bin/sh
# late_km.sh - athlete.ini's late_km and surface keywords reach the outputs
# (issues #16/#17).  One synthetic 10 km run at 3 m/s due north
# (tests/cli/gen_activity.py) climbing 100 m between km 4 and 5 (334 s at
# 0.3 m/s up), named "Playa hills":
#   late_km = 4 -> late_ascent_m ~100 in runs.csv (report and `runrisk runs`)
#   default 6   -> ~0
#   surface_soft = playa -> the week's 10.0 km are in the report's soft
#   column; by default ("playa" is no default keyword) they are road km.
# weeks.csv carries the same: late_ascent_m and road_m/soft_m (all of
# the run's ~10 km), and runs.csv's surface column (report and `runrisk
# runs`) says soft/road.
# Then on samples/: every week of weeks.csv holds the sums of its runs in
# runs.csv (late climb; metres by surface, which add up to distance_m).
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
# col CSV ROW COLUMN: a cell by header name (ROW 0: the first data row),
# numbers rounded to whole units
col() {
	python3 - "$@" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
v = rows[int(sys.argv[2])][sys.argv[3]]
try:
    print(round(float(v)))
except ValueError:
    print(v)
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
	surface=road
	[ $soft = yes ] && surface=soft
	col "$TMP/o/runs.csv" 0 surface >"$TMP/s1"
	col "$TMP/runs.csv" 0 surface >"$TMP/s2"
	[ "$(cat "$TMP/s1")" = $surface ] && [ "$(cat "$TMP/s2")" = $surface ] &&
		ok "late_km $case: runs.csv and runs: surface $surface" ||
		fail "late_km $case: surface $(cat "$TMP/s1") / $(cat "$TMP/s2"), want $surface"
	near "late_km $case: weeks.csv late_ascent_m" \
		"$(col "$TMP/o/weeks.csv" 0 late_ascent_m)" $want
	km=$(col "$TMP/o/runs.csv" 0 distance_m)
	[ "$(col "$TMP/o/weeks.csv" 0 ${surface}_m)" = "$km" ] && [ "$km" -gt 9900 ] &&
		ok "late_km $case: weeks.csv ${surface}_m $km, the run's distance" ||
		fail "late_km $case: weeks.csv ${surface}_m $(col "$TMP/o/weeks.csv" 0 ${surface}_m), want $km"
done

# samples/: each week of weeks.csv sums its runs of runs.csv, computed once
# in analysis (render/ only writes them)
if [ -d samples/ana ]; then
	rm -rf "$TMP/smp"
	"$RUNRISK" report --no-charts -o "$TMP/smp" samples >/dev/null 2>&1
	if python3 - "$TMP/smp" <<'PY'
import csv, datetime, glob, os, sys
bad = n = 0
for wpath in sorted(glob.glob(os.path.join(sys.argv[1], "*", "weeks.csv"))):
    runs = list(csv.DictReader(open(os.path.join(os.path.dirname(wpath), "runs.csv"))))
    for w in csv.DictReader(open(wpath)):
        start = datetime.date.fromisoformat(w["week_start"])
        inw = [r for r in runs
               if 0 <= (datetime.date.fromisoformat(r["local_date"]) - start).days < 7]
        late = [float(r["late_ascent_m"]) for r in inw if r["late_ascent_m"]]
        want = {"late_ascent_m": sum(late) if late else None}
        for s in ("road", "trail", "soft", "track", "indoor"):
            want[s + "_m"] = sum(float(r["distance_m"]) for r in inw
                                 if r["surface"] == s and r["distance_m"])
        for k, v in want.items():
            got = float(w[k]) if w[k] else None
            n += 1
            if (got is None) != (v is None) or (v is not None and abs(got - v) > 0.1 * len(inw) + 0.05):
                print(wpath, w["week_start"], k, "got", w[k], "want", v); bad += 1
        total = sum(float(w[s + "_m"]) for s in ("road", "trail", "soft", "track", "indoor"))
        if w["distance_m"] and abs(total - float(w["distance_m"])) > 0.5:
            print(wpath, w["week_start"], "surfaces", total, "distance", w["distance_m"]); bad += 1
print("%d week cells checked" % n)
sys.exit(1 if bad or not n else 0)
PY
	then ok "samples: weeks.csv late climb and km by surface are the runs' sums"
	else fail "samples: weeks.csv and runs.csv disagree"
	fi
fi

# a bad late_km is a configuration error with its line
printf '[athlete]\nname = Ana\nlate_km = 4.5\n' >"$A/athlete.ini"
"$RUNRISK" runs "$A" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc = 2 ] && grep -q 'athlete.ini:3:.*late_km' "$TMP/err" &&
	ok "late_km = 4.5: exit 2, athlete.ini:3 named" || fail "late_km = 4.5: exit $rc: $(cat "$TMP/err")"
finish
