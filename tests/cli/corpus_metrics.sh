#!/bin/sh
# Invariants of the per-run metrics on every activity of the real corpus, and
# the pause rules on real and hand-written multi-segment tracks:
#  - ascent_m <= ascent_raw_m (smoothing only removes climb);
#  - 0 <= moving_s <= elapsed_s; distances >= 0; dropped_points <= points;
#    hr_avg <= hr_max; distance_m is the device distance when the file has a
#    positive one, else the GPS one; climb_per_km = ascent_m / distance_km;
#  - a gap between track segments is a pause: moving_s <= elapsed_s - gaps;
#  - the same file read from stdin ('-') gives the same row as by path;
#  - the points of each file's activities add up to the corpus MANIFEST's
#    count (pts = <trkpt>/<Trackpoint>, plus rte = <rtept>), counted by the
#    corpus' curator, not by us.
. tests/cli/lib.sh
have_corpus || skip "corpus not found at $CORPUS: skipped"

"$RUNRISK" runs --format json "$CORPUS" >"$TMP/all.json" 2>"$TMP/all.err"
rc=$?
[ "$rc" -eq 3 ] && ok "corpus sweep exits 3 (some corpus files are not GPX/TCX)" || fail "corpus sweep exit $rc"

python3 - "$TMP/all.json" "$CORPUS" <<'PY' || fails=$((fails + 1))
import json, os, re, sys
rows = json.load(open(sys.argv[1]))
corpus = sys.argv[2]
bad = 0
checked = {k: 0 for k in ("climb", "time", "dist", "points", "hr", "choice", "cpk")}

def fail(r, msg):
    global bad
    bad += 1
    print(f"FAIL {r['file']} (start {r['start']}, {r['points']} points): {msg}")

def known(*v):
    return all(x is not None for x in v)

for r in rows:
    a, araw = r["ascent_m"], r["ascent_raw_m"]
    if known(a, araw):
        checked["climb"] += 1
        if not a <= araw:
            fail(r, f"ascent_m {a} > ascent_raw_m {araw}")
    if known(r["descent_m"]) and not r["descent_m"] >= 0:
        fail(r, f"descent_m {r['descent_m']} < 0")
    if known(a) and not a >= 0:
        fail(r, f"ascent_m {a} < 0")
    el, mv = r["elapsed_s"], r["moving_s"]
    if known(el):
        checked["time"] += 1
        if not el >= 0:
            fail(r, f"elapsed_s {el} < 0")
        if not known(mv):
            fail(r, "elapsed_s known but moving_s null")
        elif not 0 <= mv <= el:
            fail(r, f"moving_s {mv} not within 0..elapsed_s {el}")
        if not known(r["start"]):
            fail(r, "elapsed_s known but start null")
    elif known(mv):
        fail(r, f"moving_s {mv} without elapsed_s")
    for k in ("distance_m", "gps_distance_m", "device_distance_m"):
        if known(r[k]):
            checked["dist"] += 1
            if not r[k] >= 0:
                fail(r, f"{k} {r[k]} < 0")
    checked["points"] += 1
    if not 0 <= r["dropped_points"] <= r["points"]:
        fail(r, f"dropped_points {r['dropped_points']} > points {r['points']}")
    if known(r["hr_avg"], r["hr_max"]):
        checked["hr"] += 1
        if not r["hr_avg"] <= r["hr_max"]:
            fail(r, f"hr_avg {r['hr_avg']} > hr_max {r['hr_max']}")
    dev, gps, d = r["device_distance_m"], r["gps_distance_m"], r["distance_m"]
    want = dev if known(dev) and (dev > 0 or not known(gps)) else gps
    checked["choice"] += 1
    if want != d:
        fail(r, f"distance_m {d}, but device {dev} / gps {gps} make it {want}")
    if known(r["climb_per_km"]):
        checked["cpk"] += 1
        if not known(a, d) or d <= 0:
            fail(r, f"climb_per_km {r['climb_per_km']} without ascent and distance")
        else:
            # Both are printed rounded to 0.1: allow for that.
            lo = max(a - 0.05, 0) / ((d + 0.05) / 1000)
            hi = (a + 0.05) / (max(d - 0.05, 1e-9) / 1000)
            if not lo - 0.05 <= r["climb_per_km"] <= hi + 0.05:
                fail(r, f"climb_per_km {r['climb_per_km']} but ascent {a} m over {d} m")
