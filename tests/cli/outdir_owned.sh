#!/bin/sh
# outdir_owned.sh - runrisk touches only what it made (issue 14):
#  - a missing or unreadable PATH: exit 2, OUTDIR byte for byte as it was;
#  - no activity readable at all: exit 3, the previous report unchanged;
#  - foreign files in OUTDIR (an rsync temporary, a foreign index.html, a
#    non-empty folder it did not make) are never deleted nor replaced;
#  - OUTDIR inside an input folder, or equal to it, is never read as input;
#  - an athlete gone from the roster: the folder runrisk wrote is removed.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk
R() { "$RUNRISK" report --no-charts "$@"; }
snap() { (cd "$1" && find . -type f ! -name .runrisk.lock | LC_ALL=C sort | xargs md5sum); }
t0=1767225600	# 2026-01-01
mkrun() { echo "$1 gpx $2 $3 3 10 0 Run" | awk -f "$GEN"; }

# a roster of two athletes
ROS=$TMP/ros
mkdir -p "$ROS/ana" "$ROS/ben"
printf '[athlete]\nname = Ana\n' >"$ROS/ana/athlete.ini"
printf '[athlete]\nname = Ben\n' >"$ROS/ben/athlete.ini"
for i in 0 2 4 6; do
	mkrun "$ROS/ana/r$i.gpx" $((t0 + i * 86400)) 6000
	mkrun "$ROS/ben/r$i.gpx" $((t0 + i * 86400)) 5000
done
OUT=$TMP/rep
R -o "$OUT" "$ROS" >/dev/null 2>&1
[ -f "$OUT/ana/report.txt" ] && [ -f "$OUT/.runrisk-manifest" ] && ok "first report and its manifest" ||
	fail "no first report"
# the report's memories in OUTDIR are its files too: listed in the manifest
grep -q ' \.runrisk-since$' "$OUT/.runrisk-manifest" && [ -f "$OUT/.runrisk-since" ] &&
	ok "the manifest lists .runrisk-since" || fail "the manifest does not list .runrisk-since"
if [ -f "$OUT/.runrisk-alerts" ]; then
	grep -q ' \.runrisk-alerts$' "$OUT/.runrisk-manifest" &&
		ok "the manifest lists .runrisk-alerts" || fail "the manifest does not list .runrisk-alerts"
fi
# a report with alerts remembers them, and lists that memory
AL=$TMP/al
mkdir -p "$AL/a"
for i in 0 2 4 6 8 10 12 14 16 18 20 22 24 26 28 30; do
	mkrun "$AL/a/r$i.gpx" $((t0 + i * 86400)) 6000
done
mkrun "$AL/a/r32.gpx" $((t0 + 32 * 86400)) 14000
R -o "$TMP/alo" "$AL/a" >/dev/null 2>&1
[ -f "$TMP/alo/.runrisk-alerts" ] && grep -q ' \.runrisk-alerts$' "$TMP/alo/.runrisk-manifest" &&
	grep -q ' \.runrisk-since$' "$TMP/alo/.runrisk-manifest" &&
	ok "with an alert: the manifest lists .runrisk-alerts and .runrisk-since" ||
	fail "with an alert: memories not in the manifest: $(cat "$TMP/alo/.runrisk-manifest")"

# --- a missing PATH, an unreadable PATH: exit 2, nothing touched
snap "$OUT" >"$TMP/before"
expect_rc 2 "a missing PATH" R -o "$OUT" "$TMP/unmounted"
grep -q "unmounted: error: No such file or directory; nothing written" "$TMP/err" &&
	ok "the missing PATH is named" || fail "stderr: $(cat "$TMP/err")"
expect_rc 2 "a missing PATH beside a good one" R -o "$OUT" "$ROS/ana" "$TMP/typo"
snap "$OUT" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && ok "OUTDIR byte for byte unchanged" || fail "OUTDIR changed"
expect_rc 2 "a missing PATH, fresh OUTDIR" R -o "$TMP/fresh" "$TMP/typo"
[ ! -e "$TMP/fresh" ] && ok "no OUTDIR created" || fail "OUTDIR created for a missing PATH"
# make report DATA=typo fails too
if [ -f Makefile ] && [ -x ./runrisk ]; then
	make -s report DATA="$TMP/typo" OUT="$TMP/mk" >/dev/null 2>&1
	rc=$?
	[ "$rc" -ne 0 ] && [ ! -e "$TMP/mk" ] && ok "make report DATA=typo fails ($rc), writes nothing" ||
		fail "make report DATA=typo: exit $rc"
fi

# --- no readable activity: the previous report stays
mkdir -p "$TMP/junk/ana" "$TMP/junk/ben"
printf 'not a gpx\n' >"$TMP/junk/ana/a.gpx"
printf 'nor this\n' >"$TMP/junk/ben/b.gpx"
snap "$OUT" | grep -v 'runrisk-cache' >"$TMP/before"
expect_rc 3 "no activity readable" R -o "$OUT" "$TMP/junk"
grep -q "no activity could be read.*unchanged" "$TMP/err" && ok "it says the report is unchanged" ||
	fail "stderr: $(cat "$TMP/err")"
snap "$OUT" | grep -v 'runrisk-cache' >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && ok "the previous report is unchanged" || fail "report changed"

# --- foreign files: an rsync temporary, a foreign index.html, a foreign folder
printf 'rsync in flight\n' >"$OUT/.report.txt.Ab3dE9"
printf 'partial\n' >"$OUT/.index.html.x1Y2z3"
R -o "$OUT" "$ROS" >/dev/null 2>&1
[ -f "$OUT/.report.txt.Ab3dE9" ] && [ -f "$OUT/.index.html.x1Y2z3" ] &&
	ok "rsync-shaped temporaries are left alone" || fail "a foreign hidden file was deleted"
