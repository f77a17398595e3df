#!/bin/sh
# findings.sh - reproduce the metric problems listed in doc/verify.md
# ("Known problems found"), printing for each what runrisk gives now and what
# it should give.  Informational: always exits 0 (not part of `make check`;
# once a problem is fixed, its line here can become a check in tests/cli/).
# Run from the repository root:   sh tests/mem/findings.sh
set -u
RUNRISK=${RUNRISK:-./runrisk}
CORPUS=${CORPUS:-../shared/corpus}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/runrisk-findings.XXXXXX") || exit 0
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" <<'PY'
import math, sys
out = sys.argv[1]
R = 6371008.8
HEAD = ('<?xml version="1.0"?>\n<gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n')
TAIL = '</trkseg></trk></gpx>\n'

def stamp(t):
    return f"2024-05-01T{6 + t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}Z"

def pt(lat, ele, ts):
    return f'<trkpt lat="{lat:.7f}" lon="14.5"><ele>{ele:.2f}</ele><time>{ts}</time></trkpt>\n'

# 4: one timestamp far ahead in a 30-minute run at 3 m/s, a point every 5 s.
dl = 15 / R * 180 / math.pi
pts = [pt(46 + dl * i, 300, stamp(5 * i)) for i in range(361)]
pts[10] = pt(46 + dl * 10, 300, "2024-05-01T07:30:00Z")
open(f"{out}/future.gpx", "w").write(HEAD + "".join(pts) + TAIL)

# 7: treadmill run without a foot pod: DistanceMeters 0.0 on every point.
def tcx(path, point_dist):
    tps = "".join(
        f"<Trackpoint><Time>{stamp(i)}</Time>"
        + (f"<DistanceMeters>{point_dist(i)}</DistanceMeters>" if point_dist else "")
        + "<HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>\n"
        for i in range(0, 1801, 5))
    open(path, "w").write(
        '<?xml version="1.0"?>\n<TrainingCenterDatabase xmlns="http://www.garmin.com/'
        'xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running">'
        '<Id>2024-05-01T06:00:00Z</Id><Lap StartTime="2024-05-01T06:00:00Z">'
        '<TotalTimeSeconds>1800</TotalTimeSeconds><DistanceMeters>0.0</DistanceMeters><Track>\n'
        + tps + "</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n")
tcx(f"{out}/treadmill_zero.tcx", lambda i: "0.0")
tcx(f"{out}/treadmill_none.tcx", None)

# 11: 8 % out-and-back hill at 3 m/s, sampled every 25 s and every 40 s.
for step in (25, 40):
    n = 1800 // step
    lines, ele = [], 300.0
    for i in range(n + 1):
        lines.append(pt(46 + 3 * step * i / R * 180 / math.pi, ele, stamp(step * i)))
        ele += (0.08 if i < n / 2 else -0.08) * 3 * step
    open(f"{out}/hill{step}.gpx", "w").write(HEAD + "".join(lines) + TAIL)
PY

# show FILE COLUMNS... : the named columns of FILE's rows, from the JSON output
show() {
	f=$1; shift
	"$RUNRISK" runs --format json "$f" 2>/dev/null | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print("    " + ", ".join(f"{k}={r[k]}" for k in sys.argv[1:]))
' "$@"
}
C=$CORPUS
echo "1. TCX lap boundaries (gps_distance_m; device 10010.7, all points 10012.4):"
show "$C/GoldenCheetah/test/runs/10kUNLP2014-Garmin15.tcx" gps_distance_m device_distance_m
echo "2. untimed points dropped (graphhopper: all 171 points give 7370.6 m):"
show "$C/gpxgo/test_files/graphhopper.gpx.gz" points dropped_points gps_distance_m
echo "3. pace from untimed distance (korita: ~970 s/km over its timed metres; cerknicko: 6.9 s/km is 145 m/s):"
show "$C/gpxpy/test_files/korita-zbevnica.gpx" moving_s distance_m gap_pace_s_per_km
show "$C/gpxpy/test_files/cerknicko-without-times.gpx" moving_s distance_m gap_pace_s_per_km
echo "4. one timestamp 1 h ahead (should be: 1 dropped, 5400 m, 1800 s):"
show "$WORK/future.gpx" dropped_points distance_m elapsed_s
echo "5. all-equal timestamps (all points: 2697.6 m):"
show "$C/gpxpy/test_files/Mojstrovka.gpx" dropped_points distance_m
echo "6. six tracks over 2.4 years as one activity:"
show "$C/gpsbabel/reference/track/mtk_logger_m241_multiple_tracks.gpx" start elapsed_s distance_m
echo "7. treadmill without foot pod (distance should be null, moving 1800 both times):"
show "$WORK/treadmill_zero.tcx" moving_s distance_m calf_load
show "$WORK/treadmill_none.tcx" moving_s distance_m calf_load
echo "8. paused watch that moved (device timer: 3856 s):"
show "$C/runpandas/runpandas/tests/io/data/samples/2020-12-13T07_25_55-300_Running.tcx" elapsed_s moving_s
echo "9. altimeter settling (a loop: ascent should be ~ descent ~ 100 m):"
show "$C/tcxreader/tcxreader/tests/data/cross-country-skiing_activity_1.tcx" ascent_m descent_m ascent_raw_m
echo "10. spikes without times (net climb 10 m; 2 position spikes):"
show "$C/gpxpy/test_files/track-with-extremes.gpx" gps_distance_m ascent_m
echo "11. 8 % hill sampled every 25 s, then every 40 s (should match):"
show "$WORK/hill25.gpx" gap_pace_s_per_km fast_s calf_load
show "$WORK/hill40.gpx" gap_pace_s_per_km fast_s calf_load
echo "12. fast_s of a ride faster than 8.3 m/s median:"
show "$C/gpsbabel/reference/track/history.tcx" moving_s fast_s
echo "13. one run, GPX and TCX (dedupe default: 3 % or 200 m):"
show "$C/runpandas/runpandas/tests/io/data/gpx/stopped_example.gpx" start distance_m gps_distance_m
show "$C/runpandas/runpandas/tests/io/data/tcx/stopped_example.tcx" start distance_m gps_distance_m
exit 0
