#!/bin/sh
# width80.sh - every line of report.txt and roster.txt is at most 80
# columns (characters, UTF-8 decoded), so nothing wraps in a default
# terminal (issue #17).  With FILE arguments: checks those files only
# (roster_stale.sh uses it); without: the golden files and a fresh report
# of samples/, every athlete's own report.txt included.
if [ $# -gt 0 ]; then
	exec python3 - "$@" <<'EOF_PY'
import sys
bad = 0
for path in sys.argv[1:]:
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            w = len(line.rstrip('\n'))
            if w > 80:
                print('%s:%d: %d columns: %s' % (path, n, w, line.rstrip('\n')[:60]))
                bad = 1
sys.exit(bad)
EOF_PY
fi
. tests/cli/lib.sh
command -v python3 >/dev/null || skip "no python3: skipped"
[ -f tests/golden/report.txt ] || skip "no goldens: skipped"

check() {
	if sh tests/cli/width80.sh "$@" >"$TMP/w"; then ok "$# file(s): every line at most 80 columns"
	else fail "lines over 80 columns:"; sed 's/^/    /' "$TMP/w"; fi
}
check tests/golden/report.txt tests/golden/roster.txt tests/golden/*/report.txt
"$RUNRISK" report --no-charts -o "$TMP/out" samples >/dev/null 2>&1
check "$TMP/out/report.txt" "$TMP/out/roster.txt" "$TMP/out"/*/report.txt

# the check itself fails on an 81-column line
printf '%081d\n' 0 >"$TMP/wide.txt"
sh tests/cli/width80.sh "$TMP/wide.txt" >/dev/null && fail "an 81-column line passed" ||
	ok "an 81-column line is caught"
# and counts characters, not bytes: 80 x U+00E9 is 160 bytes but 80 columns
python3 -c 'print("\u00e9" * 80)' >"$TMP/utf8.txt"
sh tests/cli/width80.sh "$TMP/utf8.txt" >/dev/null && ok "80 accented letters are 80 columns" ||
	fail "80 accented letters counted as more than 80 columns"
finish
