#!/bin/sh
# archive_strava.sh - a Strava bulk-export folder (activities.csv with its
# real header: repeated Distance and Elapsed Time columns, a quoted date
# with commas, a quoted description with a comma, doubled quotes and a
# newline; activities/<id>.gpx.gz) gives each shoe the kilometres of the
# runs whose Activity Gear names it (athlete.ini declares the shoes).
# Hand-computed: the runs go due north at 3 m/s with a point every 10 s,
# so each is exactly its planned distance (tests/cli/archive_gen.awk).
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk

EX=$TMP/export
mkdir -p "$EX/activities"
# 2024-03-04 (a Monday) 07:00 UTC, one run a day.
t0=1709535600
{
	echo "$EX/activities/1001.gpx $((t0)) 6000"
	echo "$EX/activities/1002.gpx $((t0 + 86400)) 7500"
	echo "$EX/activities/1003.gpx $((t0 + 2 * 86400)) 9000"
	echo "$EX/activities/1004.gpx $((t0 + 3 * 86400)) 6000"
	echo "$EX/activities/1005.gpx $((t0 + 4 * 86400)) 12000"
} | awk '{ print $1, "gpx", $2, $3, 3, 10, 150, "Run" }' | awk -f "$GEN"
gzip -n "$EX/activities/1001.gpx" "$EX/activities/1002.gpx" "$EX/activities/1003.gpx" \
	"$EX/activities/1004.gpx"
# 1005 stays unpacked although the CSV names 1005.gpx.gz (a re-packed export still joins).

# The header of a real export (abridged), plus a second Activity Gear column:
# a repeated name takes the first column, so that one must never be used.
cat >"$EX/activities.csv" <<'CSV'
Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Activity Gear
1001,"Mar 4, 2024, 7:00:00 AM",Morning Run,Run,,2000,6.00,150,20,false,,"Brooks Ghost 15, red",activities/1001.gpx.gz,,,2000.0,2000.0,6000.0,3.0,Old Trainers
1002,"Mar 5, 2024, 7:00:00 AM",Easy,Run,"Felt good, legs ""fresh""
and a second line",2500,7.50,150,25,false,,"Brooks Ghost 15, red",activities/1002.gpx.gz,,,2500.0,2500.0,7500.0,3.0,Old Trainers
1003,"Mar 6, 2024, 7:00:00 AM",Steady,Run,,3000,9.00,150,30,false,,"Brooks Ghost 15, red",activities/1003.gpx.gz,,,3000.0,3000.0,9000.0,3.0,Old Trainers
1004,"Mar 7, 2024, 7:00:00 AM",Short,Run,,2000,6.00,150,20,false,,Saucony Kinvara 14,activities/1004.gpx.gz,,,2000.0,2000.0,6000.0,3.0,Old Trainers
1005,"Mar 8, 2024, 7:00:00 AM",Longer,Run,,4000,12.00,150,40,false,,Saucony Kinvara 14,activities/1005.gpx.gz,,,4000.0,4000.0,12000.0,3.0,Old Trainers
1006,"Mar 9, 2024, 9:00:00 AM","Gym, legs",Workout,manual entry,3600,0,,,false,,,,,,3600.0,3600.0,0,,
CSV

cat >"$EX/athlete.ini" <<'INI'
[athlete]
name = Strava Sam
timezone = UTC

[shoe "Brooks Ghost 15, red"]
start_km = 100

[shoe "Saucony Kinvara 14"]

[shoe "Old Trainers"]
start_km = 500
INI

"$RUNRISK" report --no-charts -o "$TMP/rep" "$EX" >"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
case $rc in
0 | 1) ok "report on a Strava export (exit $rc)" ;;
*) fail "report on a Strava export: exit $rc"; sed 's/^/    stderr: /' "$TMP/stderr" ;;
esac
grep -q 'warning\|error' "$TMP/stderr" && fail "diagnostics: $(cat "$TMP/stderr")" || ok "no diagnostics"
# five activity files and the CSV; the manual entry has no file
grep -q '^runrisk: 6 files: 6 parsed, 0 skipped, 0 duplicates;' "$TMP/stdout" &&
	ok "count line" || fail "count line: $(cat "$TMP/stdout")"

shoes=$TMP/rep/shoes.csv
if [ -f "$shoes" ]; then
	# shoe,runs,km,...: the first Activity Gear column decides, blanks and case aside
	km_of() { awk -F, -v s="$1" 'NR > 1 { n = split($0, f, ","); name = $1; i = 2
		if (substr(name, 1, 1) == "\"") { name = $1 "," $2; i = 3 }
		gsub(/"/, "", name); if (name == s) print f[i] "/" f[i + 1] }' "$shoes"; }
	got=$(km_of "Brooks Ghost 15, red")
	[ "$got" = "3/122.5" ] && ok "Ghost: 3 runs, 100 + 6 + 7.5 + 9 = 122.5 km" ||
		fail "Ghost: runs/km '$got', wanted 3/122.5; shoes.csv: $(cat "$shoes")"
	got=$(km_of "Saucony Kinvara 14")
	[ "$got" = "2/18" ] && ok "Kinvara (unpacked 1005.gpx joins 1005.gpx.gz): 2 runs, 18 km" ||
		fail "Kinvara: runs/km '$got', wanted 2/18; shoes.csv: $(cat "$shoes")"
	got=$(km_of "Old Trainers")
	case $got in "" | 0/500) ok "the repeated Activity Gear column is not used" ;;
	*) fail "Old Trainers got runs: '$got' (the second Activity Gear column was used)" ;;
	esac
else
	fail "no $shoes"
fi
runs=$TMP/rep/runs.csv
if [ -f "$runs" ]; then
	n=$(grep -c 'activities/100[1-5]\.gpx' "$runs")
	[ "$n" -eq 5 ] && ok "runs.csv: five runs" || fail "runs.csv: $n runs, wanted 5"
	grep 'activities/1002\.gpx\.gz' "$runs" | grep -q '"Brooks Ghost 15, red"' &&
		ok "runs.csv: gear after the multi-line quoted description" ||
		fail "runs.csv row of 1002: $(grep 1002 "$runs")"
else
	fail "no $runs"
fi
finish
