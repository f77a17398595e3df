#!/bin/sh
# bench.sh - runrisk benchmarks: archive throughput (cold, warm, -j1/-j2),
# parse speed against a no-op parse of the XML libraries, and a 3-hour
# file against gpsbabel and gpxpy where installed.  Writes
# tests/bench/results.txt.  Never fails on time: every step that cannot
# run is skipped with a message, and the script exits 0.
#
# Environment: BUILD (build dir, default build), RUNRISK (default ./runrisk),
# BENCH_FILES (archive size in files, default 2000), BENCH_SEED (default 1),
# BENCH_KEEP=1 keeps the work folder.
set -u

BUILD=${BUILD:-build}
RUNRISK=${RUNRISK:-./runrisk}
FILES=${BENCH_FILES:-2000}
SEED=${BENCH_SEED:-1}
RESULTS=tests/bench/results.txt
SAMPLEGEN=$BUILD/samplegen
NOOP=$BUILD/tests/bench/noop_parse
RUSAGE=$BUILD/tests/bench/rusage
CORPUS=../shared/corpus

WORK=$(mktemp -d "${TMPDIR:-/tmp}/runrisk-bench.XXXXXX") || exit 0
TMPRES=$WORK/results.txt
# shellcheck disable=SC2317 # called by the trap
cleanup() { [ "${BENCH_KEEP:-}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 0' HUP INT TERM

say() { printf '%s\n' "$*" | tee -a "$TMPRES"; }
skip() { say "  SKIP: $*"; }
calc() { awk "BEGIN { x = $1; if (x == int(x)) printf \"%d\", x; else printf \"%.${2:-2}f\", x }" 2>/dev/null; }

# measure LABEL COMMAND... : run it, stdout and stderr to $WORK/LABEL.{out,err};
# sets M_WALL (s), M_RSS (kB) and M_STATUS.
measure() {
	label=$1
	shift
	rf=$WORK/$label.rusage
	rm -f "$rf"
	# our wrapper times to the millisecond; GNU time only to 10 ms
	if [ -x "$RUSAGE" ]; then
		"$RUSAGE" -o "$rf" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err"
	elif [ -x /usr/bin/time ] && /usr/bin/time -f '%e' -o /dev/null true 2>/dev/null; then
		/usr/bin/time -f 'wall_s=%e\nuser_s=%U\nsys_s=%S\nmaxrss_kb=%M\nstatus=%x' \
			-o "$rf" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err"
	else
		t0=$(date +%s.%N)
		"$@" >"$WORK/$label.out" 2>"$WORK/$label.err"
		st=$?
		t1=$(date +%s.%N)
		printf 'wall_s=%s\nmaxrss_kb=?\nstatus=%s\n' "$(calc "$t1 - $t0" 3)" "$st" >"$rf"
	fi
	M_WALL=$(sed -n 's/^wall_s=//p' "$rf" | tail -n 1)
	M_RSS=$(sed -n 's/^maxrss_kb=//p' "$rf" | tail -n 1)
	M_STATUS=$(sed -n 's/^status=//p' "$rf" | tail -n 1)
	: "${M_WALL:=0}" "${M_RSS:=?}" "${M_STATUS:=?}"
	# a wall time of 0.00 (faster than the timer) would divide by zero
	[ "$(calc "$M_WALL <= 0" 0)" = 1 ] && M_WALL=0.01
	return 0
}

# A report run ends 0, 1 or 3 when it worked (see runrisk --help).
report_ok() { [ "$M_STATUS" = 0 ] || [ "$M_STATUS" = 1 ] || [ "$M_STATUS" = 3 ]; }

say "runrisk benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "host: $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
say "compiler: $(${CC:-cc} --version 2>/dev/null | head -n 1)"
say "commit: $(git describe --always --dirty 2>/dev/null || echo unknown)"
if [ -x "$RUSAGE" ]; then
	say "timer: $RUSAGE (wall clock, getrusage peak RSS)"
elif [ -x /usr/bin/time ]; then
	say "timer: GNU time"
else
	say "timer: date (no peak RSS)"
fi
say ""

have_runrisk=0
if [ -x "$RUNRISK" ] && "$RUNRISK" --help 2>&1 | grep -q report; then
	have_runrisk=1
fi

# ---- 1. the archive -------------------------------------------------------
say "== archive"
ARCHIVE=$WORK/archive
have_archive=0
if [ -x "$SAMPLEGEN" ] && "$SAMPLEGEN" --help 2>&1 | grep -q -- '--archive'; then
	measure gen "$SAMPLEGEN" --archive "$ARCHIVE" --files "$FILES" --seed "$SEED"
	if [ "$M_STATUS" = 0 ]; then
		have_archive=1
	else
		skip "samplegen --archive failed (status $M_STATUS): $(head -n 1 "$WORK/gen.err")"
	fi
else
	skip "$SAMPLEGEN has no --archive DIR --files N --seed S option yet"
fi
if [ $have_archive = 1 ]; then
	find "$ARCHIVE" -type f ! -name '.*' | sort >"$WORK/files.txt"
	nfiles=$(wc -l <"$WORK/files.txt" | tr -d ' ')
	disk_bytes=$(xargs cat <"$WORK/files.txt" | wc -c | tr -d ' ')
	say "  $nfiles files, $(calc "$disk_bytes / 1e6" 1) MB on disk (seed $SEED), made in ${M_WALL} s"
fi
say ""

# ---- 2. report runs over the archive --------------------------------------
# run_report LABEL OUTDIR [OPTIONS...]: one timed report, with files/s and MB/s
run_report() {
	label=$1
	out=$2
	shift 2
	measure "$label" "$RUNRISK" report -o "$out" "$@" "$ARCHIVE"
	if report_ok; then
		say "  $label: ${M_WALL} s, $(calc "$nfiles / $M_WALL" 0) files/s, $(calc "$disk_bytes / 1e6 / $M_WALL" 1) MB/s, peak RSS ${M_RSS} kB (exit $M_STATUS)"
	else
		say "  $label: FAILED with status $M_STATUS: $(head -n 1 "$WORK/$label.err")"
	fi
}

say "== report over the archive (cache in OUTDIR; the OS page cache stays warm)"
if [ $have_runrisk = 0 ]; then
	skip "$RUNRISK is missing or has no report command"
elif [ $have_archive = 0 ]; then
	skip "no archive"
else
	run_report cold "$WORK/out"
	run_report warm-unchanged "$WORK/out"
	# one new file, beside an existing one (keeps a roster a roster)
	new=
	if "$SAMPLEGEN" --archive "$WORK/extra" --files 1 --seed $((SEED + 1000)) \
		>/dev/null 2>&1; then
		new=$(find "$WORK/extra" -type f ! -name '.*' | sort | head -n 1)
	fi
	if [ -n "$new" ]; then
		dest=$(dirname "$(head -n 1 "$WORK/files.txt")")
		cp "$new" "$dest/bench-new-$(basename "$new")"
		run_report warm-one-new "$WORK/out"
	else
		skip "warm run with one new file: samplegen could not make the extra file"
	fi
	run_report cold-j1 "$WORK/out-j1" -j 1
	run_report cold-j2 "$WORK/out-j2" -j 2
fi
say ""

# ---- 3. parse + metrics against a no-op parse ----------------------------
# ratio_on LISTFILE NAME: noop_parse and `runrisk runs` over the same files
ratio_on() {
	list=$1
	name=$2
	if [ ! -x "$NOOP" ]; then
		skip "$NOOP not built"
		return
	fi
	"$NOOP" -r 3 -l "$list" >"$WORK/noop.txt" 2>"$WORK/noop.err"
	bytes=$(sed -n 's/^bytes=//p' "$WORK/noop.txt")
	ex=$(sed -n 's/^expat_mb_s=//p' "$WORK/noop.txt")
	lx=$(sed -n 's/^libxml2_mb_s=//p' "$WORK/noop.txt")
	if [ -z "$bytes" ] || [ "$bytes" = 0 ]; then
		skip "noop_parse read nothing from $name"
		return
	fi
	say "  $name: $(wc -l <"$list" | tr -d ' ') files, $(calc "$bytes / 1e6" 1) MB of XML (decompressed)"
	say "  no-op expat: $ex MB/s; no-op libxml2 SAX2 push: $lx MB/s (in memory, no handlers)"
	if [ $have_runrisk = 0 ]; then
		skip "runrisk runs: $RUNRISK missing"
		return
	fi
	# every path as one argument (names may hold blanks); exit status is runrisk's
	# shellcheck disable=SC2016 # expanded by the inner sh
	measure runs-ratio sh -c 'r=$1 list=$2; set --
		while IFS= read -r f; do set -- "$@" "$f"; done <"$list"
		exec "$r" runs -j 1 --format csv "$@" >/dev/null' sh "$RUNRISK" "$list"
	if report_ok; then
		rr=$(calc "$bytes / 1e6 / $M_WALL" 1)
		say "  runrisk runs -j 1 (read, decompress, parse, metrics, CSV): $rr MB/s = $(calc "$rr / $ex" 2) x no-op expat, $(calc "$rr / $lx" 2) x no-op libxml2"
	else
		say "  runrisk runs: FAILED with status $M_STATUS: $(head -n 1 "$WORK/runs-ratio.err")"
	fi
}

say "== parse speed against the XML libraries alone"
if [ $have_archive = 1 ]; then
	ratio_on "$WORK/files.txt" "archive"
fi
if [ -d "$CORPUS" ]; then
	find "$CORPUS" -type f \( -name '*.gpx' -o -name '*.tcx' \) | sort >"$WORK/corpus.txt"
	ratio_on "$WORK/corpus.txt" "shared corpus"
else
	skip "no $CORPUS"
fi
say ""

# ---- 4. one 3-hour file against other tools ------------------------------
# 10 800 one-second points with elevation and heart rate: a long run.
LONG=$WORK/long-3h.gpx
awk 'BEGIN {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<gpx version=\"1.1\" creator=\"runrisk bench\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">"
	print "<trk><name>bench 3 h</name><type>running</type><trkseg>"
	t0 = 1714545000
	for (i = 0; i < 10800; i++) {
		t = t0 + i
		d = int(t / 86400); s = t - d * 86400
		# civil date from days (proleptic Gregorian), as in core/timeutil
		z = d + 719468; era = int(z / 146097); doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
		y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
		mm = mp < 10 ? mp + 3 : mp - 9; if (mm <= 2) y++
		lat = 41.38 + i * 0.0000180 + 0.0004 * sin(i / 300)
		lon = 2.17 + i * 0.0000150
		ele = 120 + 40 * sin(i / 900)
		hr = 140 + int(15 * sin(i / 600))
		printf "<trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele><time>%04d-%02d-%02dT%02d:%02d:%02dZ</time>", lat, lon, ele, y, mm, dd, int(s / 3600), int(s % 3600 / 60), s % 60
		printf "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n", hr
	}
	print "</trkseg></trk></gpx>"
}' >"$LONG"
say "== one 3-hour GPX ($(calc "$(wc -c <"$LONG") / 1e6" 2) MB, 10800 points): best of 3"

# best_of3 LABEL COMMAND...: the fastest of three runs in M_WALL
best_of3() {
	label=$1
	shift
	best=
	for _ in 1 2 3; do
		measure "$label" "$@"
		[ "$M_STATUS" = 0 ] || [ "$M_STATUS" = 1 ] || return 0
		if [ -z "$best" ] || [ "$(calc "$M_WALL < $best" 0)" = 1 ]; then
			best=$M_WALL
		fi
	done
	M_WALL=$best
}

if [ $have_runrisk = 1 ]; then
	best_of3 long-runrisk "$RUNRISK" runs -j 1 --format csv "$LONG"
	if [ "$M_STATUS" = 0 ] || [ "$M_STATUS" = 1 ]; then
		say "  runrisk runs -j 1: ${M_WALL} s ($(calc "$(wc -c <"$LONG") / 1e6 / $M_WALL" 1) MB/s), peak RSS ${M_RSS} kB"
	else
		say "  runrisk runs: FAILED with status $M_STATUS"
	fi
else
	skip "runrisk: $RUNRISK missing"
fi
if [ -x "$NOOP" ]; then
	"$NOOP" -r 5 "$LONG" >"$WORK/noop-long.txt" 2>/dev/null
	say "  no-op expat: $(sed -n 's/^expat_s=//p' "$WORK/noop-long.txt" | awk '{ printf "%.4f", $1 / 5 }') s; no-op libxml2: $(sed -n 's/^libxml2_s=//p' "$WORK/noop-long.txt" | awk '{ printf "%.4f", $1 / 5 }') s (per parse, in memory)"
fi
if command -v gpsbabel >/dev/null 2>&1; then
	best_of3 long-gpsbabel gpsbabel -i gpx -f "$LONG" -o unicsv -F "$WORK/long.csv"
	say "  gpsbabel (gpx -> unicsv): ${M_WALL} s, peak RSS ${M_RSS} kB"
else
	skip "gpsbabel not installed (Debian package gpsbabel)"
fi
if python3 -c 'import gpxpy' >/dev/null 2>&1; then
	best_of3 long-gpxpy python3 -c 'import sys, gpxpy
g = gpxpy.parse(open(sys.argv[1]))
print(g.length_3d(), g.get_uphill_downhill(), g.get_duration())' "$LONG"
	say "  gpxpy (parse, length, climb, duration): ${M_WALL} s, peak RSS ${M_RSS} kB"
else
	skip "gpxpy not installed (Debian package python3-gpxpy)"
fi

say ""
say "(timings are information, never a test: nothing here fails the build)"
mkdir -p "$(dirname "$RESULTS")"
cp "$TMPRES" "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
echo "bench: results in $RESULTS"
exit 0
