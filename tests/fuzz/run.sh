#!/bin/sh
# run.sh - build each libFuzzer target with clang and run it for FUZZ_SECONDS,
# seeded from the samples and (when present) ../shared/corpus.  A crash
# leaves crash-* in build-fuzz/<target>/ and makes this script fail.
set -u
secs=${FUZZ_SECONDS:-60}
make -s fuzz-build || exit 1
status=0
for bin in build-fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	work=build-fuzz/$name.d
	seeds=$work/seeds
	mkdir -p "$work/corpus" "$seeds"
	case $name in
	fuzz_gpx)   find samples ../shared/corpus -type f \( -name '*.gpx' -o -name '*.gpx.gz' \) 2>/dev/null ;;
	fuzz_tcx)   find samples ../shared/corpus -type f \( -name '*.tcx' -o -name '*.tcx.gz' \) 2>/dev/null ;;
	fuzz_input) find samples ../shared/corpus -type f -name '*.gz' 2>/dev/null ;;
	fuzz_ini)   find samples tests -type f -name '*.ini' 2>/dev/null ;;
	fuzz_csv)   find samples tests ../shared/corpus -type f -name '*.csv' 2>/dev/null ;;
	*)          : ;;
	esac | while IFS= read -r f; do
		[ "$(wc -c <"$f")" -le 1048576 ] && cp "$f" "$seeds/$(cksum <"$f" | cut -d' ' -f1)"
	done
	[ -d "tests/fuzz/regress/$name" ] && cp tests/fuzz/regress/"$name"/* "$seeds"/ 2>/dev/null
	echo "fuzz: $name for ${secs}s ($(ls "$seeds" | wc -l) seeds)"
	start=$(date +%s)
	(cd "$work" && ASAN_OPTIONS=detect_leaks=1 "../$name" -max_total_time="$secs" \
		-max_len=1048576 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
		corpus seeds >log 2>&1)
	rc=$?
	cpu=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
	echo "fuzz: $name: exit $rc, $(( $(date +%s) - start ))s, ${cpu:-?} executions"
	if [ $rc -ne 0 ]; then
		status=1
		tail -n 30 "$work/log"
		ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null
	fi
done
exit $status
