#!/bin/sh
# run-all.sh - run every test layer and print one closing line
#   "check: N passed, N failed, N skipped".
# Arguments: the unit-test binaries.  Environment: RUNRISK (binary under test),
# BUILD (build dir), SANITIZE (non-empty when built with sanitizers).
set -u
passed=0 failed=0 skipped=0
failures=""
log=${BUILD:-build}/test-logs
mkdir -p "$log"

run_one() { # name command...
	name=$1; shift
	out="$log/$(echo "$name" | tr '/ ' '__').log"
	"$@" >"$out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf 'PASS  %s\n' "$name"
	elif [ $rc -eq 77 ]; then
		skipped=$((skipped + 1))
		printf 'SKIP  %s: %s\n' "$name" "$(tail -n 1 "$out")"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf 'FAIL  %s (exit %d)\n' "$name" "$rc"
		sed 's/^/    /' "$out" | tail -n 40
	fi
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CMOCKA_MESSAGE_OUTPUT=stdout

for t in "$@"; do
	run_one "unit/$(basename "$t")" "$t"
done
for t in tests/cli/*.sh; do
	[ "$(basename "$t")" = lib.sh ] && continue
	[ -f "$t" ] || continue
	run_one "cli/$(basename "$t" .sh)" sh "$t"
done

[ -n "$failures" ] && printf 'failed:%s\n' "$failures"
printf 'check: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ]
