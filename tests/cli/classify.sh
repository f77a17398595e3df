#!/bin/sh
# classify.sh - only runs count as runs, and nothing vanishes (issue 13).
#
# One athlete's folder of synthetic GPX files (tests/cli/gen_activity.py,
# constant speeds due north, so every figure is known by hand):
#   run1..run3   no sport, 3 m/s                       -> run (motion)
#   laufen       <type>Laufen</type>, 3 m/s            -> run (sport)
#   ride         no sport, 8.3 m/s for 30 min          -> ride: median speed 8.3 m/s
#   car          no sport, 22 m/s for 10 min           -> other: a vehicle's speed
#   strava1      <type>1</type> (Strava's Ride), 4 m/s -> ride: sport '1'
#   logger       two <trk> 3 days apart: a 40 min walk at 1.3 m/s, then a
#                30 min run at 3 m/s                  -> 2 activities: walk, run
#   route        a <rte> only                          -> unusable: a planned route
#   metaonly     <metadata><time> only                 -> unusable: no valid timestamp
#   badtime      2026-02-29, +23:59, basic format      -> unusable: no valid timestamp
# Files 11; activities 12 = 5 runs + 4 not runs + 0 duplicates + 3 unusable.
# Then a coach's folder where one file is linked into three athletes'
# folders (hard link, symbolic link), and walk problems in the notes.
. tests/cli/lib.sh
GEN="python3 tests/cli/gen_activity.py"
command -v python3 >/dev/null || skip "python3 not found"

A=$TMP/ana
mkdir -p "$A"
t0=1709280000	# 2024-03-01 08:00 UTC
$GEN "$A/run1.gpx" $t0 1800:3
$GEN "$A/run2.gpx" $((t0 + 86400)) 1800:3
$GEN "$A/run3.gpx" $((t0 + 2 * 86400)) 1800:3
$GEN "$A/laufen.gpx" $((t0 + 3 * 86400)) --type Laufen 1800:3
$GEN "$A/ride.gpx" $((t0 + 4 * 86400)) 1800:8.3
$GEN "$A/car.gpx" $((t0 + 5 * 86400)) 600:22
$GEN "$A/strava1.gpx" $((t0 + 6 * 86400)) --type 1 1800:4
$GEN "$A/logger.gpx" $((t0 + 7 * 86400)) 2400:1.3 gap:259200 trk 1800:3
cat >"$A/route.gpx" <<'X'
<?xml version="1.0"?>
<gpx version="1.1" creator="planner" xmlns="http://www.topografix.com/GPX/1/1"><rte><name>plan</name>
<rtept lat="46.0" lon="14.0"/><rtept lat="46.01" lon="14.0"/><rtept lat="46.02" lon="14.0"/>
</rte></gpx>
X
cat >"$A/metaonly.gpx" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
 <metadata><time>2024-03-20T16:10:57Z</time></metadata>
</gpx>
X
cat >"$A/badtime.gpx" <<'X'
<?xml version="1.0"?>
<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
<trkpt lat="46.0" lon="14.0"><time>2026-02-29T10:00:00Z</time></trkpt>
<trkpt lat="46.001" lon="14.0"><time>2026-03-01T10:00:40+23:59</time></trkpt>
<trkpt lat="46.002" lon="14.0"><time>20260301T100120Z</time></trkpt>
</trkseg></trk></gpx>
X

# --- runrisk runs: the class column ---
"$RUNRISK" runs --format json "$A" >"$TMP/runs.json" 2>"$TMP/err" || fail "runs exit $?"
python3 - "$TMP/runs.json" <<'X' || fails=$((fails + 1))
import json, os, sys
rows = json.load(open(sys.argv[1]))
got = {}
for r in rows:
    got.setdefault(os.path.basename(r["file"]), []).append((r["class"], r["class_reason"]))
