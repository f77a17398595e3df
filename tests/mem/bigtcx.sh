#!/bin/sh
# bigtcx.sh - peak memory of `runrisk runs` on a ~60 MB TCX and a ~60 MB GPX.
#
# The requirement: "Peak memory of `runrisk runs` on a 60 MB TCX stays under
# 32 MB".  This script writes the files (tests/mem/gen.py: a 1 Hz run with
# position, altitude, distance, HR, TPX speed and cadence), runs
# `runrisk runs` on each as a plain file, as gzip, on stdin and with every
# newline removed (one 60 MB line), and prints the
# peak resident set size of each run (getrusage RUSAGE_CHILDREN ru_maxrss,
# through tests/bench/rusage, or GNU time).  A tiny file gives the baseline.
#
# Not part of `make check` (it takes ~30 s and measures, never gates there).
# Run from the repository root:   sh tests/mem/bigtcx.sh
# Environment: RUNRISK (default ./runrisk), BUILD (default build),
# MEM_MB (file size, default 60), MEM_BUDGET_KB (default 32768), KEEP=1.
# Exit status: 0 when every run parsed all the generated points and stayed
# under the budget, 1 otherwise, 77 when no way to measure was found.
set -u
RUNRISK=${RUNRISK:-./runrisk}
BUILD=${BUILD:-build}
MB=${MEM_MB:-60}
BUDGET_KB=${MEM_BUDGET_KB:-32768}
RUSAGE=$BUILD/tests/bench/rusage
bad=0

WORK=$(mktemp -d "${TMPDIR:-/tmp}/runrisk-mem.XXXXXX") || exit 1
# shellcheck disable=SC2317 # called by the trap
cleanup() { [ "${KEEP:-}" = 1 ] && echo "files kept in $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT

[ -x "$RUNRISK" ] || { echo "no $RUNRISK: run make first"; exit 1; }
if [ ! -x "$RUSAGE" ] && [ -f tests/bench/rusage.c ]; then
	make -s "$RUSAGE" >/dev/null 2>&1
fi
if [ -x "$RUSAGE" ]; then
	TIMER="$RUSAGE (getrusage RUSAGE_CHILDREN, ru_maxrss)"
elif /usr/bin/time -f '%M' true >/dev/null 2>&1; then
	TIMER="GNU time (%M)"
	RUSAGE=
else
	echo "neither $RUSAGE nor GNU time: cannot measure peak RSS"
	exit 77
fi

# measure OUTFILE COMMAND... : run it with stdin from $STDIN (or /dev/null),
# stdout to OUTFILE; sets RSS_KB, WALL_S and STATUS.
measure() {
	o=$1; shift
	rf=$WORK/rusage.txt
	if [ -n "$RUSAGE" ]; then
		"$RUSAGE" -o "$rf" "$@" <"${STDIN:-/dev/null}" >"$o" 2>"$WORK/err"
	else
		/usr/bin/time -f 'wall_s=%e\nmaxrss_kb=%M\nstatus=%x' -o "$rf" \
			"$@" <"${STDIN:-/dev/null}" >"$o" 2>"$WORK/err"
	fi
	RSS_KB=$(sed -n 's/^maxrss_kb=//p' "$rf")
	WALL_S=$(sed -n 's/^wall_s=//p' "$rf")
	STATUS=$(sed -n 's/^status=//p' "$rf")
}

# points column (14th) of the single CSV row
points_of() { awk -F, 'NR == 2 { print $14 }' "$1"; }

row() { # LABEL BYTES WANT_POINTS [stdin-file] -- command
	label=$1 bytes=$2 want=$3; shift 3
	measure "$WORK/out.csv" "$@"
	got=$(points_of "$WORK/out.csv")
	verdict=ok
	if [ "$STATUS" != 0 ] || [ "$got" != "$want" ]; then
		verdict="FAIL (exit $STATUS, points $got, want $want)"; bad=1
		sed 's/^/    stderr: /' "$WORK/err" | head -n 3
	elif [ "$RSS_KB" -gt "$BUDGET_KB" ]; then
		verdict="OVER BUDGET"; bad=1
	fi
	printf '%-34s %7.1f MB  %7s points  peak RSS %6d kB = %5.1f MiB  %6s s  %s\n' \
		"$label" "$(echo "$bytes" | awk '{ print $1 / 1e6 }')" "$got" "$RSS_KB" \
		"$(echo "$RSS_KB" | awk '{ print $1 / 1024 }')" "$WALL_S" "$verdict"
}

echo "runrisk peak memory, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -srm)"
echo "commit $(git describe --always --dirty 2>/dev/null || echo '?'); timer: $TIMER; budget $BUDGET_KB kB"

# Baseline: a 3-point GPX.
cat >"$WORK/tiny.gpx" <<'EOF'
<?xml version="1.0"?>
<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
<trkpt lat="46.0" lon="14.0"><time>2024-05-01T06:00:00Z</time></trkpt>
<trkpt lat="46.0001" lon="14.0"><time>2024-05-01T06:00:04Z</time></trkpt>
<trkpt lat="46.0002" lon="14.0"><time>2024-05-01T06:00:08Z</time></trkpt>
</trkseg></trk></gpx>
EOF
row "tiny GPX (baseline)" "$(wc -c <"$WORK/tiny.gpx")" 3 "$RUNRISK" runs "$WORK/tiny.gpx"

for kind in tcx gpx; do
	f=$WORK/big.$kind
	gen=$(python3 tests/mem/gen.py "$kind" "$f" "$MB") || { echo "gen.py $kind failed"; exit 1; }
	n=$(echo "$gen" | sed -n 's/.*points=\([0-9]*\).*/\1/p')
	size=$(wc -c <"$f")
	gzip -1 -c "$f" >"$f.gz"
	row "$kind, plain file" "$size" "$n" "$RUNRISK" runs "$f"
	row "$kind, gzip ($(($(wc -c <"$f.gz") / 1000000)) MB compressed)" "$size" "$n" "$RUNRISK" runs "$f.gz"
	STDIN=$f row "$kind, stdin" "$size" "$n" "$RUNRISK" runs -
	STDIN=
	# The whole file on one line, as MapMyRide writes TCX.
	tr -d '\n' <"$f" >"$f.1"
	row "$kind, one line" "$(wc -c <"$f.1")" "$n" "$RUNRISK" runs "$f.1"
	rm -f "$f.1"
	rm -f "$f" "$f.gz"
done
[ "$bad" -eq 0 ] && echo "all runs parsed every point and stayed under $BUDGET_KB kB" || echo "some runs failed (see above)"
exit "$bad"
