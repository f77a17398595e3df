#!/bin/sh
# report_nognuplot.sh - without gnuplot, `runrisk report` fails as a whole:
# exit 4, a clear message naming the package and --no-charts, and no report
# file at all (never a report without its charts).  --no-charts then writes
# the text, CSV, JSON and HTML files and no chart.
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
[ $rc -eq 4 ] || fail "exit $rc without gnuplot, wanted 4"
grep -q 'gnuplot not found.*install gnuplot-nox, or run with --no-charts; report not written' "$tmp/stderr" ||
	{ cat "$tmp/stderr"; fail "no clear 'gnuplot not found' message on stderr"; }
left=$(cd "$tmp/out" && find . -type f ! -name .runrisk-cache ! -name .runrisk.lock ! -name .runrisk-alerts | head -n 3)
[ -z "$left" ] || fail "files written although the report failed: $left"
[ ! -s "$tmp/stdout" ] || fail "a summary line on stdout although the report failed"

PATH=/nonexistent "$RUNRISK" report --no-charts -o "$tmp/out" samples >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[ $rc -eq 1 ] || fail "--no-charts: exit $rc, wanted 1 (the samples have alerts)"
for f in $(cd "$tmp/out" && if [ -f roster.txt ]; then find . -mindepth 2 -name report.txt; else echo ./report.txt; fi); do
	d=$tmp/out/$(dirname "$f")
	for t in report.txt index.html runs.csv runs.json days.csv weeks.csv flags.csv shoes.csv; do
		[ -e "$d/$t" ] || fail "--no-charts: missing $d/$t"
	done
	ls "$d"/*.png >/dev/null 2>&1 && fail "--no-charts: charts in $d"
	grep -q '<img' "$d/index.html" && fail "--no-charts: $d/index.html shows an image"
done
[ -z "$(find "$tmp/out" -name '.runrisk-charts-*')" ] || fail "staging folder left"
echo "ok"
