#!/bin/sh
# run.sh - build each libFuzzer target with clang and run it for FUZZ_SECONDS.
#   sh tests/fuzz/run.sh [TARGET...]     (default: every build-fuzz/fuzz_*)
# Seeds: samples/ and ../shared/corpus (when present), tests/fuzz/seeds/TARGET/
# and the crash reproducers in tests/fuzz/regress/TARGET/; a dictionary
# tests/fuzz/NAME.dict is used when there is one.  The corpus that grows lives
# in build-fuzz/TARGET.d/corpus and is kept between runs.
# For each target one line "fuzz: TARGET: N CPU s, N executions, N crashes"
# goes to stdout and to build-fuzz/summary.txt.  A crash, leak, timeout or
# out-of-memory leaves its input in build-fuzz/TARGET.d/ and makes this
# script fail.
set -u
secs=${FUZZ_SECONDS:-60}
# FUZZ_SEED=N: libFuzzer's -seed, so a run is the same sequence of inputs
# every time (CI sets it: a run of S seconds is then a prefix of a longer
# run with the same seed from the same seeds and an empty corpus folder, as
# in a fresh clone, which can be checked here before pushing).
seedopt=${FUZZ_SEED:+-seed=$FUZZ_SEED}
# Inputs up to 64 KiB by default: the XML targets run ~10x more inputs per
# second than at 1 MiB, and size-related paths are covered by the corpus
# and hostile tests (FUZZ_MAX_LEN=1048576 to fuzz big inputs too).
maxlen=${FUZZ_MAX_LEN:-65536}
# The Makefile does not read build-fuzz's dependency files, so a changed
# header would leave stale objects (with old struct layouts) behind: rebuild
# the objects when any header is newer than the last build (or no stamp).
stamp=build-fuzz/.built
if [ ! -f "$stamp" ] || [ -n "$(find core parsers analysis render cmd tests/fuzz -name '*.h' -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
	echo "fuzz: headers changed: rebuilding the fuzz objects"
	rm -rf build-fuzz/core build-fuzz/parsers build-fuzz/analysis build-fuzz/render \
		build-fuzz/cmd build-fuzz/tests
fi
make -s fuzz-build || exit 1
mkdir -p build-fuzz && touch "$stamp"
status=0
ntargets=0
nfail=0
summary=build-fuzz/summary.txt
: >"$summary"
if [ $# -gt 0 ]; then
	targets=""
	for t in "$@"; do targets="$targets build-fuzz/$t"; done
else
	targets=$(for f in build-fuzz/fuzz_*; do [ -f "$f" ] && [ -x "$f" ] && echo "$f"; done)
fi
for bin in $targets; do
	[ -f "$bin" ] && [ -x "$bin" ] || { echo "fuzz: no target $bin"; status=1; continue; }
	name=$(basename "$bin")
	work=build-fuzz/$name.d
	seeds=$work/seeds
	rm -rf "$seeds"
	mkdir -p "$work/corpus" "$seeds"
	rm -f "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*
	case $name in
	fuzz_gpx)   find samples ../shared/corpus -type f \( -name '*.gpx' -o -name '*.gpx.gz' \) 2>/dev/null ;;
	fuzz_tcx)   find samples ../shared/corpus -type f \( -name '*.tcx' -o -name '*.tcx.gz' \) 2>/dev/null ;;
	fuzz_fit)   find samples ../shared/corpus -type f \( -name '*.fit' -o -name '*.fit.gz' \) 2>/dev/null ;;
	fuzz_input) find samples ../shared/corpus -type f -name '*.gz' 2>/dev/null ;;
	fuzz_zip)   find samples ../shared/corpus -type f -name '*.zip' 2>/dev/null ;;
	fuzz_ini)   find samples tests -type f -name '*.ini' 2>/dev/null ;;
	fuzz_strava_csv) find samples tests ../shared/corpus -type f -name 'activities*.csv*' 2>/dev/null ;;
	fuzz_pain_csv) find samples tests -type f -name 'pain*.csv' 2>/dev/null ;;
	fuzz_tzif)  find /usr/share/zoneinfo/Europe /usr/share/zoneinfo/America/Argentina \
			/usr/share/zoneinfo/Australia -type f 2>/dev/null | head -n 40 ;;
	*)          : ;;
	esac | while IFS= read -r f; do
		[ "$(wc -c <"$f")" -le 1048576 ] && cp "$f" "$seeds/$(cksum <"$f" | cut -d' ' -f1)"
	done
	for d in tests/fuzz/seeds/"$name" tests/fuzz/regress/"$name"; do
		[ -d "$d" ] && cp "$d"/* "$seeds"/ 2>/dev/null
	done
	dict=""
	base=${name#fuzz_}
	[ -f "tests/fuzz/$base.dict" ] && dict="-dict=../../tests/fuzz/$base.dict"
	echo "fuzz: $name for ${secs}s ($(ls "$seeds" | wc -l) seeds${dict:+, dictionary})"
	# CPU seconds from GNU time when it is there, else from the shell's times.
	if [ -x /usr/bin/time ]; then
		(cd "$work" && ASAN_OPTIONS=detect_leaks=1 /usr/bin/time -f '%U %S' -o cpu \
			"../$name" $seedopt -max_total_time="$secs" -max_len="$maxlen" -rss_limit_mb=2048 \
			-timeout=20 -print_final_stats=1 $dict corpus seeds >log 2>&1)
		rc=$?
		cpu=$(awk 'END { printf "%.0f", $1 + $2 }' "$work/cpu" 2>/dev/null)
	else
		(cd "$work" && ASAN_OPTIONS=detect_leaks=1 "../$name" $seedopt -max_total_time="$secs" \
			-max_len="$maxlen" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
			$dict corpus seeds >log 2>&1)
		rc=$?
		cpu="~$secs"
	fi
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
	crashes=$(ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null | wc -l)
	line="fuzz: $name: ${cpu:-?} CPU s, ${execs:-?} executions, $crashes crashes (exit $rc)"
	echo "$line"
	echo "$line" >>"$summary"
	ntargets=$((ntargets + 1))
	if [ $rc -ne 0 ] || [ "$crashes" -ne 0 ]; then
		status=1
		nfail=$((nfail + 1))
		tail -n 30 "$work/log"
		ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null
	fi
done
echo "fuzz: $((ntargets - nfail)) passed, $nfail failed"
exit $status
