#!/bin/sh
# `runrisk runs` and the report's runs.csv agree on every column they share
# (issue #12, must-show 1), on samples/ and on the corpus: both take their
# rows from one run assembly (analysis/assemble.h), so fast_s follows the
# athlete's threshold_pace, trimp its heart rates, local_date its zone and
# shoe its shoes in both.  Rows are matched by file and start (and the
# activity among several with one start).  Every runs.csv row must have a
# `runs` row equal in every column; `runs` also lists what runs.csv leaves
# out (duplicates, activities that are not counted runs).
. tests/cli/lib.sh

compare() { # NAME [OPTION...] PATH...: the same options and PATHs to both
	name=$1; shift
	rm -rf "$TMP/rep-$name"
	"$RUNRISK" report --no-charts -o "$TMP/rep-$name" "$@" >/dev/null 2>"$TMP/err"
	rc=$?
	[ "$rc" -le 1 ] || [ "$rc" -eq 3 ] || { fail "$name: report exit $rc"; return; }
	"$RUNRISK" runs "$@" >"$TMP/runs-$name.csv" 2>"$TMP/err"
	rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { fail "$name: runs exit $rc"; return; }
	if python3 - "$TMP/rep-$name" "$TMP/runs-$name.csv" <<'PY'
import csv, glob, os, sys
rep, runs_path = sys.argv[1], sys.argv[2]

def grouped(rows):
    out = {}
    for r in rows:
        out.setdefault((r["file"], r["start"]), []).append(r)
    return out

runs_rows = list(csv.DictReader(open(runs_path, encoding="utf-8")))
runs = grouped(runs_rows)
report_rows = []
for p in sorted(glob.glob(os.path.join(rep, "**", "runs.csv"), recursive=True)):
    report_rows += list(csv.DictReader(open(p, encoding="utf-8")))
if not report_rows:
    sys.exit("no rows in the report's runs.csv")
cols = list(report_rows[0].keys())
bad = 0
used = set()
for r in report_rows:
    k = (r["file"], r["start"])
    cands = [o for o in runs.get(k, []) if id(o) not in used]
    if not cands:
        print("runs.csv row missing from `runs`:", k); bad += 1; continue
    # A file may hold several activities with one start (a track and a
    # route): the row must equal one of them in every shared column.
    same = [o for o in cands if all(o.get(c) == r[c] for c in cols)]
    if same:
        used.add(id(same[0])); continue
    for c in cols:
        if cands[0].get(c) != r[c]:
            print("%s %s: %s: runs.csv %r, runs %r" % (k[0], k[1], c, r[c], cands[0].get(c)))
    bad += 1
kept = sum(1 for o in runs_rows if not o["duplicate_of"])
print("%d runs.csv rows, %d `runs` rows (%d not duplicates), %d shared columns, %d rows differ"
      % (len(report_rows), len(runs_rows), kept, len(cols), bad))
sys.exit(1 if bad else 0)
PY
	then ok "$name: runs and runs.csv agree on every shared column"
	else fail "$name: runs and runs.csv differ"; fi
}

compare samples samples
# Ana's athlete.ini sets threshold_pace: the column that used to differ.
grep -q '^threshold_pace' samples/ana/athlete.ini || fail "samples/ana/athlete.ini has no threshold_pace"

# A file named on its own belongs to no athlete folder: no athlete.ini, in
# both commands; -c gives it one, in both.
one=samples/ana/14663245141.gpx.gz
compare lone "$one"
compare lone-c -c samples/ana/athlete.ini "$one"
col() { # FILE COLUMN: the column of the one data row
	python3 -c 'import csv,sys; print(list(csv.DictReader(open(sys.argv[1])))[0][sys.argv[2]])' "$@"
}
[ "$(col "$TMP/runs-lone.csv" trimp)" = "" ] && [ "$(col "$TMP/runs-lone.csv" shoe)" = "" ] &&
	ok "a lone file gets no athlete.ini" || fail "a lone file got an athlete.ini"
# Banister TRIMP needs hr_rest and hr_max: Ana's athlete.ini has them.
[ -n "$(col "$TMP/runs-lone-c.csv" trimp)" ] && [ "$(col "$TMP/runs-lone-c.csv" shoe)" = "Pegasus 39" ] &&
	ok "-c applies one athlete.ini in runs too" || fail "runs -c: $(cat "$TMP/runs-lone-c.csv")"

# An unreadable activities.csv is a skipped input in both, counted alike.
mkdir -p "$TMP/strava"
cp "$one" "$TMP/strava/"
printf 'Activity ID,Filename\n"broken\n' >"$TMP/strava/activities.csv"
"$RUNRISK" runs "$TMP/strava" >/dev/null 2>"$TMP/err"
got=$?
grep -q "activities.csv:3:1: error:" "$TMP/err" && [ "$got" -eq 3 ] &&
	grep -q "2 files: 1 parsed, 1 skipped" "$TMP/err" &&
	ok "runs: a broken activities.csv is named and skipped (exit 3)" ||
	{ fail "runs with a broken activities.csv: exit $got"; cat "$TMP/err"; }
"$RUNRISK" report --no-charts -o "$TMP/rep-strava" "$TMP/strava" 2>/dev/null | grep -q "2 files: 1 parsed, 1 skipped" &&
	ok "report counts it the same" || fail "report counts the broken activities.csv otherwise"
if have_corpus; then compare corpus "$CORPUS"
else echo "corpus not found at $CORPUS: compared on samples only"; fi
finish
