#!/bin/sh
# archive_lock.sh - two `runrisk report` runs started together on one
# OUTDIR (two cron jobs) leave a consistent report: both succeed, exactly
# one of them announces the new alerts (exit 1, the other 0), report.txt
# and the tables equal a fresh single run's, no temporary file is left,
# and the next run loads the cache cleanly (no warning, cache not
# rewritten).  Also: a run waits for a held lock, and --no-wait gives up
# at once naming the reason.
. tests/cli/lib.sh
[ -d samples/ana ] || skip "skip: no samples/ana"

# Ana's runs without the truncated sample file: new alerts, nothing unreadable.
D=$TMP/ana
mkdir -p "$D"
for f in samples/ana/*; do
	case $f in *"(1)"*) continue ;; esac
	cp -p "$f" "$D/"
done
# Round 1 draws the charts when gnuplot is there (their staging folders
# race too); round 2 runs without, as fast as the lock lets it.
CH1=
command -v gnuplot >/dev/null 2>&1 || CH1=--no-charts
expect_rc 1 "fresh single run (new alerts)" "$RUNRISK" report $CH1 -o "$TMP/ref1" "$D"
expect_rc 1 "fresh single run, no charts" "$RUNRISK" report --no-charts -o "$TMP/ref2" "$D"

# hidden files that may stay in OUTDIR: the cache, the lock, the alert memory, the manifest
leftovers() { find "$1" -name '.*' ! -name .runrisk-cache ! -name .runrisk.lock \
	! -name .runrisk-alerts ! -name .runrisk-since ! -name .runrisk-manifest | sed "s#^$1/##"; }

round=1
while [ $round -le 2 ]; do
	O=$TMP/out$round
	if [ $round = 1 ]; then CH=$CH1; else CH=--no-charts; fi
	"$RUNRISK" report $CH -o "$O" "$D" >"$TMP/o1" 2>"$TMP/e1" &
	p1=$!
	"$RUNRISK" report $CH -o "$O" "$D" >"$TMP/o2" 2>"$TMP/e2" &
	p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	if [ "$(printf '%s\n' $r1 $r2 | sort | tr '\n' ' ')" = "0 1 " ]; then
		ok "round $round: exits $r1 and $r2 (one run announces the alerts)"
	else
		fail "round $round: exits $r1 and $r2, wanted 0 and 1"
		sed 's/^/    stderr: /' "$TMP/e1" "$TMP/e2" | head -n 6
	fi
	[ ! -s "$TMP/e1" ] && [ ! -s "$TMP/e2" ] && ok "round $round: no diagnostics" ||
		fail "round $round: stderr: $(cat "$TMP/e1" "$TMP/e2")"
	same=1
	for f in report.txt runs.csv flags.csv shoes.csv weeks.csv days.csv index.html; do
		same_report "$TMP/ref$round/$f" "$O/$f" || { same=0; fail "round $round: $f differs from a single run's"; }
	done
	[ $same = 1 ] && ok "round $round: report.txt and the tables equal a single run's"
	left=$(leftovers "$O")
	[ -z "$left" ] && ok "round $round: no temporary file left" || fail "round $round: left over: $left"
	round=$((round + 1))
done

# The next run takes everything from the cache: no warning, exit 0, and the
# cache is not rewritten (nothing changed), so it was loaded whole.
O=$TMP/out2
cp "$O/.runrisk-cache" "$TMP/cache.before"
expect_rc 0 "next run: no new alert" "$RUNRISK" report --no-charts -o "$O" "$D"
[ ! -s "$TMP/err" ] && ok "next run: the cache loads without a warning" || fail "stderr: $(cat "$TMP/err")"
cmp -s "$O/.runrisk-cache" "$TMP/cache.before" && ok "next run: cache untouched (all hits)" ||
	fail "next run rewrote the cache"

# A held lock: a --no-wait run gives up at once; a waiting run finishes after it.
if command -v flock >/dev/null 2>&1; then
	# the holder leaves a mark just before it lets go of the lock
	flock "$O/.runrisk.lock" sh -c 'sleep 2; : >"$1"' sh "$TMP/released" &
	hp=$!
	sleep 0.3
	expect_rc 4 "--no-wait while another run holds OUTDIR" "$RUNRISK" report --no-charts --no-wait -o "$O" "$D"
	grep -q 'in use by another runrisk' "$TMP/err" && ok "--no-wait names the reason" ||
		fail "--no-wait message: $(cat "$TMP/err")"
	[ ! -e "$TMP/released" ] || echo "(the machine is slow: the lock was free before the check)"
	expect_rc 0 "a waiting run succeeds once the lock is free" "$RUNRISK" report --no-charts -o "$O" "$D"
	[ -e "$TMP/released" ] && ok "it waited for the holder" || fail "it did not wait for the lock"
	wait $hp
else
	echo "(flock(1) not installed: held-lock checks not run)"
fi
finish