want = {
    "run1.gpx": [("run", "no sport; median speed 3.0 m/s")],
    "laufen.gpx": [("run", "sport 'Laufen'")],
    "ride.gpx": [("ride", "median speed 8.3 m/s")],
    "car.gpx": [("other", "a vehicle's speed: 22.0 m/s")],
    "strava1.gpx": [("ride", "sport '1'")],
    "logger.gpx": [("walk", "no sport; median speed 1.3 m/s"), ("run", "no sport; median speed 3.0 m/s")],
    "run2.gpx": [("run", "no sport; median speed 3.0 m/s")],
    "route.gpx": [("unusable", "a planned route, not a recording")],
    "metaonly.gpx": [("unusable", "no valid timestamp")],
    "badtime.gpx": [("unusable", "no valid timestamp")],
}
bad = 0
for f, w in want.items():
    if got.get(f) != w:
        print("FAIL %s: %s, wanted %s" % (f, got.get(f), w)); bad += 1
    else:
        print("ok   %s: %s" % (f, "; ".join("%s (%s)" % c for c in w)))
lg = [r for r in rows if r["file"].endswith("logger.gpx")]
if len(lg) == 2 and lg[0]["elapsed_s"] == 2400 and lg[1]["elapsed_s"] == 1800 and lg[1]["distance_m"] == 5400:
    print("ok   the logger's two days are two activities (2400 s walk, 1800 s and 5400 m run), not one of 3 days")
else:
    print("FAIL logger parts: %s" % [(r["start"], r["elapsed_s"], r["distance_m"]) for r in lg]); bad += 1
sys.exit(1 if bad else 0)
X

# --- runrisk report: only runs are analysed, the rest is in the notes ---
O=$TMP/rep
"$RUNRISK" report --no-charts -o "$O" "$A" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -le 1 ] && ok "report exit $rc" || fail "report exit $rc: $(head -n 3 "$TMP/err")"
R=$O/report.txt
grep -q '^Period .* 5 runs$' "$R" && ok "the period counts 5 runs" || fail "period: $(grep '^Period' "$R")"
n=$(awk -F, 'NR > 1' "$O/runs.csv" | wc -l)
[ "$n" -eq 5 ] && ok "runs.csv holds the 5 runs" || fail "runs.csv holds $n rows"
grep -q 'ride.gpx\|car.gpx\|route.gpx' "$O/runs.csv" && fail "a non-run is in runs.csv" || ok "no ride, car or route in runs.csv"
grep -q '^  Files: 11 read, 11 parsed, 0 skipped, 0 duplicates\.$' "$R" &&
	ok "Files: 11 read = 11 parsed + 0 + 0" || fail "files line: $(grep 'Files:' "$R")"
grep -q '^  Activities: 12 read, 5 runs, 4 not runs, 0 duplicates, 3 unusable\.$' "$R" &&
	ok "Activities: 12 read = 5 runs + 4 not runs + 0 duplicates + 3 unusable" ||
	fail "activities line: $(grep 'Activities:' "$R")"
# each activity left out, with its reason (text wraps: join the notes)
notes=$(sed -n '/^Data notes/,/^Not medical/p' "$R" | tr -s ' \n' ' ')
for want in "ride.gpx activity 1 (2024-03-05): ride: median speed 8.3 m/s" \
	    "car.gpx activity 1 (2024-03-06): other: a vehicle's speed: 22.0 m/s" \
	    "strava1.gpx activity 1 (2024-03-07): ride: sport '1'" \
	    "logger.gpx activity 1 (2024-03-08): walk: no sport; median speed 1.3 m/s" \
	    "route.gpx activity 1: unusable: a planned route, not a recording" \
	    "metaonly.gpx activity 1 (2024-03-20): unusable: no valid timestamp" \
	    "badtime.gpx activity 1: unusable: no valid timestamp"; do
	case $notes in
	*"$want"*) ok "note: $want" ;;
	*) fail "no note '$want'" ;;
	esac
done
case $notes in *"run1.gpx"*|*"laufen.gpx"*) fail "a run is listed as left out" ;; *) ok "no run listed as left out" ;; esac
# stdout: files and activities both add up
line=$(grep '^runrisk: ' "$TMP/out")
echo "$line" | grep -q '^runrisk: 11 files: 11 parsed, 0 skipped, 0 duplicates; 12 activities: 5 runs, 4 not runs, 0 duplicates, 3 unusable;' &&
	ok "stdout: 11 files = 11 + 0 + 0; 12 activities = 5 + 4 + 0 + 3" || fail "stdout: $line"

