#!/bin/sh
# charts_sparse.sh - one 4.7 km run: the charts' axes fit the data (issue
# #17): the time axis spans the run's week, not a year; the weekly chart's
# y axis stops near 5 km, not 100; its legend lists only what is drawn
# (a part week, no full-week bars).  And a return after a break: the ACWR
# chart draws no ratio on the return's days (issue #17: the text says it is
# not meaningful there), but a grey band the legend names.
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
sed -n '/^# acwr.png/,/^unset output/p' "$G" >"$TMP/ac"
if [ -s "$TMP/ac" ]; then
	grep -q '^ret(t) = 0$' "$TMP/ac" && ! grep -q 'returning' "$TMP/ac" &&
		ok "no return: no returning band" || fail "a returning band without a return"
fi

# 4 weeks of 6 km every other day, 20 days off, then 3 weeks back
B=$TMP/back
mkdir -p "$B"
t0=1767225600	# 2026-01-01 (Thursday)
for i in 0 2 4 6 8 10 12 14 16 18 20 22 24 26 28 50 52 54 56 58 60 62 64 66 68 70; do
	echo "$B/r$i.gpx gpx $((t0 + i * 86400 + 25200)) 6000 3 10 0 Run"
done | awk -f tests/cli/archive_gen.awk
"$RUNRISK" report -o "$TMP/bo" "$B" >/dev/null 2>"$TMP/err" || [ $? -eq 1 ] ||
	{ fail "report: $(cat "$TMP/err")"; finish; }
sed -n '/^# acwr.png/,/^unset output/p' "$TMP/bo/charts.gp" >"$TMP/ac"
back=$((t0 + 50 * 86400))
# ret(t) covers the first day back (2026-02-20, at midday) and not the day before the break
awk -v b="$back" '/^ret\(t\) = / { s = $0; sub(/^ret\(t\) = /, "", s)
		gsub(/\|\|/, "+", s); n = split(s, parts, "+"); hit = 0; before = 0
		for (i = 1; i <= n; i++) if (match(parts[i], /t >= [0-9]+ && t < [0-9]+/)) {
			split(substr(parts[i], RSTART, RLENGTH), w, " ")
			if (w[3] <= b + 43200 && b + 43200 < w[7]) hit = 1
			if (w[3] <= b - 21 * 86400 + 43200 && b - 21 * 86400 + 43200 < w[7]) before = 1 }
		found = 1 }
	END { exit !(found && hit && !before) }' "$TMP/ac" &&
	ok "ret(t) holds the days of the return, not those before the break" ||
	fail "ret(t) misses the return: $(grep '^ret' "$TMP/ac")"
[ "$(grep -c "(ret(timecolumn(1,'%Y-%m-%d')) ? NaN : column(" "$TMP/ac")" -eq 2 ] &&
	ok "ACWR and EWMA ratio are both left out on returning days" ||
	fail "a ratio is drawn on returning days"
grep -q "^set object 1000 rect from .* behind fc rgb '#e0e0e0'" "$TMP/ac" &&
	grep -q "keyentry .*title 'returning: ratio not meaningful'" "$TMP/ac" &&
	ok "a grey band over the return, named in the legend" || fail "no returning band or legend"
grep -q '^set label 1000 "returning:\\nratio not meaningful" .* rotate by 90' "$TMP/ac" &&
	ok "a return 3 weeks wide carries the words upright inside the band" ||
	fail "no label inside a wide returning band"
finish
