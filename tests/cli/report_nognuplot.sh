#!/bin/sh
# report_nognuplot.sh - without gnuplot the report says so on stderr, and the
# text, CSV, JSON and HTML files are still written.
set -u
case ${RUNRISK:-} in
"") echo "skip: RUNRISK not set"; exit 77 ;;
/*) ;;
*) RUNRISK=$PWD/$RUNRISK ;;
esac
[ -x "$RUNRISK" ] || { echo "skip: no runrisk binary at $RUNRISK"; exit 77; }
ls samples/*/athlete.ini >/dev/null 2>&1 || { echo "skip: no generated samples/ yet"; exit 77; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

PATH=/nonexistent "$RUNRISK" report -o "$tmp/out" samples >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if grep -q "not built yet" "$tmp/stderr" || { [ ! -e "$tmp/out" ] && [ $rc -eq 2 ]; }; then
	echo "skip: runrisk report not available yet (exit $rc: $(head -n 1 "$tmp/stderr"))"
	exit 77
fi
grep -q 'gnuplot not found' "$tmp/stderr" || { cat "$tmp/stderr"; fail "no 'gnuplot not found' on stderr (exit $rc)"; }
[ $rc -ne 0 ] || fail "exit status 0 although the charts could not be made"
for f in $(cd "$tmp/out" && if [ -f roster.txt ]; then find . -mindepth 2 -name report.txt; else echo ./report.txt; fi); do
	d=$tmp/out/$(dirname "$f")
	for t in report.txt index.html runs.csv runs.json days.csv weeks.csv flags.csv shoes.csv; do
		[ -e "$d/$t" ] || fail "missing $d/$t"
	done
	ls "$d"/*.png >/dev/null 2>&1 && fail "charts in $d without gnuplot"
done
[ -z "$(find "$tmp/out" -name '.runrisk-charts-*')" ] || fail "staging folder left"
echo "ok"
