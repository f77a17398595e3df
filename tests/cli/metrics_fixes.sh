#!/bin/sh
# metrics_fixes.sh - the number fixes of issue 13, each on a file whose
# values are known by construction (tests/fixtures/issue13/, hand-written
# in the shape of Runalyze's test files, which carry no licence; and
# tests/cli/gen_activity.py) and on the real corpus where it shows them.
# The rules are named in doc/metrics.md.
. tests/cli/lib.sh
F=tests/fixtures/issue13
GEN="python3 tests/cli/gen_activity.py"
command -v python3 >/dev/null || skip "python3 not found"

# field FILE ROW COLUMN: one value of `runrisk runs` (ROW from 1)
field() {
	"$RUNRISK" runs --format csv "$1" 2>/dev/null | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
r, c = int(sys.argv[1]), sys.argv[2]
print(rows[r - 1][c] if len(rows) >= r else "missing")' "$2" "$3"
}
want() { # DESCRIPTION GOT WANTED
	[ "$2" = "$3" ] && ok "$1: $2" || fail "$1: $2, wanted $3"
}

# Lap totals must agree with the points: First-point-empty.tcx's shape, a lap
# of 18 700 m in 5 400 s, an empty first point, then 142 points 1 s apart at
# 3 m/s: 141 steps x 3 m = 423 m.  The laps' 5 400 s are more than
# 1.5 x 142 s + 60 s: their distance is not this recording's.
want "first-point-empty: distance_m (GPS, not the lap's 18 700)" "$(field $F/first-point-empty.tcx 1 distance_m)" 423
want "first-point-empty: device_distance_m unknown" "$(field $F/first-point-empty.tcx 1 device_distance_m)" ""
want "first-point-empty: elapsed_s" "$(field $F/first-point-empty.tcx 1 elapsed_s)" 142

# Device distance counts from zero: Multiple-Trainings.tcx's shape, two
# activities whose first point already says 16.0 m and 12.5 m.
want "multiple-trainings #1: 16.0 + 200 x 3 m" "$(field $F/multiple-trainings.tcx 1 device_distance_m)" 616
want "multiple-trainings #2: 12.5 + 100 x 2.5 m" "$(field $F/multiple-trainings.tcx 2 device_distance_m)" 262.5

# An HR-only indoor file sampled at 60, 120, 10 and 410 s: nothing shows a
# stop, so all 600 s move; HR time-weighted:
# (60 x 125 + 120 x 135 + 10 x 140.5 + 410 x 145.5) / 600 = 141.27
want "HR-only sparse: moving_s" "$(field $F/hr-only-sparse.tcx 1 moving_s)" 600
want "HR-only sparse: hr_avg" "$(field $F/hr-only-sparse.tcx 1 hr_avg)" 141.3

# SportTracks' / SpoQ's file-level heart-rate track (Runalyze's SpoQ.gpx
# shape): <extensions><st:activity><st:heartRateTrack> before the track,
# samples at 0, 10, 20, 30 s (100, 120, 140, 160 bpm); points at 0, 10, 20,
# 30, 45 s (the last one 15 s after the last sample: no heart rate).
# hr_avg = (10 x 110 + 10 x 130 + 10 x 150 + 15 x 160) / 45 = 140.
want "heartRateTrack: hr_avg" "$(field $F/sporttracks-hrtrack.gpx 1 hr_avg)" 140
want "heartRateTrack: hr_max" "$(field $F/sporttracks-hrtrack.gpx 1 hr_max)" 160

# Shuttle: 10 x (40 m out at 4 m/s, 40 m back), 1 s points, no stop:
# 200 s and 800 m, all moving (before: 162 s and 661.8 m).
segs=""
i=0
while [ $i -lt 10 ]; do segs="$segs 10:4 10:-4"; i=$((i + 1)); done
$GEN "$TMP/shuttle.gpx" 1709280000 --type running $segs
want "shuttle: moving_s" "$(field "$TMP/shuttle.gpx" 1 moving_s)" 200
want "shuttle: distance_m" "$(field "$TMP/shuttle.gpx" 1 distance_m)" 800

# Steep hiking: 20 min at 0.35 m/s across and 0.15 m/s up (540 m/h): all
# moving (before: 0 s), 420 m of ground.
$GEN "$TMP/hike.gpx" 1709280000 --type hiking 1200:0.35:1:0.15
want "steep hike: moving_s" "$(field "$TMP/hike.gpx" 1 moving_s)" 1200
want "steep hike: distance_m" "$(field "$TMP/hike.gpx" 1 distance_m)" 420

# Control: 10 min standing with up to 1.5 m of jitter between two 5 min
# runs stays a stop (neither turnaround nor climb): moving 600 s plus the
# stop's edges, well under 900.
$GEN "$TMP/jitter.gpx" 1709280000 --type running 300:3 jitter:600:1.5 300:3
m=$(field "$TMP/jitter.gpx" 1 moving_s)
[ "$m" -ge 600 ] && [ "$m" -le 620 ] && ok "standing jitter is still a stop: moving_s $m of 1200" ||
	fail "jitter: moving_s $m, wanted 600..620"

# The corpus
if have_corpus; then
	f=$CORPUS/runpandas/runpandas/tests/io/data/tcx/run_garmin.tcx
	# Forerunner 620 shuttle session: laps' timer 390 + 372 + 54 = 816 s,
	# device 2 153.7 m; was 766 s moving and 2 051.2 m of GPS
	want "run_garmin.tcx moving_s (laps' timer 816)" "$(field "$f" 1 moving_s)" 823
	want "run_garmin.tcx gps_distance_m (device 2153.7)" "$(field "$f" 1 gps_distance_m)" 2132.7
	f=$CORPUS/python-tcxparser/tests/files/sup_activity_1.tcx
	# laps 1000 + 157.51; the first point says 0.75 m (was dropped: 1156.8)
	want "sup_activity_1.tcx device_distance_m = laps' sum" "$(field "$f" 1 device_distance_m)" 1157.5
	f=$CORPUS/georust-gpx/tests/fixtures/garmin_with_extensions.gpx
	# GPSMAP 64s, a 10-hour mountain hike with 1 070 m of climb: 14 389 s before
	want "garmin_with_extensions.gpx (10 h hike) moving_s" "$(field "$f" 1 moving_s)" 15574
else
	ok "corpus checks skipped: $CORPUS absent"
fi
finish