print(f"ok   {len(rows)} activities; checked climb {checked['climb']}, times {checked['time']}, "
      f"distances {checked['dist']}, points {checked['points']}, HR {checked['hr']}, "
      f"distance choice {checked['choice']}, climb/km {checked['cpk']}" + (f"; {bad} violations" if bad else ""))

# Point counts against MANIFEST.md.
man_path = os.path.join(corpus, "MANIFEST.md")
if os.path.exists(man_path):
    want = {}
    for m in re.finditer(r"^\| `([^`]+)` \| `[0-9a-f]+` \| \d+ \| (?:gpx|tcx); pts=(\d+)(?: rte=(\d+))?",
                         open(man_path, encoding="utf-8").read(), re.M):
        want[m.group(1)] = int(m.group(2)) + int(m.group(3) or 0)
    got = {}
    for r in rows:
        rel = os.path.relpath(r["file"], corpus)
        got[rel] = got.get(rel, 0) + r["points"]
    n = 0
    for rel, w in sorted(want.items()):
        if rel not in got:
            continue            # a file that fails to parse (malformed.tcx): corpus.sh checks those
        n += 1
        if got[rel] != w:
            bad += 1
            print(f"FAIL {rel}: {got[rel]} points in its rows, MANIFEST counts {w}")
    print(f"ok   points of {n} files agree with MANIFEST.md" if n >= 100 else
          f"FAIL only {n} files matched MANIFEST.md entries")
    bad += n < 100
else:
    print(f"ok   (no {man_path}: point counts not compared)")
sys.exit(1 if bad else 0)
PY

# Pauses between segments.  A real file: gpsbabel's Forerunner 10 track has
# 7 segments; the gaps between them (computed here from the file) are pauses.
# A written file: two 5-minute segments at 3 m/s, 10 minutes apart; and the
# same run as one segment with a 10-minute hole (auto-pause) and with 10
# minutes standing still (points every 5 s, no movement).
python3 - "$TMP" <<'PY'
import sys
out = sys.argv[1]
def pt(i, t, lat):
    return (f'<trkpt lat="{lat:.6f}" lon="14.500000"><ele>300</ele>'
            f'<time>2024-05-01T{t // 3600 + 6:02d}:{t // 60 % 60:02d}:{t % 60:02d}Z</time></trkpt>\n')
# 3 m/s north, a point every 5 s: 15 m = 1.349e-4 deg of latitude (R = 6 371 008.8 m).
dlat = 15 / 6371008.8 * 180 / 3.141592653589793
def seg(t0, n, lat0):
    return "".join(pt(i, t0 + 5 * i, lat0 + dlat * i) for i in range(n)), lat0 + dlat * (n - 1)
head = '<?xml version="1.0"?>\n<gpx version="1.1" creator="runrisk test" xmlns="http://www.topografix.com/GPX/1/1"><trk>'
a, lat = seg(0, 61, 46.0)                 # 0..300 s
b, _ = seg(900, 61, lat + dlat)           # 900..1200 s, one step on from where it stopped
open(f"{out}/twoseg.gpx", "w").write(head + "<trkseg>\n" + a + "</trkseg><trkseg>\n" + b + "</trkseg></trk></gpx>\n")
open(f"{out}/hole.gpx", "w").write(head + "<trkseg>\n" + a + b + "</trkseg></trk></gpx>\n")
still = "".join(pt(0, 305 + 5 * i, lat) for i in range(119))   # 305..895 s, standing
open(f"{out}/still.gpx", "w").write(head + "<trkseg>\n" + a + still + b + "</trkseg></trk></gpx>\n")
PY
FR10=$CORPUS/gpsbabel/reference/track/garmin-forerunner-10-output.gpx
"$RUNRISK" runs --format json "$FR10" "$TMP/twoseg.gpx" "$TMP/hole.gpx" "$TMP/still.gpx" \
	>"$TMP/pause.json" 2>"$TMP/pause.err" || fail "pause files: exit $?"
