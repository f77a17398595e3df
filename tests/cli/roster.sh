#!/bin/sh
# roster.sh - a coach's folder of three athletes (one sub-folder each, with
# athlete.ini) gives one ranked roster: the risky one first, the mild one
# second, the calm one last, whatever the folder names' order; report.txt
# starts with that roster, and each athlete has a report of their own.
#
# All three run the same six weeks (8 km on Mon, Wed, Fri and Sat), then
# on Sunday 2024-02-11:
#   rita (risky): 20 km, 2.5 x the longest run of the 30 days before
#        (long_run_spike alert, > 100 %), and her shoe, at 600 + 192 km
#        before it, passes 800 km (shoe_mileage alert);
#   milo (mild):  11 km, + 37.5 % (long_run_spike warn, > 30 %);
#   cleo (calm):  8 km, nothing to flag.
# Folder names sort cleo < milo < rita: the opposite of the ranking.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk

C=$TMP/coach
t0=1704092400	# Monday 2024-01-01 07:00 UTC
for who in rita milo cleo; do
	mkdir -p "$C/$who"
	case $who in
	rita) last=20040 name="Rita Risky" start=600 ;;
	milo) last=11010 name="Milo Mild" start=0 ;;
	cleo) last=8010 name="Cleo Calm" start=0 ;;
	esac
	printf '[athlete]\nname = %s\ntimezone = UTC\n\n[shoe "Daily trainer"]\nstart_km = %s\n' \
		"$name" "$start" >"$C/$who/athlete.ini"
	w=0
	while [ $w -lt 6 ]; do
		for d in 0 2 4 5; do
			echo "$C/$who/w${w}d$d.gpx gpx $((t0 + (w * 7 + d) * 86400)) 8010 3 10 0 Run"
		done
		w=$((w + 1))
	done >"$TMP/plan"
	echo "$C/$who/sunday.gpx gpx $((t0 + 41 * 86400)) $last 3 10 0 Sunday_run" >>"$TMP/plan"
	awk -f "$GEN" "$TMP/plan"
done

O=$TMP/rep
expect_rc 1 "roster report (new alerts)" "$RUNRISK" report --no-charts -o "$O" "$C"
[ -f "$O/roster.txt" ] || { fail "no roster.txt"; finish; }
sed 's/^/    | /' "$O/roster.txt"

# rank lines: "   1  Rita Risky   alert   2   0   0  2024-02-11   why"
order=$(awk '$1 ~ /^[0-9]+$/ { print $1 ":" $2 }' "$O/roster.txt" | tr '\n' ' ')
[ "$order" = "1:Rita 2:Milo 3:Cleo " ] && ok "ranked: risky, mild, calm" || fail "order: $order"
# a rank line and the "why" line under it, joined
line() { awk -v r="$1" 'p { print prev " " $0; p = 0 } $1 == r { prev = $0; p = 1 }' "$O/roster.txt"; }
line 1 | grep -q ' alert .*2024-02-11 .*\(long_run_spike\|shoe_mileage\)' &&
	ok "rank 1: alert, with the rule in 'why'" || fail "rank 1: $(line 1)"
line 1 | awk '{ exit !($5 >= 2) }' && ok "rank 1: two active alerts (spike and shoe)" ||
	fail "rank 1 alert count: $(line 1)"
line 2 | grep -q ' warn .*long_run_spike' && ok "rank 2: warn, long_run_spike" || fail "rank 2: $(line 2)"
line 3 | grep -q 'no \(active \)\?flag' && ok "rank 3: no active flag" || fail "rank 3: $(line 3)"

# the shoe of the risky one is over 800 km: 600 + 24 x 8.01 + 20.04 = 812.28
grep -q '^Daily trainer,25,812.3,' "$O/rita/shoes.csv" && ok "rita's shoe: 25 runs, 812.3 km" ||
	fail "rita shoes.csv: $(cat "$O/rita/shoes.csv")"

n=$(wc -l <"$O/roster.txt")
head -n "$n" "$O/report.txt" | cmp -s - "$O/roster.txt" && ok "report.txt starts with the roster" ||
	fail "report.txt does not start with roster.txt"
# then the athletes' sections in roster order
sections=$(grep '^== ' "$O/report.txt" | awk '{ print $2 }' | tr '\n' ' ')
[ "$sections" = "Rita Milo Cleo " ] && ok "sections in roster order" || fail "sections: $sections"
for who in rita milo cleo; do
	[ -s "$O/$who/report.txt" ] || fail "no $who/report.txt"
done
awk -F, 'NR > 1 { print $1 ":" $3 }' "$O/roster.csv" | tr '\n' ' ' | grep -qx '1:rita 2:milo 3:cleo ' &&
	ok "roster.csv: the same ranking, folders named" || fail "roster.csv: $(cat "$O/roster.csv")"
finish
