#!/bin/sh
# charts_sparse.sh - one 4.7 km run: the charts' axes fit the data (issue
# #17): the time axis spans the run's week, not a year; the weekly chart's
# y axis stops near 5 km, not 100; its legend lists only what is drawn
# (a part week, no full-week bars).
. tests/cli/lib.sh
command -v gnuplot >/dev/null || skip "no gnuplot: skipped"
D=$TMP/one
mkdir -p "$D"
echo "$D/a.gpx gpx 1704092400 4700 3 10 0 Run" | awk -f tests/cli/archive_gen.awk
"$RUNRISK" report -o "$TMP/out" "$D" >/dev/null 2>"$TMP/err" || { fail "report: $(cat "$TMP/err")"; finish; }
G=$TMP/out/charts.gp
[ -s "$G" ] || { fail "no charts.gp"; finish; }
# every date axis: at most 14 days
sed -n 's/^set xrange \[\([0-9]*\):\([0-9]*\)\]$/\1 \2/p' "$G" |
	awk '{ n++; if ($2 - $1 > 14 * 86400) { print; bad = 1 } } END { exit bad || !n }' >"$TMP/x" &&
	ok "every time axis spans at most 14 days" || fail "a year-long time axis: $(cat "$TMP/x")"
# the weekly chart: y up to 10 km at most, and no legend entry for bars not drawn
sed -n '/^# weekly_distance.png/,/^unset output/p' "$G" >"$TMP/wk"
top=$(sed -n 's/^set yrange \[0:\([0-9.]*\)\]$/\1/p' "$TMP/wk" | head -n 1)
[ -n "$top" ] && awk -v t="$top" 'BEGIN { exit !(t >= 4.7 && t <= 10) }' &&
	ok "weekly y axis 0..$top km for a 4.7 km run" || fail "weekly y axis top: '$top'"
grep -q "title 'km per week'" "$TMP/wk" && fail "legend lists full weeks that are not drawn" ||
	ok "no legend entry for full weeks (none drawn)"
grep -q "title 'part of a week'" "$TMP/wk" && ok "legend lists the part week drawn" ||
	fail "the part week is not in the legend"
finish