python3 - "$FR10" "$TMP/pause.json" <<'PY' || fails=$((fails + 1))
import json, re, sys
from datetime import datetime
fr10, out = sys.argv[1:3]
rows = {r["file"].rsplit("/", 1)[-1]: r for r in json.load(open(out))}
bad = 0
def check(cond, msg):
    global bad
    print(("ok   " if cond else "FAIL ") + msg)
    bad += not cond

text = open(fr10).read()
segs = [[datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()
         for t in re.findall(r"<time>([^<]+)</time>", s)]
        for s in re.findall(r"<trkseg>(.*?)</trkseg>", text, re.S)]
segs = [s for s in segs if s]
gaps = sum(b[0] - a[-1] for a, b in zip(segs, segs[1:]))
elapsed = segs[-1][-1] - segs[0][0]
r = rows["garmin-forerunner-10-output.gpx"]
check(len(segs) == 7, f"Forerunner 10 file: {len(segs)} timed segments (7 expected)")
check(r["elapsed_s"] == elapsed, f"Forerunner 10: elapsed_s {r['elapsed_s']} = {elapsed:.0f}")
check(r["moving_s"] is not None and r["moving_s"] <= elapsed - gaps,
      f"Forerunner 10: moving_s {r['moving_s']} <= elapsed - {gaps:.0f} s of gaps between segments")

for name, what in (("twoseg.gpx", "two segments 10 min apart"),
                   ("hole.gpx", "one segment with a 10-minute hole"),
                   ("still.gpx", "10 minutes standing still")):
    r = rows[name]
    check(r["elapsed_s"] == 1200, f"{what}: elapsed_s {r['elapsed_s']} = 1200")
    # 600 s of running, +-20 s: the speed window reaches 5 s each side of a
    # step, so each of the two edges of a stop may count up to 10 s either way.
    check(r["moving_s"] is not None and r["moving_s"] <= 620,
          f"{what}: moving_s {r['moving_s']} <= 620 (the 10-minute pause is not moving)")
    check(r["moving_s"] is not None and r["moving_s"] >= 580,
          f"{what}: moving_s {r['moving_s']} >= 580 (the running is moving)")
    # 2 x 60 steps of 15 m, plus the 15 m step after the stop inside one segment.
    want = 1800 if name == "twoseg.gpx" else 1815
    check(r["distance_m"] is not None and abs(r["distance_m"] - want) <= 0.5,
          f"{what}: distance_m {r['distance_m']} = {want} m")
    check(r["dropped_points"] == 0, f"{what}: dropped_points {r['dropped_points']} = 0")
sys.exit(1 if bad else 0)
PY

# stdin ('-') and path give the same row, for plain GPX, plain TCX and gzip.
n=0
for rel in gpxgo/test_files/graphhopper.gpx.gz \
	   python-tcxparser/tests/files/test.tcx \
	   runpandas/runpandas/tests/io/data/gpx/stopped_example.gpx \
	   gpxpy/test_files/cerknicko-jezero.gpx \
	   GoldenCheetah/test/rides/activity_165850259_multi-session.tcx; do
	f=$CORPUS/$rel
	[ -f "$f" ] || continue
	n=$((n + 1))
	"$RUNRISK" runs --format json "$f" 2>/dev/null | sed 's/^{"file":"[^"]*",/{/' >"$TMP/by-path"
	"$RUNRISK" runs --format json - <"$f" 2>/dev/null | sed 's/^{"file":"[^"]*",/{/' >"$TMP/by-stdin"
	if [ "$(grep -c '^{' "$TMP/by-path")" -ge 1 ] && cmp -s "$TMP/by-path" "$TMP/by-stdin"; then
		ok "$rel: stdin gives the same row(s) as the path"
	else
		fail "$rel: stdin and path differ"; diff "$TMP/by-path" "$TMP/by-stdin" | head -n 6
	fi
done
[ "$n" -gt 0 ] || fail "no stdin comparison ran"
finish
