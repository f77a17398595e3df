#!/bin/sh
# Text arrives in pieces: the same file fed through a pipe in writes of 1,
# 7 and 4093 bytes (so that reads return short, odd-sized pieces that split
# tags, numbers, UTF-8 sequences and the gzip stream anywhere) gives the same
# row(s) as the file read by path.  Real corpus files plus one written here.
. tests/cli/lib.sh

cat >"$TMP/own.gpx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Zürich – test ✓" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><name>Čez hrib</name><type>running</type><trkseg>
<trkpt lat="46.0000000" lon="14.5000000"><ele>300.25</ele><time>2024-05-01T06:00:00.125+02:00</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>141</gpxtpx:hr><gpxtpx:cad>86</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>
<trkpt lat="46.0001349" lon="14.5000000"><ele>301.75</ele><time>2024-05-01T06:00:05.125+02:00</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>143</gpxtpx:hr><gpxtpx:cad>87</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>
<trkpt lat="46.0002698" lon="14.5000000"><ele>303.50</ele><time>2024-05-01T06:00:10.125+02:00</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>146</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>
</trkseg></trk></gpx>
EOF
FILES="$TMP/own.gpx"
if have_corpus; then
	for rel in python-tcxparser/tests/files/test.tcx \
		   gpsbabel/reference/track/kona2013.tcx \
		   tcxreader/tcxreader/tests/data/mapmyride_biking.tcx \
		   gpxpy/test_files/cerknicko-jezero.gpx \
		   gpxpy/test_files/unicode_with_bom.gpx \
		   gpxgo/test_files/graphhopper.gpx.gz \
		   georust-gpx/tests/fixtures/garmin-activity.gpx; do
		[ -f "$CORPUS/$rel" ] && FILES="$FILES $CORPUS/$rel"
	done
fi

# dribble SIZE FILE: write FILE to stdout SIZE bytes per write(2).
dribble() {
	python3 -c '
import os, sys
n = int(sys.argv[1])
data = open(sys.argv[2], "rb").read()
for i in range(0, len(data), n):
    os.write(1, data[i:i + n])
' "$1" "$2"
}

for f in $FILES; do
	"$RUNRISK" runs --format json "$f" 2>"$TMP/err" | sed 's/^{"file":"[^"]*",/{/' >"$TMP/want"
	if ! grep -q '^{' "$TMP/want"; then
		fail "$f: no row by path: $(head -n 1 "$TMP/err")"
		continue
	fi
	size=$(wc -c <"$f")
	for n in 1 7 4093; do
		# One byte per write on a file over 200 kB takes too long to be worth it.
		[ "$n" -eq 1 ] && [ "$size" -gt 200000 ] && continue
		dribble "$n" "$f" | "$RUNRISK" runs --format json - 2>"$TMP/err" |
			sed 's/^{"file":"[^"]*",/{/' >"$TMP/got"
		if cmp -s "$TMP/want" "$TMP/got"; then
			ok "${f#"$CORPUS"/} in $n-byte writes: same row(s)"
		else
			fail "${f#"$CORPUS"/} in $n-byte writes differs"
			diff "$TMP/want" "$TMP/got" | head -n 4
			head -n 2 "$TMP/err"
		fi
	done
done
# The written file's values, so that 'same as by path' cannot pass on two equal wrong rows.
"$RUNRISK" runs --format json "$TMP/own.gpx" >"$TMP/own.json" 2>/dev/null
python3 - "$TMP/own.json" <<'PY' || fails=$((fails + 1))
import json, sys
r = json.load(open(sys.argv[1]))[0]
want = {"start": "2024-05-01T04:00:00Z", "points": 3, "hr_max": 146, "elapsed_s": 10,
        "sport": "running", "device": "Zürich – test ✓"}
bad = [f"{k}={r[k]!r} (want {v!r})" for k, v in want.items() if r[k] != v]
print("FAIL own.gpx: " + ", ".join(bad) if bad else "ok   own.gpx: start, points, HR, elapsed, sport, UTF-8 creator")
sys.exit(1 if bad else 0)
PY
finish
