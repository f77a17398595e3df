#!/bin/sh
# render_reads.sh - renderers only read (DESIGN.md; issue #12).  Fails when
#  1. a render/ source other than the wording table (render/rule_words.c)
#     holds a rule name inside a string literal, or compares rule names as
#     strings (strcmp/strncmp on a ->rule);
#  2. a render/ source sums or windows the load itself: a += into anything
#     but a text cursor or counter, an accumulator of the form *x + v (the
#     NAN-aware add helpers the old weekly and 7/28-day totals used), a +/-
#     on a load field (distance, ascent, fast time, calf load, durations),
#     or a window of days around a run's local_day.
# The rule names come from the rule table, analysis/rule_table.c.
# RENDER_DIR (default render) lets the check be shown to fail on old code.
. tests/cli/lib.sh
R=${RENDER_DIR:-render}
[ -f analysis/rule_table.c ] && [ -d "$R" ] || skip "no rule table or $R: skipped"

names=$(sed -n 's/^\t\[RULE_[A-Z_]*\] = { "\([a-z_]*\)".*/\1/p' analysis/rule_table.c)
n=$(echo "$names" | wc -w)
[ "$n" -ge 11 ] && ok "$n rule names in the rule table" || fail "only $n rule names read"

# Literals that spell a rule's name but are not it: the ACWR chart's file
# (acwr.png, doc/report.md) and the days.csv column of Foster's monotony.
allowed='render/charts.c:[0-9]+:	\[CHART_ACWR\] = \{ "acwr",|render/tables.c:[0-9]+:.*"acwr_ewma", "monotony", "strain"'
srcs=$(ls "$R"/*.c "$R"/*.h | grep -v '/rule_words\.c$')
hits=0
for name in $names; do
	grep -nE "\"([^\"\\\\]|\\\\.)*\\b$name\\b" $srcs | sed "s#^$R/#render/#" |
		grep -vE "^($allowed)" >"$TMP/hit"
	if [ -s "$TMP/hit" ]; then
		fail "rule name $name in a string literal outside rule_words.c:"
		sed 's/^/    /' "$TMP/hit"; hits=1
	fi
done
[ $hits = 0 ] && ok "no rule name in a renderer's string literal outside the wording table"
if grep -nE 'str(n)?cmp\([^;]*->rule|->rule[^;]*str(n)?cmp' $srcs >"$TMP/hit"; then
	fail "a rule compared as a string:"; sed 's/^/    /' "$TMP/hit"
else
	ok "no rule compared as a string"
fi

# check WHAT PATTERN: fail with the lines of render/*.c that match, else ok.
all=$(ls "$R"/*.c)
check() {
	what=$1; shift
	if grep -nE "$@" $all >"$TMP/hit"; then
		fail "$what in a renderer:"; sed 's/^/    /' "$TMP/hit"
	else
		ok "no $what"
	fi
}
# 2. sums.  Allowed +=: text cursors and counters.
grep -nE '\+=' $all | grep -vE '(\*?\b(len|off|col|s|p|buf|used|day|n)) \+= ' >"$TMP/hit" &&
	{ fail "a += in a renderer:"; sed 's/^/    /' "$TMP/hit"; } || ok "no += but on text cursors and counters"
check "accumulator (*sum + v)" '\*[a-z_]+ \+ [a-z_]'
load='(distance_m|ascent_m|descent_m|fast_s|calf_load|moving_s|elapsed_s|longest_m|km)\b'
check "load field added or subtracted" "$load [-+] |[^-+] [-+] [a-z_>.()&]*$load"
check "window of days around a run" 'local_day [<>]=? [^;]*[-+] [0-9]|[-+] [0-9]+ [<>]=? [a-z_>.]*local_day'
finish
