#!/bin/sh
# archive_dedupe.sh - the GPX export, the TCX export and a gzip copy of the
# GPX of one run count once: runs.csv has one row for it (the TCX, which
# has the device distance: the richer copy), the report's data notes list
# the two other files as duplicates of it, and the count line adds up:
# files in = parsed + skipped + duplicates.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk

D=$TMP/runs
mkdir -p "$D"
# Run A on 2024-05-06 07:00 UTC in three copies; run B the next day; one broken file.
t0=1714978800
awk -f "$GEN" <<EOF
$D/a-export.gpx gpx $t0 9000 3 5 150 Run_A
$D/a-export.tcx tcx $t0 9000 3 5 150 Run_A
$D/b.gpx gpx $((t0 + 86400)) 6000 3 5 150 Run_B
EOF
gzip -n -c "$D/a-export.gpx" >"$D/a-copy.gpx.gz"
head -c 3000 "$D/b.gpx" >"$D/broken.gpx"

"$RUNRISK" report --no-charts -o "$TMP/rep" "$D" >"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
[ $rc -eq 3 ] && ok "exit 3: one unreadable file, no alert" ||
	{ fail "exit $rc, wanted 3"; sed 's/^/    stderr: /' "$TMP/stderr"; }
grep -q "broken.gpx:[0-9]*:[0-9]*: error:" "$TMP/stderr" && ok "the broken file is named with line:col" ||
	fail "stderr: $(cat "$TMP/stderr")"

# runrisk: N files: P parsed, S skipped, D duplicates; ...
line=$(grep '^runrisk: [0-9]* files:' "$TMP/stdout")
# shellcheck disable=SC2046 # split into the four counts on purpose
set -- $(printf '%s\n' "$line" | sed -n 's/^runrisk: \([0-9]*\) files: \([0-9]*\) parsed, \([0-9]*\) skipped, \([0-9]*\) duplicates;.*/\1 \2 \3 \4/p')
if [ $# -eq 4 ]; then
	[ "$1" -eq $(($2 + $3 + $4)) ] && ok "count line adds up: $line" || fail "count line: $line"
	[ "$1 $2 $3 $4" = "5 2 1 2" ] && ok "5 files: 2 parsed, 1 skipped, 2 duplicates" ||
		fail "counts $1 $2 $3 $4, wanted 5 2 1 2"
else
	fail "no count line: $(cat "$TMP/stdout")"
fi

runs=$TMP/rep/runs.csv
n=$(grep -c '2024-05-06T07:00:00Z' "$runs" 2>/dev/null)
[ "$n" = 1 ] && ok "runs.csv: run A once" || fail "runs.csv: run A $n times: $(cat "$runs")"
grep '2024-05-06T07:00:00Z' "$runs" | grep -q '^[^,]*a-export\.tcx,tcx,' &&
	ok "the TCX copy (device distance) is kept" || fail "kept copy: $(grep 2024-05-06 "$runs")"
[ "$(grep -c '2024-05-07T07:00:00Z' "$runs")" = 1 ] && ok "runs.csv: run B once" || fail "run B missing"

rep=$TMP/rep/report.txt
grep -q 'Files: 5 read, 2 parsed, 1 skipped, 2 duplicates\.' "$rep" && ok "report counts" ||
	fail "report counts: $(grep 'Files:' "$rep")"
# The data notes name both copies under "Duplicates (2):", each "same activity as" the TCX.
awk '/^  Duplicates \(2\):/ { on = 1; next } on && /^  [^ ]/ { on = 0 } on' "$rep" >"$TMP/dups"
grep -q 'a-export\.gpx$' "$TMP/dups" && grep -q 'a-copy\.gpx\.gz$' "$TMP/dups" &&
	ok "data notes list the GPX and the gzip copy as duplicates" ||
	fail "duplicates in the notes: $(cat "$TMP/dups")"
[ "$(grep -c 'a-export\.tcx$' "$TMP/dups")" -eq 2 ] && ok "both are duplicates of the TCX" ||
	fail "duplicate_of: $(cat "$TMP/dups")"
awk '/^  Skipped \(1\):/ { on = 1; next } on && /^  [^ ]/ { on = 0 } on' "$rep" | grep -q 'broken\.gpx$' &&
	ok "data notes list the broken file as skipped" || fail "skipped note missing"

# `runs` lists every copy (duplicate_of names the kept one); the report keeps
# one, per athlete.  Input order must not matter:
"$RUNRISK" report --no-charts -o "$TMP/rep2" "$D/a-copy.gpx.gz" "$D/b.gpx" "$D/a-export.tcx" \
	"$D/a-export.gpx" >/dev/null 2>&1
grep '2024-05-06T07:00:00Z' "$TMP/rep2/runs.csv" | grep -q 'a-export\.tcx,tcx,' &&
	ok "same kept copy whatever the argument order" || fail "argument order changed the kept copy"
finish
