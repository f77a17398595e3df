#!/bin/sh
# zip.sh - exports read as downloaded, without unpacking (doc/archive.md):
#  - a Strava-layout zip (activities.csv + activities/*.gpx, .gpx.gz,
#    .tcx.gz) gives the same report.txt and tables as the unpacked folder;
#    runs.csv names each run ZIP:MEMBER;
#  - without athlete.ini, each Activity Gear is a shoe with the default
#    800 km, with the km of its runs (hand-computed: tests/cli/archive_gen.awk);
#  - a Garmin-layout zip of zips gives the same runs as the loose files;
#  - a roster folder of one zip per athlete, and an athlete folder with a zip;
#  - the same zip written as to a pipe (sizes in data descriptors only);
#  - hostile zips (a 200 MiB zip bomb, the same streamed with no sizes in
#    its headers, one whose headers understate its size, '../' and absolute member names, zips nested 3 deep) are refused
#    in bounded time and memory, named ZIP or ZIP:MEMBER on stderr, exit 3,
#    and the good file beside them is still read;
#  - a second run over an unchanged zip parses nothing (the zip is then
#    swapped for one with the same listing and size but garbage activity
#    files, same mtime: no error, same report; activities.csv is read on
#    every run, as in a folder).
# Fixtures: tests/cli/mkzip.py (deterministic zips) from archive_gen.awk runs.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk
MKZIP="python3 tests/cli/mkzip.py"
command -v python3 >/dev/null 2>&1 || skip "python3 missing"

