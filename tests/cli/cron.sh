#!/bin/sh
# cron.sh - the nightly job as cron runs it (issue 14):
#  - `make install PREFIX=...` gives a runrisk-cron that finds runrisk
#    under cron's own environment (env -i PATH=/usr/bin:/bin);
#  - a file that stays unreadable (or a broken link) is mailed once, not
#    every night; a changed one is new again; the report still lists it;
#  - alert lines on stdout and CSV rows carry no raw control character: a
#    folder or file name with a newline cannot forge a second line.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk
[ -d samples/ana ] || skip "skip: no samples/"
t0=1767225600

# --- install to a temporary PREFIX, run the wrapper as cron does
P=$TMP/prefix
if [ -x ./runrisk ] && make -s -o runrisk install PREFIX="$P" >/dev/null 2>"$TMP/err"; then
	cp "$RUNRISK" "$P/bin/runrisk"	# the binary under test (sanitizers too)
	CRON=$P/share/runrisk/runrisk-cron
	grep -q "^runrisk=$P/bin/runrisk\$" "$CRON" && ok "the installed wrapper names PREFIX/bin/runrisk" ||
		fail "wrapper: $(grep '^runrisk=' "$CRON")"
	cronrun() { env -i PATH=/usr/bin:/bin HOME="$TMP" LOGNAME=cron /bin/sh -c '"$@"' sh "$CRON" "$@"; }
	A=$TMP/ana
	mkdir -p "$A"
	for f in samples/ana/*; do case $f in *"(1)"*) ;; *) cp -p "$f" "$A/" ;; esac; done
	cronrun "$TMP/out-cron" "$A" >"$TMP/mail" 2>&1
	rc=$?
	[ $rc -eq 1 ] && grep -q "new alerts" "$TMP/mail" && ok "under cron's PATH: exit 1, 'new alerts' mailed" ||
		fail "cron run: exit $rc: $(head -n 5 "$TMP/mail")"
	cronrun "$TMP/out-cron" "$A" >"$TMP/mail" 2>&1
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$TMP/mail" ] && ok "second night: exit 0, silent" ||
		fail "second night: exit $rc: $(head -n 5 "$TMP/mail")"
	# a bad file: mailed once
	cp "samples/ana/14780513379 (1).gpx.gz" "$A/"
	cronrun "$TMP/out-cron" "$A" >"$TMP/mail" 2>&1
	rc=$?
	[ $rc -eq 3 ] && grep -q "unreadable input files" "$TMP/mail" && grep -q "(1).gpx.gz" "$TMP/mail" &&
		ok "a new bad file: exit 3, mailed with its name" || fail "bad file night: exit $rc: $(cat "$TMP/mail")"
	cronrun "$TMP/out-cron" "$A" >"$TMP/mail" 2>&1
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$TMP/mail" ] && ok "the same bad file the next night: silent" ||
		fail "known bad file mailed again: exit $rc: $(head -n 5 "$TMP/mail")"
	grep -q "(1).gpx.gz" "$TMP/out-cron/report.txt" && ok "the report still lists it" ||
		fail "the known bad file is not in the report"
	printf 'junk' >>"$A/14780513379 (1).gpx.gz"
	cronrun "$TMP/out-cron" "$A" >"$TMP/mail" 2>&1
	rc=$?
	[ $rc -eq 3 ] && ok "the bad file changed: mailed again" || fail "changed bad file: exit $rc"
	# a broken link is a bad input too: mailed once
	ln -s "$TMP/nowhere.gpx" "$A/broken.gpx"
	cronrun "$TMP/out-cron" "$A" >"$TMP/mail" 2>&1
	rc=$?
	[ $rc -eq 3 ] && grep -q "broken.gpx: error: broken symbolic link" "$TMP/mail" &&
		ok "a broken link: exit 3, mailed" || fail "broken link night: exit $rc: $(cat "$TMP/mail")"
	cronrun "$TMP/out-cron" "$A" >"$TMP/mail" 2>&1
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$TMP/mail" ] && ok "the same broken link the next night: silent" ||
		fail "known broken link mailed again: exit $rc: $(head -n 5 "$TMP/mail")"
else
	echo "     note: no ./runrisk to install (sanitizer build?); install not checked"
fi

# --- stdout forging: an athlete folder and a file named with a newline
ROS=$TMP/ros
nl='
'
EVIL="evil${nl}runrisk FORGED 2026-01-01 alert acwr: pay now"
mkdir -p "$ROS/$EVIL" "$ROS/ben"
for f in samples/ana/*; do case $f in *"(1)"*) ;; *) cp -p "$f" "$ROS/$EVIL/" ;; esac; done
for f in samples/ana/*; do case $f in *"(1)"*) ;; *) cp -p "$f" "$ROS/ben/" ;; esac; done
"$RUNRISK" report --quiet --no-charts -o "$TMP/forge" "$ROS" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 1 ] && ok "roster with a newline in a name: new alerts (exit 1)" || fail "exit $rc: $(cat "$TMP/err")"
grep -q '^runrisk FORGED' "$TMP/out" && fail "a name forged a line on stdout" ||
	ok "no forged line on stdout"
n=$(grep -c '^evil?runrisk FORGED .* alert ' "$TMP/out")
[ "$n" -gt 0 ] && ok "the name is shown with '?' for the newline ($n alert lines)" ||
	fail "stdout: $(head -n 3 "$TMP/out")"
LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/out" && fail "a raw control byte on stdout" ||
	ok "no raw control byte on stdout"
# CSV: a file name with a newline stays one row
G=$TMP/csv
mkdir -p "$G"
echo "$G/a.gpx gpx $t0 5000 3 10 0 Run" | awk -f "$GEN"
mv "$G/a.gpx" "$G/two${nl}lines.gpx"
"$RUNRISK" runs "$G" >"$TMP/out" 2>"$TMP/err"
[ "$(wc -l <"$TMP/out")" -eq 2 ] && grep -q '^two?lines.gpx,\|/two?lines.gpx,' "$TMP/out" &&
	ok "runs CSV: a newline in a file name is '?', one row" || fail "runs CSV: $(cat "$TMP/out")"
"$RUNRISK" report --no-charts -o "$TMP/csv-out" "$G" >/dev/null 2>&1
awk -F, 'NR > 1 && $1 !~ /two\?lines/ { bad = 1 } END { exit bad }' "$TMP/csv-out/runs.csv" &&
	[ "$(wc -l <"$TMP/csv-out/runs.csv")" -eq 2 ] && ok "report runs.csv: one row, the name with '?'" ||
	fail "runs.csv: $(cat "$TMP/csv-out/runs.csv")"
finish