# --- the same file in three athletes' folders counts for each ---
C=$TMP/coach
for who in ana ben cleo; do
	mkdir -p "$C/$who"
	printf '[athlete]\nname = %s\ntimezone = UTC\n' "$who" >"$C/$who/athlete.ini"
done
$GEN "$C/ana/shared.gpx" $t0 1800:3
ln "$C/ana/shared.gpx" "$C/ben/shared.gpx"
ln -s ../ana/shared.gpx "$C/cleo/shared.gpx"
$GEN "$C/ben/own.gpx" $((t0 + 86400)) 1800:3
O=$TMP/coachrep
"$RUNRISK" report --no-charts -o "$O" "$C" >"$TMP/out" 2>"$TMP/err"
for who in ana ben cleo; do
	grep -q 'shared.gpx' "$O/$who/runs.csv" && ok "$who's runs hold the shared file" ||
		fail "$who's runs.csv lacks shared.gpx: $(cat "$O/$who/runs.csv" 2>/dev/null | head -n 3)"
done
[ "$(awk 'NR > 1' "$O/ben/runs.csv" | wc -l)" -eq 2 ] && ok "ben: the shared run and his own" ||
	fail "ben runs: $(awk 'NR > 1' "$O/ben/runs.csv" | wc -l)"
grep -q '^runrisk: 4 files: 4 parsed, 0 skipped, 0 duplicates; 4 activities: 4 runs' "$TMP/out" &&
	ok "4 files (one of them three times) = 4 runs" || fail "stdout: $(cat "$TMP/out")"

# --- walk problems are data notes; two long paths never print the same ---
W=$TMP/walk
mkdir -p "$W"
$GEN "$W/run.gpx" $t0 1800:3
mkfifo "$W/pipe.gpx" 2>/dev/null && fifo=1 || fifo=0
ln -s loop "$W/loop"
# too deep: 70 nested folders (the walk stops at 64)
d=$W; i=0
while [ $i -lt 70 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "$d"
# two paths of ~660 bytes that differ only in the middle, each a bad file
long=$(printf '%0200d' 0 | tr 0 a)
for mid in x1 x2; do
	mkdir -p "$W/$long/$long/$mid/$long/$long" || fail "cannot make a long path"
	echo '<gpx><trk>' >"$W/$long/$long/$mid/$long/$long/bad.gpx"
done
# a path longer than PATH_MAX (4096): folders of 200 bytes nested one
# relative step at a time (the shell gives up near PATH_MAX; the walk goes on)
long2=$(printf '%0200d' 0 | tr 0 b)
(cd "$W" && i=0 && while [ $i -lt 22 ]; do mkdir "$long2" && cd "$long2" || exit 1; i=$((i + 1)); done) 2>/dev/null
[ -d "$W/$long2/$long2" ] && toolong=1 || toolong=0
# an unreadable folder (root reads everything: checked only as another user)
mkdir -p "$W/locked"
$GEN "$W/locked/run.gpx" $t0 1800:3
chmod 000 "$W/locked"
O=$TMP/walkrep
"$RUNRISK" report --no-charts -o "$O" "$W" >"$TMP/out" 2>"$TMP/err"
rc=$?
chmod 755 "$W/locked"
[ $rc -eq 3 ] && ok "report exit 3 (some inputs could not be read)" || fail "report exit $rc"
notes=$(sed -n '/^Data notes/,/^Not medical/p' "$O/report.txt")
flat=$(printf '%s' "$notes" | tr -s ' \n' ' ')
case $flat in *"loop"*"oo many levels of symbolic links"*) ok "note: the symbolic link loop" ;; *) fail "no note for the loop" ;; esac
case $flat in *"nesting too deep"*) ok "note: the folder nested too deep" ;; *) fail "no note for the deep folder" ;; esac
if [ $fifo -eq 1 ]; then
	case $flat in *"pipe.gpx"*"named pipe (FIFO), not read"*) ok "note: the FIFO" ;; *) fail "no note for the FIFO" ;; esac
fi
if [ $toolong -eq 1 ]; then
	case $flat in *"ile name too long"*) ok "note: the path longer than PATH_MAX" ;; *) fail "no note for the path too long" ;; esac
fi
if [ "$(id -u)" -ne 0 ]; then
	case $flat in *"locked"*"cannot read folder"*) ok "note: the unreadable folder" ;; *) fail "no note for the unreadable folder" ;; esac
