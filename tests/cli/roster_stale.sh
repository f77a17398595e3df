#!/bin/sh
# roster_stale.sh - an athlete whose data stopped weeks ago is a reason to
# check in (issue #17): the roster ranks her with the warnings, above a
# calm athlete with recent data, says "No data for N days" and shows each
# athlete's last day with data.  Every line of roster.txt and report.txt
# fits 80 columns.
#
# Three athletes run 8 km on Mon, Wed, Fri and Sat from Monday 2024-01-01:
#   milo: six weeks, then 11 km on Sunday 2024-02-11 (long_run_spike warn);
#   cleo: six weeks, then 8 km on that Sunday: nothing to flag;
#   sara: two weeks only, her last run on Saturday 2024-01-13: 29 days
#         before the roster's last day, 2024-02-11.
# Folder names sort cleo < milo < sara; the ranking must be milo, sara, cleo.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk

C=$TMP/coach
t0=1704092400	# Monday 2024-01-01 07:00 UTC
for who in milo cleo sara; do
	mkdir -p "$C/$who"
	case $who in
	milo) last=11010 name="Milo Mild" weeks=6 ;;
	cleo) last=8010 name="Cleo Calm" weeks=6 ;;
	sara) last= name="Sara Stale" weeks=2 ;;
	esac
	printf '[athlete]\nname = %s\ntimezone = UTC\n' "$name" >"$C/$who/athlete.ini"
	w=0
	while [ $w -lt $weeks ]; do
		for d in 0 2 4 5; do
			echo "$C/$who/w${w}d$d.gpx gpx $((t0 + (w * 7 + d) * 86400)) 8010 3 10 0 Run"
		done
		w=$((w + 1))
	done >"$TMP/plan"
	[ -n "$last" ] &&
		echo "$C/$who/sunday.gpx gpx $((t0 + 41 * 86400)) $last 3 10 0 Sunday_run" >>"$TMP/plan"
	awk -f "$GEN" "$TMP/plan"
done

O=$TMP/rep
"$RUNRISK" report --no-charts -o "$O" "$C" >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -le 1 ] && ok "roster report (exit $rc)" || { fail "roster report: exit $rc"; cat "$TMP/err"; }
[ -f "$O/roster.txt" ] || { fail "no roster.txt"; finish; }
sed 's/^/    | /' "$O/roster.txt"

grep -q '^rank  athlete .* alerts warnings notes  last flag   last data$' "$O/roster.txt" &&
	ok "readable column headers" || fail "header: $(sed -n 2p "$O/roster.txt")"
order=$(awk '$1 ~ /^[0-9]+$/ { print $1 ":" $2 }' "$O/roster.txt" | tr '\n' ' ')
[ "$order" = "1:Milo 2:Sara 3:Cleo " ] && ok "ranked: flagged, stale, calm" ||
	fail "order: $order"
line() { awk -v r="$1" 'p { print prev " " $0; p = 0 } $1 == r { prev = $0; p = 1 }' "$O/roster.txt"; }
line 2 | grep -q 'no data .* 2024-01-13 .*No data for 29 days (last run 2024-01-13): check in' &&
	ok "rank 2: no data for 29 days, last data 2024-01-13" || fail "rank 2: $(line 2)"
line 3 | grep -q ' 2024-02-11 .*no flag in the last 7 days' &&
	ok "rank 3: calm, last data 2024-02-11" || fail "rank 3: $(line 3)"

# 80 columns on every line of both files (tests/cli/width80.sh counts characters)
for f in roster.txt report.txt; do
	sh tests/cli/width80.sh "$O/$f" >"$TMP/w" && ok "$f: every line at most 80 columns" ||
		{ fail "$f has lines over 80 columns:"; sed 's/^/    /' "$TMP/w"; }
done
finish