EX=$TMP/export
mkdir -p "$EX/activities"
t0=1709535600	# 2024-03-04 07:00 UTC, a Monday
{
	echo "$EX/activities/1001.gpx gpx $t0 6000"
	echo "$EX/activities/1002.gpx gpx $((t0 + 86400)) 7500"
	echo "$EX/activities/1003.tcx tcx $((t0 + 2 * 86400)) 9000"
	echo "$EX/activities/1004.gpx gpx $((t0 + 3 * 86400)) 6000"
	echo "$EX/activities/1005.gpx gpx $((t0 + 5 * 86400)) 12000"
} | awk '{ print $1, $2, $3, $4, 3, 10, 150, "Run" }' | awk -f "$GEN"
gzip -n "$EX/activities/1001.gpx" "$EX/activities/1003.tcx" "$EX/activities/1005.gpx"
cat >"$EX/activities.csv" <<'CSV'
Activity ID,Activity Date,Activity Name,Activity Type,Activity Gear,Filename
1001,"Mar 4, 2024, 7:00:00 AM",Morning Run,Run,"Ghost 15, red",activities/1001.gpx.gz
1002,"Mar 5, 2024, 7:00:00 AM",Easy,Run,"Ghost 15, red",activities/1002.gpx
1003,"Mar 6, 2024, 7:00:00 AM",Steady,Run,Kinvara 14,activities/1003.tcx.gz
1004,"Mar 7, 2024, 7:00:00 AM",Short,Run,,activities/1004.gpx
1005,"Mar 9, 2024, 7:00:00 AM",Long,Run," GHOST 15, red ",activities/1005.gpx.gz
CSV
touch -d '2024-06-01 12:00:00' "$EX/activities.csv" "$EX"/activities/*

# ---- Strava layout: zip = folder ----
$MKZIP tree "$TMP/export.zip" "$EX" || fail "mkzip tree"
$MKZIP tree "$TMP/again.zip" "$EX"
cmp -s "$TMP/export.zip" "$TMP/again.zip" && ok "fixture zips are deterministic" ||
	fail "mkzip.py wrote different bytes twice"
expect_rc 0 "report on the folder" "$RUNRISK" report --no-charts -o "$TMP/dir" "$EX"
expect_rc 0 "report on the zip" "$RUNRISK" report --no-charts -o "$TMP/zip" "$TMP/export.zip"
[ ! -s "$TMP/err" ] && ok "zip: quiet on stderr" || fail "zip stderr: $(cat "$TMP/err")"
grep -q '^runrisk: 6 files: 6 parsed, 0 skipped, 0 duplicates;' "$TMP/out" &&
	ok "zip: 5 activities + activities.csv counted" || fail "count line: $(cat "$TMP/out")"
cmp -s "$TMP/dir/report.txt" "$TMP/zip/report.txt" && ok "report.txt: zip = folder" ||
	{ fail "report.txt differs"; diff "$TMP/dir/report.txt" "$TMP/zip/report.txt" | head -n 10; }
for t in days weeks flags shoes; do
	cmp -s "$TMP/dir/$t.csv" "$TMP/zip/$t.csv" && ok "$t.csv: zip = folder" ||
		fail "$t.csv differs"
done
sed "s#^$EX/#$TMP/export.zip:#" "$TMP/dir/runs.csv" >"$TMP/dir-runs-renamed.csv"
cmp -s "$TMP/dir-runs-renamed.csv" "$TMP/zip/runs.csv" &&
	ok "runs.csv: zip = folder, file column ZIP:MEMBER" ||
	{ fail "runs.csv differs"; diff "$TMP/dir-runs-renamed.csv" "$TMP/zip/runs.csv" | head -n 6; }
grep -q "^$TMP/export.zip:activities/1003.tcx.gz,tcx," "$TMP/zip/runs.csv" &&
	ok "tcx.gz inside the zip read" || fail "no 1003.tcx.gz row"

# The same written as to a pipe (Java's way: sizes in data descriptors, none
# in the local headers): members are read through, the report is the same.
mkdir -p "$TMP/s"
$MKZIP tree "$TMP/s/export.zip" "$EX" --stream || fail "mkzip tree --stream"
expect_rc 0 "report on a streamed zip" "$RUNRISK" report --no-charts -o "$TMP/szip" "$TMP/s/export.zip"
cmp -s "$TMP/dir/report.txt" "$TMP/szip/report.txt" && ok "report.txt: streamed zip = folder" ||
	fail "streamed zip report.txt differs"
sed "s#^$TMP/export.zip:#$TMP/s/export.zip:#" "$TMP/zip/runs.csv" >"$TMP/a"
cmp -s "$TMP/a" "$TMP/szip/runs.csv" && ok "runs.csv: streamed zip = zip" || fail "streamed runs.csv differs"

# ---- Strava gear without athlete.ini ----
shoes=$TMP/zip/shoes.csv
row=$(grep '^"Ghost 15, red",' "$shoes" | cut -d, -f3-6)
[ "$row" = "3,25.5,800,774.5" ] &&
	ok "Ghost 15: 3 runs (case and blanks aside), 6 + 7.5 + 12 = 25.5 km, default 800 km" ||
	fail "Ghost row '$row', wanted 3,25.5,800,774.5; $(cat "$shoes")"
row=$(grep '^Kinvara 14,' "$shoes" | cut -d, -f2-5)
[ "$row" = "1,9,800,791" ] && ok "Kinvara 14: 1 run, 9 km" ||
	fail "Kinvara row '$row', wanted 1,9,800,791"
[ "$(wc -l <"$shoes")" -eq 3 ] && ok "two gear shoes, the gear-less run in none" ||
	fail "shoes.csv: $(cat "$shoes")"
grep "1004.gpx," "$TMP/zip/runs.csv" | grep -q ',,runrisk test,,run,' &&
	ok "the gear-less run has no shoe (gear shoes are not assigned by date)" ||
	fail "1004 row: $(grep 1004 "$TMP/zip/runs.csv")"

# ---- Garmin layout: a zip of zips ----
$MKZIP garmin "$TMP/garmin.zip" "$EX/activities" || fail "mkzip garmin"
"$RUNRISK" runs "$EX/activities" >"$TMP/loose.csv" 2>"$TMP/err"
expect_rc 0 "runs on a Garmin-layout nested zip" "$RUNRISK" runs "$TMP/garmin.zip"
cp "$TMP/out" "$TMP/nested.csv"
inner="$TMP/garmin.zip:DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip:"
[ "$(grep -c "^$inner" "$TMP/nested.csv")" -eq 5 ] &&
	ok "five runs named ZIP:INNER.zip:MEMBER" || fail "nested names: $(cut -d, -f1 "$TMP/nested.csv")"
cut -d, -f2- "$TMP/loose.csv" >"$TMP/a"
cut -d, -f2- "$TMP/nested.csv" >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" && ok "nested zip: same runs as the loose files" ||
	{ fail "nested runs differ"; diff "$TMP/a" "$TMP/b" | head -n 6; }

# ---- a zip on standard input is named, not read as XML ----
expect_rc 3 "a zip on standard input" sh -c '"$1" runs - <"$2"' sh "$RUNRISK" "$TMP/export.zip"
grep -q "^runrisk: -: error: a zip archive here .*give the .zip itself as a PATH" "$TMP/err" &&
	ok "stdin zip: told to give it as a PATH" || fail "stdin zip stderr: $(cat "$TMP/err")"

# ---- a roster of zips; an athlete folder holding a zip ----
mkdir -p "$TMP/coach/cleo"
cp "$TMP/export.zip" "$TMP/coach/ana.zip"
cp "$TMP/export.zip" "$TMP/coach/ben_export.zip"
cp "$TMP/export.zip" "$TMP/coach/cleo/strava_123.zip"
expect_rc 0 "report on a roster of zips" "$RUNRISK" report --no-charts -o "$TMP/coachrep" "$TMP/coach"
for a in ana ben_export cleo; do
	[ "$(grep -c "Ghost 15" "$TMP/coachrep/$a/shoes.csv" 2>/dev/null)" -eq 1 ] &&
		ok "roster athlete '$a' from a zip" || fail "no athlete '$a': $(ls "$TMP/coachrep")"
done

# ---- hostile zips: refused, named, bounded; the batch goes on ----
good=$TMP/good.gpx
echo "$good gpx $t0 5000 3 10 150 Run" | awk -f "$GEN"
$MKZIP bomb "$TMP/bomb.zip" 200
$MKZIP liar "$TMP/liar.zip" 200
$MKZIP bomb "$TMP/sbomb.zip" 200 --stream	# no size declared: caught while listing
$MKZIP dotdot "$TMP/dotdot.zip" "$good"
$MKZIP absolute "$TMP/absolute.zip" "$good"
$MKZIP deep "$TMP/deep.zip" "$good"
limit() { # 600 MB of address space and 60 s (under sanitizers only the time: ASan reserves terabytes); -j 1: thread stacks and malloc arenas per core would eat the cap on a big machine
	if [ -z "${SANITIZE:-}" ]; then (ulimit -v 600000; timeout 60 "$@"); else timeout 120 "$@"; fi
}
for z in bomb:activities/big.gpx:'zip bomb' liar:activities/big.gpx:'declares' \
	sbomb:activities/big.gpx:'zip bomb' \
	dotdot:../evil.gpx:'leaves the archive' absolute:/tmp/evil.gpx:'absolute' \
	deep:level2.zip:level3.zip:'nested more than 2'; do
	name=${z%%:*}; rest=${z#*:}; what=${rest##*:}; member=${rest%:*}
	d=$TMP/h-$name
	mkdir -p "$d"
	cp "$TMP/$name.zip" "$d/$name.zip"
	cp "$good" "$d/good.gpx"
	start=$(date +%s)
	limit "$RUNRISK" report --no-charts -j 1 -o "$TMP/hrep-$name" "$d" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	secs=$(( $(date +%s) - start ))
	[ "$rc" -eq 3 ] && ok "$name: exit 3" || fail "$name: exit $rc; $(head -n 3 "$TMP/err")"
	grep -qF "runrisk: $d/$name.zip:$member: error:" "$TMP/err" && grep -qF "$what" "$TMP/err" &&
		ok "$name: stderr names $name.zip:$member ($what)" || fail "$name stderr: $(cat "$TMP/err")"
	[ "$secs" -le 20 ] && ok "$name: ${secs}s" || fail "$name took ${secs}s"
	grep -qF "$d/$name.zip:$member" "$TMP/hrep-$name/report.txt" 2>/dev/null &&
		ok "$name: report.txt names it among the skipped files" || fail "$name: not in report.txt"
	grep -q '^runrisk: 2 files: 1 parsed, 1 skipped, 0 duplicates;' "$TMP/out" &&
		ok "$name: 2 files = 1 parsed + 1 skipped" || fail "$name count line: $(cat "$TMP/out")"
	grep -q "^$d/good.gpx," "$TMP/hrep-$name/runs.csv" 2>/dev/null &&
		ok "$name: the good file beside it is read" || fail "$name: good.gpx not in runs.csv"
	! grep -q "evil\|big.gpx,\|level3.zip:run.gpx," "$TMP/hrep-$name/runs.csv" &&
		ok "$name: nothing of the refused zip in runs.csv" || fail "$name: a refused member was read"
done

# ---- cache: a second run over an unchanged zip parses nothing ----
mkdir -p "$TMP/c"
$MKZIP tree "$TMP/c/export.zip" "$EX" --stored
$MKZIP tree "$TMP/garbage.zip" "$EX" --stored --garbage
# Old mtimes: a zip written within 2 s of the cache is checked by hash (racy).
touch -d '2024-06-01 12:00:00' "$TMP/c/export.zip"
[ "$(wc -c <"$TMP/c/export.zip")" -eq "$(wc -c <"$TMP/garbage.zip")" ] &&
	ok "garbage twin has the same size" || fail "garbage twin size differs"
O=$TMP/crep
expect_rc 0 "cold run on a zip" "$RUNRISK" report --no-charts -o "$O" "$TMP/c/export.zip"
cp "$O/report.txt" "$TMP/c-ref.txt"
cp -p "$O/.runrisk-cache" "$TMP/c-cache"
expect_rc 0 "warm run, zip unchanged" "$RUNRISK" report --no-charts -o "$O" "$TMP/c/export.zip"
cmp -s "$O/.runrisk-cache" "$TMP/c-cache" && ok "warm run: cache not rewritten" ||
	fail "warm run rewrote the cache"
touch -r "$TMP/c/export.zip" "$TMP/garbage.zip"
cp -p "$TMP/garbage.zip" "$TMP/c/export.zip"
expect_rc 0 "warm run over a same-size, same-mtime zip of garbage" \
	"$RUNRISK" report --no-charts -o "$O" "$TMP/c/export.zip"
[ ! -s "$TMP/err" ] && ok "no member was parsed (no parse error)" ||
	fail "a member was read: $(head -n 3 "$TMP/err")"
same_report "$O/report.txt" "$TMP/c-ref.txt" && ok "report from the cache alone is the same" ||
	fail "report.txt changed"
touch -d '2024-07-01 00:00:00' "$TMP/c/export.zip"
expect_rc 3 "a new mtime with other bytes: members parsed again" \
	"$RUNRISK" report --no-charts -o "$O" "$TMP/c/export.zip"
grep -qF "$TMP/c/export.zip:activities/1002.gpx:" "$TMP/err" &&
	ok "the garbage member is named ZIP:MEMBER" || fail "stderr: $(head -n 3 "$TMP/err")"
finish