else
	ok "unreadable folder: not checked as root (root reads it)"
fi
tags=$(printf '%s' "$notes" | tr -d ' \n' | grep -o '\[#[0-9a-f]\{16\}\]' | sort -u | wc -l)
want_tags=$((2 + toolong))
[ "$tags" -eq $want_tags ] && ok "the long paths print differently ($tags distinct hashes)" ||
	fail "long paths: $tags distinct hashes, wanted $want_tags"
set -- $(sed -n 's/^runrisk: \([0-9]*\) files: \([0-9]*\) parsed, \([0-9]*\) skipped, \([0-9]*\) duplicates;.*/\1 \2 \3 \4/p' "$TMP/out")
[ $# -eq 4 ] && [ "$1" -eq $(($2 + $3 + $4)) ] && ok "stdout: $1 files = $2 + $3 + $4" ||
	fail "stdout count: $(cat "$TMP/out")"
fl=$(grep 'Files:' "$O/report.txt")
set -- $(printf '%s' "$fl" | sed -n 's/.*Files: \([0-9]*\) read, \([0-9]*\) parsed, \([0-9]*\) skipped, \([0-9]*\) duplicates.*/\1 \2 \3 \4/p')
[ $# -eq 4 ] && [ "$1" -eq $(($2 + $3 + $4)) ] && [ "$3" -ge 4 ] &&
	ok "report: $1 files = $2 + $3 + $4 (the loop, the deep folder, the long path and two bad files skipped)" ||
	fail "report files line: $fl"
# --- the corpus files that counted as runs before ---
if have_corpus; then
	"$RUNRISK" runs --format json \
		"$CORPUS/gpsbabel/reference/track/garmin-edge-800-output.gpx" \
		"$CORPUS/GoldenCheetah/test/rides/1292585194-20906.gpx" \
		"$CORPUS/gpxpy/test_files/around-visnjan-with-car.gpx" \
		"$CORPUS/gpsbabel/reference/track/mtk_logger_m241_multiple_tracks.gpx" \
		"$CORPUS/GoldenCheetah/test/rides/MetadataOnly.gpx" >"$TMP/corpus.json" 2>"$TMP/err"
	python3 - "$TMP/corpus.json" <<'X' || fails=$((fails + 1))
import json, os, sys
rows = json.load(open(sys.argv[1]))
by = {}
for r in rows:
    by.setdefault(os.path.basename(r["file"]), []).append(r)
bad = 0
def check(cond, msg):
    global bad
    print(("ok   " if cond else "FAIL ") + msg)
    bad += not cond
e800 = by["garmin-edge-800-output.gpx"][0]
check(e800["class"] == "ride" and e800["class_reason"] == "median speed 7.4 m/s",
      "garmin-edge-800-output.gpx (25 km at 2:18/km): %s, %s" % (e800["class"], e800["class_reason"]))
gc = by["1292585194-20906.gpx"][0]
check(gc["class"] == "ride", "GoldenCheetah 1292585194-20906.gpx: %s, %s" % (gc["class"], gc["class_reason"]))
car = by["around-visnjan-with-car.gpx"][0]
check(car["class"] != "run", "around-visnjan-with-car.gpx (a car trip): %s, %s" % (car["class"], car["class_reason"]))
mtk = by["mtk_logger_m241_multiple_tracks.gpx"]
longest = max(r["elapsed_s"] for r in mtk)
check(len(mtk) == 5 and longest < 86400,
      "mtk logger: %d activities (6 tracks; the two of 2014-06-19 are 45 min apart), the longest %d s, not one of 881 days"
      % (len(mtk), longest))
check([r["start"][:10] for r in mtk] == ["2012-11-07", "2012-11-18", "2014-06-19", "2014-11-23", "2015-04-07"],
      "mtk logger parts start on their own days")
mo = by["MetadataOnly.gpx"][0]
check(mo["class"] == "unusable" and mo["class_reason"] == "no valid timestamp",
      "MetadataOnly.gpx: %s, %s" % (mo["class"], mo["class_reason"]))
sys.exit(1 if bad else 0)
X
else
	ok "corpus checks skipped: $CORPUS absent"
fi
finish
