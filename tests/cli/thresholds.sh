#!/bin/sh
# thresholds.sh - an athlete who overrides the spike and ACWR thresholds in
# athlete.ini [thresholds] (doc/rules.md) gets them everywhere: the flags
# (flags.csv), the words of report.txt and index.html, and the chart bands
# of charts.gp.  The defaults (10/30/100 %, 30 days, 1.3/1.5) must be gone
# wherever the athlete's values stand in for them.
. tests/cli/lib.sh
[ -f samples/ana/athlete.ini ] || skip "no samples/ana: skipped"

cp -R samples/ana "$TMP/ana"
cat >>"$TMP/ana/athlete.ini" <<'INI'

[thresholds]
long_run_spike_warn = 0.2
long_run_spike_moderate = 0.5
long_run_spike_alert = 1.5
long_run_spike_window_days = 21
acwr_warn = 1.2
acwr_alert = 1.7
INI

charts=--no-charts
command -v gnuplot >/dev/null 2>&1 && charts=
"$RUNRISK" report $charts -o "$TMP/out" "$TMP/ana" >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] && ok "report with own thresholds (exit 1)" || fail "report: exit $rc"
"$RUNRISK" report --no-charts -o "$TMP/def" samples/ana >/dev/null 2>&1
O=$TMP/out

# has FILE TEXT / hasnt FILE TEXT: fixed strings
has()   { grep -qF -- "$2" "$1" && ok "$(basename "$1") has: $2" || fail "$(basename "$1") lacks: $2"; }
hasnt() { grep -qF -- "$2" "$1" && fail "$(basename "$1") still has: $2" || ok "$(basename "$1") has no: $2"; }

# Flags: every long_run_spike and acwr flag crossed one of the athlete's own.
awk -F, 'NR > 1 && $3 == "long_run_spike" && $6 != "0.2" && $6 != "0.5" && $6 != "1.5" { bad++ }
	NR > 1 && $3 == "acwr" && $6 != "1.2" && $6 != "1.7" { bad++ }
	NR > 1 && ($3 == "acwr" || $3 == "long_run_spike") { n++ }
	END { exit !(n > 0 && bad == 0) }' "$O/flags.csv" &&
	ok "flags.csv: spike and ACWR flags at the athlete's thresholds" ||
	fail "flags.csv: a spike or ACWR flag at another threshold"
has "$O/flags.csv" "longer than the longest run of the previous 21 days"
hasnt "$O/flags.csv" "previous 30 days"
# The rules ran on the new thresholds: the flags differ from the defaults'.
# (acwr is context, muted while Ana returns from her layoff: no acwr flag in
# her samples either way; its zones are checked below.)
for r in long_run_spike; do
	grep ",$r," "$O/flags.csv" | cut -d, -f2-6 >"$TMP/own"
	grep ",$r," "$TMP/def/flags.csv" | cut -d, -f2-6 >"$TMP/default"
	cmp -s "$TMP/own" "$TMP/default" && fail "$r flags as with the defaults" ||
		ok "$r flags: $(wc -l <"$TMP/own") with own thresholds, $(wc -l <"$TMP/default") with the defaults"
done

# Words: the zones, the measures, what to do, the spike title.
# Ana is returning from her layoff at the end of the data: no ratio, no zone.
has "$O/report.txt" "ACWR on 2026-10-25: not meaningful (returning: day 8 after 13 days off)"
hasnt "$O/report.txt" "under 1.3"
hasnt "$O/report.txt" "1.5 and above"
has "$O/index.html" "not meaningful (returning: day 8 after 13 days off)"
hasnt "$O/report.txt" "in the last 30 days"
grep 'long_run_spike *longer by' "$O/report.txt" >"$TMP/spikes"
[ -s "$TMP/spikes" ] && ! grep -qv 'above +\(20\|50\|150\) %)' "$TMP/spikes" &&
	ok "report.txt: spike measures against +20/+50/+150 %" ||
	fail "report.txt: a spike measure not against the athlete's thresholds"

[ -n "$charts" ] && { echo "gnuplot not installed: charts.gp not checked"; finish; }
gp=$O/charts.gp
# Spike bands: 1 + 1.5, 1 + 0.5, 1 + 0.2 times the 21-day longest run.
has "$gp" "(\$2*2.5/1000) with fillsteps fc rgb '#ffe0b2' title '+50 to +150 %'"
has "$gp" "(\$2*1.5/1000) with fillsteps fc rgb '#fff59d' title '+20 to +50 %'"
has "$gp" "(\$2*1.2/1000) with fillsteps fc rgb '#dcedc8' title 'up to +20 %'"
has "$gp" "title 'over +150 %'"
has "$gp" "title '21-day longest run'"
has "$gp" "Each run against the longest of the 21 days before"
hasnt "$gp" "(\$2*1.3/1000)"
hasnt "$gp" "(\$2*2/1000)"
# ACWR zones 0.8 / 1.2 / 1.7.
has "$gp" "rect from graph 0, first 0.8 to graph 1, first 1.2 "
has "$gp" "rect from graph 0, first 1.2 to graph 1, first 1.7 "
has "$gp" "rect from graph 0, first 1.7 to graph 1, graph 1 "
hasnt "$gp" "first 1.3"
has "$O/index.html" "yellow above 1.2 is caution, red from 1.7 is danger"
has "$O/index.html" "are 20 %, 50 % and 150 % longer"
# Each run's band in \$runs follows the athlete's thresholds (whole metres).
awk '/^\$runs << EOD/ { on = 1; next } /^EOD/ { on = 0 } on && !/^#/ {
		d = $2; l = $3; b = $4; n++
		if (l == "NaN" || l <= 0) want = 4
		else if (d * 1000 <= l * 1200) want = 0
		else if (d * 1000 <= l * 1500) want = 1
		else if (d * 1000 <= l * 2500) want = 2
		else want = 3
		if (b != want) { print "    band " b " for " d " m vs " l " m, want " want; bad++ }
		if (b == 1 || b == 2) mid++
	}
	END { exit !(n > 0 && mid > 0 && bad == 0) }' "$gp" &&
	ok "\$runs: each run's band by 20/50/150 %" || fail "\$runs: a band not by the athlete's thresholds"
finish
