#!/bin/sh
# Nothing lost: files in = parsed + skipped + duplicates, always.
# On a made-up folder (good GPX, TCX with two activities, a gzip copy of a
# good GPX, a truncated GPX, random bytes, a FIT file, a file skipped by
# name) and on the real corpus (when present):
#  - the count line on stderr ("runrisk: N files: P parsed, S skipped[, D
#    duplicates]") adds up, and N is the number of activity files there are;
#  - every input file appears exactly once: as rows (one per activity, all
#    naming it) or as one named error, never both, never neither;
#  - `runrisk report` (once it exists) records the same count in report.txt
#    and names every skipped file there.
. tests/cli/lib.sh
command -v python3 >/dev/null 2>&1 || skip "python3 not found: skipped"

D=$TMP/in
mkdir -p "$D/sub"
hdr='<?xml version="1.0" encoding="UTF-8"?>'
pt() { printf '<trkpt lat="%s" lon="14.0"><ele>10</ele><time>%s</time></trkpt>\n' "$1" "$2"; }
gpx() { # FILE DAY
	{ echo "$hdr"; echo '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
	  pt 46.000 "$2T06:00:00Z"; pt 46.001 "$2T06:00:30Z"; pt 46.002 "$2T06:01:00Z"; pt 46.003 "$2T06:01:30Z"
	  echo '</trkseg></trk></gpx>'; } >"$1"
}
tcx_act() { # DAY
	printf '<Activity Sport="Running"><Id>%sT07:00:00Z</Id><Lap StartTime="%sT07:00:00Z"><Track>' "$1" "$1"
	for s in 00 20 40; do
		printf '<Trackpoint><Time>%sT07:00:%sZ</Time><Position><LatitudeDegrees>46.0%s</LatitudeDegrees><LongitudeDegrees>14</LongitudeDegrees></Position></Trackpoint>' "$1" "$s" "$s"
	done
	printf '</Track></Lap></Activity>\n'
}
gpx "$D/a-good.gpx" 2024-03-01
gpx "$D/sub/b-good.gpx" 2024-03-02
gzip -c "$D/a-good.gpx" >"$D/sub/c-copy-of-a.gpx.gz"
{ echo "$hdr"; echo '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
  tcx_act 2024-03-03; tcx_act 2024-03-04; echo '</Activities></TrainingCenterDatabase>'; } >"$D/d-two-runs.tcx"
head -c 150 "$D/sub/b-good.gpx" >"$D/e-truncated.gpx"
head -c 3000 /dev/urandom >"$D/f-random.tcx"
# A FIT header (14 bytes, ".FIT" at offset 8) and a few data bytes.
printf '\016\020\154\010\020\000\000\000.FIT\000\000\100\000\000\000' >"$D/sub/g-watch.fit"
echo "notes, not an activity" >"$D/README.md"
expected=7	# README.md is skipped by name and is not an input

