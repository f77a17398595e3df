#!/bin/sh
# since_last.sh - the "Since last" block of report.txt and index.html
# (issue #17): a first report says so; after one more run file and one more
# pain entry the next report names both; a third run with nothing changed
# says "nothing new since the last report (DATE)".  The stdout summary
# keeps its "N active alerts, M new".
. tests/cli/lib.sh
command -v python3 >/dev/null || skip "no python3: skipped"

cp -R samples/ana "$TMP/ana"
out=$TMP/rep
"$RUNRISK" report --no-charts -o "$out" "$TMP/ana" >"$TMP/o1" 2>"$TMP/e1"
if grep -q '^Since last  first report$' "$out/report.txt"; then ok "first report says so"
else fail "first report: no 'first report' line"; grep -n '^Since' "$out/report.txt"; fi
grep -q 'active alert.*new; report in' "$TMP/o1" && ok "stdout keeps 'N active alerts, M new'" ||
	fail "stdout summary changed: $(cat "$TMP/o1")"
[ -f "$out/.runrisk-since" ] && ok "the report memory is in OUTDIR" ||
	fail "no $out/.runrisk-since"

# one more run (2026-10-27, 8 km at 3 m/s) and one more pain entry
python3 tests/cli/gen_activity.py "$TMP/ana/extra.gpx" 1793088000 --type running \
	2667:3 || fail "gen_activity.py failed"
echo '2026-10-27,left,3,new calf twinge' >>"$TMP/ana/pain.csv"
"$RUNRISK" report --no-charts -o "$out" "$TMP/ana" >"$TMP/o2" 2>"$TMP/e2"
sed -n '/^Since last/,/^$/p' "$out/report.txt" >"$TMP/b2"
grep -q '^Since last  what changed since the last report (....-..-..):' "$TMP/b2" &&
	ok "second report: the block has the previous report's date" ||
	{ fail "second report: no block head"; cat "$TMP/b2"; }
grep -q 'New run (1): 2026-10-27 8.0 km' "$TMP/b2" && ok "names the new run" ||
	{ fail "new run not named"; cat "$TMP/b2"; }
grep -q 'New pain entry (1): 2026-10-27 3/10 left' "$TMP/b2" && ok "names the new pain entry" ||
	{ fail "new pain entry not named"; cat "$TMP/b2"; }
grep -q 'New run (1): 2026-10-27' "$out/index.html" && ok "index.html has the block" ||
	fail "index.html lacks the new run"
grep -q 'active alert.*new; report in' "$TMP/o2" || fail "stdout summary changed"

"$RUNRISK" report --no-charts -o "$out" "$TMP/ana" >"$TMP/o3" 2>"$TMP/e3"
if grep -q '^Since last  nothing new since the last report ([0-9]\{4\}-[0-9][0-9]-[0-9][0-9])$' \
	"$out/report.txt"; then ok "unchanged: nothing new since the last report"
else fail "unchanged: wrong block"; sed -n '/^Since last/,/^$/p' "$out/report.txt"; fi
# the block's lines (the data notes hold $TMP paths, not ours to judge)
sh tests/cli/width80.sh "$TMP/b2" >"$TMP/w" && ok "the block is at most 80 columns" ||
	{ fail "lines over 80 columns"; cat "$TMP/w"; }
finish