printf '<html>the team page</html>\n' >"$OUT/index.html"
mkrun "$ROS/ana/r8.gpx" $((t0 + 8 * 86400)) 7000	# the report must change
expect_rc 2 "a foreign index.html is not replaced" R -o "$OUT" "$ROS"
grep -q "index.html was not written by runrisk" "$TMP/err" && ok "the foreign file is named" ||
	fail "stderr: $(cat "$TMP/err")"
grep -q "the team page" "$OUT/index.html" && ok "foreign index.html untouched" || fail "index.html replaced"
expect_rc 0 "--force replaces it" R --force -o "$OUT" "$ROS"
grep -q "the team page" "$OUT/index.html" && fail "--force did not replace index.html" ||
	ok "--force: index.html is runrisk's now"
F=$TMP/shared
mkdir -p "$F"
printf 'notes\n' >"$F/notes.txt"
expect_rc 2 "a non-empty folder runrisk did not make" R -o "$F" "$ROS"
grep -q "not made by runrisk.*--force" "$TMP/err" && ok "refusal says why and how" ||
	fail "stderr: $(cat "$TMP/err")"
[ "$(ls -A "$F")" = notes.txt ] && ok "nothing written there" || fail "wrote into $F: $(ls -A "$F")"

# --- OUTDIR inside the input, and equal to it: never read back
cp -r "$ROS" "$TMP/in"
R -o "$TMP/in/report" "$TMP/in" >/dev/null 2>&1
R -o "$TMP/in/report" "$TMP/in" >/dev/null 2>&1
n=$(grep -c '^== ' "$TMP/in/report/report.txt")
grep -q 'Files: 5 read' "$TMP/in/report/ana/report.txt" && [ ! -d "$TMP/in/report/report" ] &&
	ok "OUTDIR inside the input: not an athlete, its files not read" ||
	fail "OUTDIR inside the input was read ($n sections)"
cp -r "$ROS" "$TMP/eq"
expect_rc 0 "OUTDIR = the input, first run (--force: not empty)" R --force -o "$TMP/eq" "$TMP/eq"
cp "$TMP/eq/ana/report.txt" "$TMP/eq1.txt"
expect_rc 0 "OUTDIR = the input, second run" R -o "$TMP/eq" "$TMP/eq"
[ -f "$TMP/eq/roster.txt" ] && grep -q 'Files: 5 read' "$TMP/eq/ana/report.txt" &&
	ok "still a roster, the report files are not read as runs" ||
	fail "the roster was merged or its report read back"
same_report "$TMP/eq1.txt" "$TMP/eq/ana/report.txt" && ok "second run reports the same" ||
	fail "second run differs: $(diff "$TMP/eq1.txt" "$TMP/eq/ana/report.txt" | head -n 5)"

# --- an athlete gone from the roster: runrisk's folder goes, a foreign file stays
mkdir -p "$ROS/cid"
for i in 0 2; do mkrun "$ROS/cid/r$i.gpx" $((t0 + i * 86400)) 4000; done
R -o "$OUT" "$ROS" >/dev/null 2>&1
[ -f "$OUT/cid/report.txt" ] && ok "cid reported" || fail "cid not reported"
printf 'coach notes\n' >"$OUT/ben/notes.txt"
rm -rf "$ROS/cid" "$ROS/ben"
R -o "$OUT" "$ROS" >/dev/null 2>&1
[ ! -e "$OUT/cid" ] && ok "cid's folder removed" || fail "stale folder cid stays: $(ls -A "$OUT/cid")"
[ "$(ls -A "$OUT/ben")" = notes.txt ] && ok "ben's report files removed, the foreign note kept" ||
	fail "ben/: $(ls -A "$OUT/ben")"
grep -q 'cid\|ben/' "$OUT/index.html" && fail "index.html still links a gone athlete" ||
	ok "nothing links the gone athletes"
# --- an OUTDIR of a runrisk from before the manifest (lock, cache, report files) is adopted once
L=$TMP/legacy
mkdir -p "$L"
: >"$L/.runrisk.lock"
printf 'an older report\n' >"$L/report.txt"
expect_rc 0 "an older runrisk's OUTDIR (lock, no manifest)" R -o "$L" "$ROS/ana"
grep -q 'an older report' "$L/report.txt" && fail "the old report.txt was not replaced" ||
	ok "its report files are replaced, and a manifest written" 
[ -f "$L/.runrisk-manifest" ] || fail "no manifest in the adopted OUTDIR"

# --- charts left as they are (gnuplot not started) are still the report's
if command -v gnuplot >/dev/null 2>&1; then
	"$RUNRISK" report -o "$TMP/ch" "$ROS/ana" >/dev/null 2>&1
	"$RUNRISK" report -o "$TMP/ch" "$ROS/ana" >/dev/null 2>&1
	"$RUNRISK" report -o "$TMP/ch" "$ROS/ana" >/dev/null 2>&1
	[ -f "$TMP/ch/charts.gp" ] && [ -f "$TMP/ch/weekly_distance.png" ] &&
		grep -q ' weekly_distance.svg$' "$TMP/ch/.runrisk-manifest" &&
		ok "unchanged charts stay, and stay in the manifest" ||
		fail "charts lost on a run with nothing new: $(ls -A "$TMP/ch" | tr '\n' ' ')"
fi
finish
