#!/bin/sh
# Golden test: report.txt and the CSV tables made from samples/ must equal the
# files checked in under tests/golden/ byte for byte.  A failure shows the diff.
# After an intended change: `make golden` rewrites them; review the diff in git.
. tests/cli/lib.sh
[ -d tests/golden ] && ls samples/*/athlete.ini >/dev/null 2>&1 || skip "no samples or goldens: skipped"

"$RUNRISK" report --no-charts -o "$TMP/out" samples >/dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] && ok "report on samples (exit 1)" || fail "report on samples: exit $rc"
n=0
for g in $(cd tests/golden && find . -type f | sort); do
	n=$((n + 1))
	if [ ! -f "$TMP/out/$g" ]; then
		fail "missing output $g"
	elif cmp -s "tests/golden/$g" "$TMP/out/$g"; then
		:
	else
		fail "$g differs from tests/golden/$g:"
		diff -u "tests/golden/$g" "$TMP/out/$g" | head -n 40 | sed 's/^/    /'
	fi
done
[ "$n" -ge 5 ] && ok "$n golden files compared" || fail "only $n golden files"
finish
