#!/bin/sh
# report_files.sh - `runrisk report samples/`: every output file is there,
# report.txt is at most 100 columns, the PNGs are real PNGs at least 800 px
# wide, index.html loads nothing from the network, and a second run gives
# the same bytes (deterministic output).
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

"$RUNRISK" report -o "$tmp/a" samples >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if grep -q "not built yet" "$tmp/stderr" || { [ ! -e "$tmp/a" ] && [ $rc -eq 2 ]; }; then
	echo "skip: runrisk report not available yet (exit $rc: $(head -n 1 "$tmp/stderr"))"
	exit 77
fi
case $rc in 0|1|3) ;; *) cat "$tmp/stderr"; fail "exit status $rc" ;; esac

[ -s "$tmp/a/report.txt" ] || fail "no report.txt"
LC_ALL=C.UTF-8 awk 'length($0) > 100 { print FILENAME ":" FNR ": " length($0) " columns"; bad = 1 }
	/ $/ { print FILENAME ":" FNR ": trailing blank"; bad = 1 }
	END { exit bad }' $(find "$tmp/a" -name report.txt) || fail "report.txt layout"
grep -l 'https\?://' $(find "$tmp/a" -name index.html) && fail "index.html refers to the network"
for f in $(cd "$tmp/a" && if [ -f roster.txt ]; then find . -mindepth 2 -name report.txt; else echo ./report.txt; fi); do
	d=$tmp/a/$(dirname "$f")
	for t in index.html runs.csv runs.json days.csv days.json weeks.csv weeks.json \
		 flags.csv flags.json shoes.csv shoes.json; do
		[ -e "$d/$t" ] || fail "missing $d/$t"
	done
done
if command -v gnuplot >/dev/null 2>&1; then
	n=0
	for p in $(find "$tmp/a" -name '*.png'); do
		hdr=$(od -An -tx1 -N24 "$p" | tr -d ' \n')
		case $hdr in 89504e470d0a1a0a0000000d49484452*) ;; *) fail "$p is not a PNG" ;; esac
		w=$(( 0x$(printf '%s' "$hdr" | cut -c33-40) ))
		[ "$w" -ge 800 ] || fail "$p is $w px wide"
		n=$((n + 1))
	done
	[ $n -gt 0 ] || fail "no chart made"
fi
"$RUNRISK" report -o "$tmp/b" samples >/dev/null 2>&1
for f in $(cd "$tmp/a" && find . -type f \( -name '*.txt' -o -name '*.csv' -o -name '*.json' \
	   -o -name '*.html' -o -name '*.gp' \)); do
	cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "$f differs between two runs"
done
echo "ok"
