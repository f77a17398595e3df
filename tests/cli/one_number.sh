#!/bin/sh
# one_number.sh - one number per thing per day (issue #17): the header's
# load table and ACWR and the flags' ACWR evidence each state their date
# (the header's: the day the windows end on), and every ACWR value
# report.txt quotes is the one days.csv holds for that date (rounded to
# the 2 decimals printed).  Checked on the samples (Ben's header quotes a ratio, Ana's is "not
# meaningful" while returning) and on a made-up runner whose last week
# triples, so that acwr flags quote their ratio in the evidence.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk

# check_one DIR: DIR/report.txt against DIR/days.csv
check_one() {
	d=$1
	[ -s "$d/report.txt" ] && [ -s "$d/days.csv" ] || { fail "$d: no report.txt or days.csv"; return; }
	end=$(sed -n 's/^Windows *end on \([0-9-]*\),.*/\1/p' "$d/report.txt")
	hdr=$(grep -o 'ACWR[ 0-9.]* on [0-9-]*' "$d/report.txt" | head -n 1 | sed 's/.* on //')
	if [ -n "$end" ] && [ "$hdr" = "$end" ]; then
		ok "$d: the header's ACWR states its date, $hdr, the windows' last day"
	else
		fail "$d: header ACWR date '$hdr', windows end on '$end'"
	fi
	load=$(sed -n 's/^  Load up to \([0-9-]*\) .*/\1/p' "$d/report.txt")
	[ -n "$end" ] && [ "$load" = "$end" ] && ok "$d: the load table states its day, $load" ||
		fail "$d: the load table says up to '$load', the windows end on '$end'"
	# The report as one line (wrapping only adds blanks), then every quoted
	# ACWR with its date: "ACWR 1.00 on DATE" (header), "..DATE): ACWR 1.62
	# (coupled)" (evidence), "DATE  acwr: ratio 1.62" (a flag's line),
	# "DATE  note  acwr  ratio 1.62" (earlier flags).
	tr '\n' ' ' <"$d/report.txt" | tr -s ' ' |
		grep -oE 'ACWR [0-9]+\.[0-9]+ on [0-9-]{10}|\.\.[0-9-]{10}\): ACWR [0-9]+\.[0-9]+ \(coupled\)|[0-9-]{10} [a-z]+ acwr ratio [0-9]+\.[0-9]+|[0-9-]{10} acwr: ratio [0-9]+\.[0-9]+' |
		sed -E -e 's/^ACWR ([0-9.]+) on ([0-9-]+)$/\2 \1/' \
			-e 's/^\.\.([0-9-]+)\): ACWR ([0-9.]+) .*/\1 \2/' \
			-e 's/^([0-9-]+) [a-z]+ acwr ratio ([0-9.]+)$/\1 \2/' \
			-e 's/^([0-9-]+) acwr: ratio ([0-9.]+)$/\1 \2/' >"$TMP/quoted"
	n=$(wc -l <"$TMP/quoted")
	bad=$(awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) if ($i == "acwr_coupled") c = i; next }
			v[$1] = $c; next }
		{ split($0, q, " "); want = (q[1] in v) && v[q[1]] != "" ? sprintf("%.2f", v[q[1]]) : "none"
		  if (want != q[2]) print q[1] ": report " q[2] ", days.csv " want }' "$d/days.csv" "$TMP/quoted")
	if [ -n "$bad" ]; then
		fail "$d: an ACWR quoted unlike days.csv:"; echo "$bad" | sed 's/^/    /'
	else
		ok "$d: $n ACWR value(s) quoted, each as days.csv has it for its date"
	fi
	echo "$n"
}

ls samples/*/athlete.ini >/dev/null 2>&1 || skip "no generated samples/ yet"
"$RUNRISK" report --no-charts -o "$TMP/s" samples >/dev/null 2>&1
case $? in 0|1|3) ;; *) fail "runrisk report samples: exit $?" ;; esac
for a in ana ben; do
	check_one "$TMP/s/$a" >"$TMP/log"; sed '$d' "$TMP/log"
done
grep -q 'ACWR [0-9.]* on ' "$TMP/s/ben/report.txt" && ok "Ben's header quotes a ratio" ||
	fail "Ben's header quotes no ACWR: the check would check nothing"

# A made-up runner: 4 weeks of 6 km a day, then 7 days of 18 km: ACWR flags.
t0=1767225600	# 2026-01-01
mkdir -p "$TMP/x/max"
i=0
while [ $i -lt 35 ]; do
	km=6000; [ $i -ge 28 ] && km=18000
	echo "$TMP/x/max/r$i.gpx gpx $((t0 + i * 86400 + 25200)) $km 3 10 0 Run"
	i=$((i + 1))
done | awk -f "$GEN"
"$RUNRISK" report --no-charts -o "$TMP/xo" "$TMP/x/max" >/dev/null 2>&1
check_one "$TMP/xo" >"$TMP/log"; sed '$d' "$TMP/log"
[ "$(tail -n 1 "$TMP/log")" -ge 3 ] && ok "the made-up runner's flags quote ACWR values too" ||
	fail "the made-up runner quotes $(tail -n 1 "$TMP/log") ACWR value(s): the check checked little"
finish