# check_counts JSON ERR N_WANTED FILES... : the Python below does the accounting.
check_counts() {
	python3 - "$@" <<'PY'
import json, re, sys
out, err, n_wanted = sys.argv[1], sys.argv[2], sys.argv[3]
files = sys.argv[4:]
fails = 0
def ok(m): print("ok   " + m)
def fail(m):
    global fails
    print("FAIL " + m); fails += 1
try:
    rows = json.load(open(out))
except Exception as e:
    print("FAIL runs output is not JSON: %s" % e); sys.exit(1)
lines = open(err, "rb").read().decode("utf-8", "replace").splitlines()
# the count line
counts = None
for l in lines:
    m = re.match(r"runrisk: (\d+) files: (\d+) parsed, (\d+) skipped(?:, (\d+) duplicates?)?", l)
    if m:
        counts = [int(x) if x else 0 for x in m.groups()]
row_files = {}
for r in rows:
    row_files[r["file"]] = row_files.get(r["file"], 0) + 1
named = {}
for f in files:
    named[f] = sum(1 for l in lines if l.startswith("runrisk: " + f + ":") and " error: " in l)
both = [f for f in files if f in row_files and named[f]]
neither = [f for f in files if f not in row_files and not named[f]]
twice = [f for f in files if named[f] > 1]
stray = [f for f in row_files if f not in files]
if counts is None:
    if any(named.values()):
        fail("files were skipped but there is no count line on stderr")
        sys.exit(1)
    else:
        ok("nothing skipped, so no count line")
        counts = [len(files), len(row_files), 0, 0]
n, p, s, d = counts
print("     count line: %d files: %d parsed, %d skipped, %d duplicates" % (n, p, s, d))
if n == p + s + d: ok("%d files = %d parsed + %d skipped + %d duplicates" % (n, p, s, d))
else: fail("count line does not add up: %d != %d + %d + %d" % (n, p, s, d))
if n_wanted != "-" and n != int(n_wanted): fail("count line says %d files, there are %s" % (n, n_wanted))
if n != len(files): fail("count line says %d files, the folder has %d activity files" % (n, len(files)))
else: ok("count line's file count is the number of activity files (%d)" % n)
with_rows = len([f for f in files if f in row_files])
with_err = len([f for f in files if named[f]])
if with_rows == p + d: ok("%d files gave rows = parsed + duplicates" % with_rows)
else: fail("%d files gave rows, the count line says %d parsed + %d duplicates" % (with_rows, p, d))
if with_err == s: ok("%d files named with an error = skipped" % with_err)
else: fail("%d files named with an error, the count line says %d skipped" % (with_err, s))
for what, lst in (("both a row and an error", both), ("neither a row nor an error", neither),
                  ("named in more than one error", twice), ("rows for a file that is not an input", stray)):
    if lst: fail("%s: %s" % (what, ", ".join(lst)))
    else: ok("no file with %s" % what)
sys.exit(1 if fails else 0)
PY
}

# activity_files DIR: every regular file below DIR that the walk does not
# skip by name (cmd/walk.c walk_name_skipped(): keep this list in step).
activity_files() {
	find "$1" -type f | LC_ALL=C sort | while IFS= read -r f; do
		b=${f##*/}
		case $b in
		.*|*~|[Rr][Ee][Aa][Dd][Mm][Ee]*|athlete.ini|pain.csv|activities.csv|expected-flags.csv) continue ;;
		esac
		lc=$(printf '%s' "$b" | tr 'A-Z' 'a-z')
		case $lc in
		*.md|*.ini|*.csv|*.json|*.png|*.svg|*.html|*.htm|*.jpg|*.jpeg|*.gif|*.webp|*.heic|*.pdf|*.mp4|*.mov) continue ;;
		esac
		if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = 504b0304 ]; then
			zip_members "$f"
			continue
		fi
		printf '%s\n' "$f"
	done
}
# A zip's members as the report counts them (doc/zip.md): ZIP:MEMBER, by the
# same name rules on the last component, activities.csv included (the report
# counts each activities.csv as a file read).
zip_members() {
	python3 - "$1" <<'PY'
import sys, zipfile
skip = (".md", ".ini", ".csv", ".json", ".png", ".svg", ".html", ".htm", ".jpg", ".jpeg",
        ".gif", ".webp", ".heic", ".pdf", ".mp4", ".mov")
for n in zipfile.ZipFile(sys.argv[1]).namelist():
    b = n.rsplit("/", 1)[-1]
    if n.endswith("/") or not b:
        continue
    if b == "activities.csv":
        print(sys.argv[1] + ":" + n)
        continue
    if b[0] == "." or b.endswith("~") or b.lower().startswith("readme") or \
       b in ("athlete.ini", "pain.csv", "expected-flags.csv") or b.lower().endswith(skip):
        continue
    print(sys.argv[1] + ":" + n)
PY
}

# --- made-up folder through `runs` ---
"$RUNRISK" runs --format json "$D" >"$TMP/runs.json" 2>"$TMP/runs.err"
rc=$?
[ "$rc" -eq 3 ] && ok "made-up folder: exit 3 (files skipped)" || fail "made-up folder: exit $rc, wanted 3"
find "$D" -type f ! -name README.md | sort >"$TMP/files"
# shellcheck disable=SC2046
(set -f; IFS='
'; check_counts "$TMP/runs.json" "$TMP/runs.err" "$expected" $(cat "$TMP/files")) || fails=$((fails + 1))
python3 - "$TMP/runs.json" "$D" <<'PY' || fails=$((fails + 1))
import json, sys
rows, d = json.load(open(sys.argv[1])), sys.argv[2]
n = sum(1 for r in rows if r["file"] == d + "/d-two-runs.tcx")
print(("ok   " if n == 2 else "FAIL ") + "two activities in one TCX: %d rows, wanted 2" % n)
copy = [r for r in rows if r["file"].endswith("c-copy-of-a.gpx.gz")]
orig = [r for r in rows if r["file"].endswith("/a-good.gpx")]
if copy and copy[0]["duplicate_of"] not in (None, "") and not copy[0]["duplicate_of"].endswith("a-good.gpx"):
    print("FAIL the gzip copy is marked a duplicate of %s, not a-good.gpx" % copy[0]["duplicate_of"]); sys.exit(1)
if copy and orig and orig[0]["duplicate_of"] not in (None, "") and copy[0]["duplicate_of"] not in (None, ""):
    print("FAIL both the original and its gzip copy are marked duplicates"); sys.exit(1)
print("ok   the gzip copy is a row%s" % (" marked duplicate_of " + copy[0]["duplicate_of"] if copy and copy[0]["duplicate_of"] else ""))
sys.exit(0 if n == 2 else 1)
PY
grep -q "g-watch.fit.*error: .*FIT" "$TMP/runs.err" && ok "the broken FIT file is named with a clear error" \
	|| fail "the FIT file has no clear error"
if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$TMP/runs.err"; then fail "sanitizer report"; fi

# --- the corpus through `runs` ---
if have_corpus; then
	"$RUNRISK" runs --format json "$CORPUS" >"$TMP/corpus.json" 2>"$TMP/corpus.err"
	rc=$?
	[ "$rc" -eq 3 ] && ok "corpus: exit 3" || fail "corpus: exit $rc, wanted 3"
	activity_files "$CORPUS" >"$TMP/cfiles"
	(set -f; IFS='
'; check_counts "$TMP/corpus.json" "$TMP/corpus.err" - $(cat "$TMP/cfiles")) || fails=$((fails + 1))
else
	echo "     corpus not found at $CORPUS: corpus counts not checked"
fi

# --- `runrisk report`: report.txt's data notes and the stderr count line ---
# check_report OUTDIR ERR N_WANTED SKIPPED_WANTED DUPS_WANTED [FILE...]: the
# "Files: N read, P parsed, S skipped, D duplicates." lines of report.txt
# (one per athlete) add up, agree with the closing count line (ERR holds
# stdout and stderr), and every FILE (the skipped and duplicate ones) is
# named in report.txt.
check_report() {
	python3 - "$@" <<'PY'
import re, sys
outdir, err, n_wanted, s_wanted, d_wanted = sys.argv[1:6]
named = sys.argv[6:]
rep = open(outdir + "/report.txt", "rb").read().decode("utf-8", "replace")
err = open(err, "rb").read().decode("utf-8", "replace")
bad = 0
def ok(m): print("ok   " + m)
def fail(m):
    global bad
    print("FAIL " + m); bad = 1
lines = re.findall(r"Files: (\d+) read, (\d+) parsed, (\d+) skipped, (\d+) duplicates?", rep)
if not lines:
    print("FAIL report.txt has no 'Files: N read, P parsed, S skipped, D duplicates' line"); sys.exit(1)
n, p, s, d = (sum(int(l[i]) for l in lines) for i in range(4))
if n == p + s + d: ok("report.txt: %d files = %d parsed + %d skipped + %d duplicates (%d athlete(s))" % (n, p, s, d, len(lines)))
else: fail("report.txt: %d files != %d parsed + %d skipped + %d duplicates" % (n, p, s, d))
for what, got, want in (("files", n, n_wanted), ("skipped", s, s_wanted), ("duplicates", d, d_wanted)):
    if want != "-" and got != int(want): fail("report.txt: %d %s, wanted %s" % (got, what, want))
m = re.search(r"runrisk: (\d+) files: (\d+) parsed, (\d+) skipped(?:, (\d+) duplicates?)?", err)
if not m: fail("no count line on stdout or stderr")
elif tuple(int(x or 0) for x in m.groups()) != (n, p, s, d):
    fail("the count line says %s, report.txt %s" % (m.group(0), (n, p, s, d)))
else: ok("the count line agrees with report.txt")
missing = [f for f in named if f not in rep]
if missing: fail("not named in report.txt: " + ", ".join(missing))
elif named: ok("every skipped and duplicate file (%d) is named in report.txt" % len(named))
sys.exit(bad)
PY
}

if "$RUNRISK" report --help >/dev/null 2>&1; then
	"$RUNRISK" report -o "$TMP/out" "$D" >"$TMP/rep.err" 2>&1
	rc=$?
	if { [ "$rc" -eq 3 ] || [ "$rc" -eq 1 ]; } && [ -f "$TMP/out/report.txt" ]; then
		ok "report on the made-up folder: exit $rc, report.txt written"
		check_report "$TMP/out" "$TMP/rep.err" "$expected" 3 1 "$D/e-truncated.gpx" \
			"$D/f-random.tcx" "$D/sub/g-watch.fit" "$D/sub/c-copy-of-a.gpx.gz" || fails=$((fails + 1))
	else
		fail "report on the made-up folder: exit $rc, wanted 3 (or 1) and a report.txt"
		sed 's/^/    stderr: /' "$TMP/rep.err" | head -n 5
	fi
	# A run, and years later a file with a time but no track (a metadata-only
	# GPX, as in GoldenCheetah's MetadataOnly.gpx): the report must still be
	# written and count both (it once failed: gnuplot "all points y value
	# undefined" on a spike chart with no run in its window).
	mkdir -p "$TMP/old"
	awk 'BEGIN { print "<gpx version=\"1.1\" creator=\"t\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>"
		for (i = 0; i < 40; i++)
			printf "<trkpt lat=\"%.5f\" lon=\"14\"><time>2014-10-11T06:%02d:%02dZ</time></trkpt>\n", 46 + i * 0.00027, int(i * 10 / 60), (i * 10) % 60
		print "</trkseg></trk></gpx>" }' >"$TMP/old/old-run.gpx"
	printf '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><metadata><time>2023-07-07T16:10:57Z</time></metadata></gpx>\n' \
		>"$TMP/old/metadata-only.gpx"
	"$RUNRISK" report -o "$TMP/oldout" "$TMP/old" >"$TMP/old.err" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
		ok "old run + later metadata-only file: report exit $rc"
		check_report "$TMP/oldout" "$TMP/old.err" 2 0 0 || fails=$((fails + 1))
	else
		fail "old run + later metadata-only file: report exit $rc: $(grep error "$TMP/old.err" | head -n 1)"
	fi

	# The samples (a roster with a truncated file and a duplicate), when present.
	if [ -d samples ]; then
		"$RUNRISK" report -o "$TMP/sout" samples >"$TMP/srep.err" 2>&1
		rc=$?
		[ "$rc" -ne 4 ] && ok "samples: report exit $rc" || fail "samples: report failed (exit 4): $(grep -v '^runrisk: .*\.g.*: error' "$TMP/srep.err" | grep error | head -n 1)"
		"$RUNRISK" runs --format json samples >"$TMP/sruns.json" 2>/dev/null
		n=$(activity_files samples | wc -l)
		dups=$(python3 -c 'import json,sys; print(len({r["file"] for r in json.load(open(sys.argv[1])) if r["duplicate_of"]}))' "$TMP/sruns.json")
		skipped=$(grep -c '^runrisk: samples/.*: error: ' "$TMP/srep.err")
		echo "     samples: report exit $rc, $n activity files, $skipped named errors, $dups duplicate files in runs"
		# shellcheck disable=SC2046
		check_report "$TMP/sout" "$TMP/srep.err" "$n" "$skipped" "$dups" || fails=$((fails + 1))
	fi
	if have_corpus; then
		"$RUNRISK" report -o "$TMP/cout" "$CORPUS" >"$TMP/crep.err" 2>&1
		rc=$?
		[ "$rc" -ne 4 ] && ok "corpus: report exit $rc" || fail "corpus: report failed (exit 4): $(grep -v "^runrisk: $CORPUS/" "$TMP/crep.err" | grep error | head -n 1)"
		check_report "$TMP/cout" "$TMP/crep.err" "$(wc -l <"$TMP/cfiles")" "$(grep -c "^runrisk: $CORPUS/.*: error: " "$TMP/crep.err")" - \
			|| fails=$((fails + 1))
	fi
else
	echo "     'runrisk report' not available: report.txt counts not checked"
fi
finish
