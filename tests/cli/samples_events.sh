#!/bin/sh
# samples_events.sh - the injected events in samples/ are really in the data,
# as runrisk measures it: `runrisk runs --format csv samples` must show
#   - Ana's long run on 2026-08-02 more than 30 % longer than her longest run
#     of the previous 30 days, and Ben's half marathon on 2026-09-20 too;
#   - Ana's hill block: the week of 2026-06-29 climbs more than twice the
#     mean of the four flat weeks before it, each of which stays under 300 m;
#   - the run exported twice (GPX and TCX, 2026-07-12) as two rows with the
#     same start, one of them marked duplicate_of;
#   - the truncated gzip named on stderr and exit status 3, nothing else lost;
#   - the treadmill TCX (no positions) with its device distance, ~6 km;
#   - the 00:10 run on local date 2026-07-25 although it started on 07-24 UTC;
#   - no heart rate anywhere for Ben (empty, not 0);
# and `runrisk report` must raise every flag of samples/expected-flags.csv
# (athlete, local date, rule, level) and no other alert.
# Environment: RUNRISK (binary under test).  Exit 77 = skip.
set -u
if [ -z "${RUNRISK:-}" ]; then
	echo "RUNRISK is not set: skipping the samples truth test"
	exit 77
fi
if [ ! -x "$RUNRISK" ]; then
	echo "RUNRISK=$RUNRISK is not an executable: skipping the samples truth test"
	exit 77
fi
cd "$(dirname "$0")/../.." || exit 1
[ -f samples/MANIFEST.csv ] || { echo "samples/MANIFEST.csv missing"; exit 1; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

"$RUNRISK" runs --format csv samples >"$tmp/runs.csv" 2>"$tmp/err"
rc=$?
if [ $rc -ne 3 ]; then
	echo "FAIL: runrisk runs exited $rc, expected 3 (one unreadable file in samples/)"
	sed 's/^/    /' "$tmp/err" | head -20
	exit 1
fi
if ! grep -q '14780513379 (1)\.gpx\.gz' "$tmp/err"; then
	echo "FAIL: the truncated file 'ana/14780513379 (1).gpx.gz' is not named on stderr"
	sed 's/^/    /' "$tmp/err" | head -20
	exit 1
fi

# Files that hold one readable run each: every run of MANIFEST.csv (a row
# with a date) except the corrupt copy.  Fields 1-5 hold no commas.
expect_rows=$(awk -F , 'NR > 1 && $2 != "" && $5 !~ /truncated/' samples/MANIFEST.csv | wc -l)

awk -v expect_rows="$expect_rows" '
# Split one CSV record (no newlines inside fields) into f[1..n]; "" escapes a quote.
function csv_split(line, f,    n, i, c, q, cur) {
	n = 0; cur = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
				else q = 0
			} else cur = cur c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}
# Days since 1970-01-01 of YYYY-MM-DD (proleptic Gregorian).
function epoch_day(s,    y, m, d, era, yoe, doy, doe) {
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
	if (m <= 2) y--
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function fail(msg) { print "FAIL: " msg; bad++ }
function longest_before(who, day,    k, best) {
	best = 0
	for (k = day - 30; k < day; k++)
		if ((who, k) in longest && longest[who, k] > best) best = longest[who, k]
	return best
}
NR == 1 {
	n = csv_split($0, h)
	for (i = 1; i <= n; i++) col[h[i]] = i
	split("file start local_date distance_m ascent_m hr_avg duplicate_of", need, " ")
	for (i in need)
		if (!(need[i] in col)) { print "FAIL: no column " need[i] " in the runs CSV header"; bad = 1; exit 1 }
	next
}
{
	csv_split($0, f)
	rows++
	file = f[col["file"]]
	who = file; sub(/^(\.\/)?samples\//, "", who); sub(/\/.*/, "", who)
	day = epoch_day(f[col["local_date"]])
	dist = f[col["distance_m"]]; asc = f[col["ascent_m"]]; start = f[col["start"]]
	dup = f[col["duplicate_of"]] != ""
	if (!dup && dist != "" && (!((who, day) in longest) || dist + 0 > longest[who, day]))
		longest[who, day] = dist + 0
	if (!dup && asc != "" && who == "ana") {
		week = int((day - epoch_day("2026-06-01")) / 7)
		climb[week] += asc
	}
	if (who == "ana" && f[col["local_date"]] == "2026-07-12") {
		same[start]++
		if (dup) dups++
	}
	if (file ~ /activity_19393543600\.tcx$/) treadmill = dist
	if (who == "ana" && f[col["local_date"]] == "2026-07-25" && start ~ /^2026-07-24T22:/) midnight = 1
	if (who == "ben" && f[col["hr_avg"]] != "") ben_hr++
}
END {
	if (bad) exit 1
	if (rows != expect_rows) fail("runs CSV has " rows " rows, MANIFEST.csv lists " expect_rows " readable run files")

	d = epoch_day("2026-08-02"); prev = longest_before("ana", d)
	if (!(("ana", d) in longest) || prev <= 0) fail("no long run for ana on 2026-08-02, or no runs in the 30 days before")
	else if (longest["ana", d] * 100 <= prev * 130)
		fail(sprintf("ana 2026-08-02: %.0f m is not > 30 %% over the 30-day longest %.0f m", longest["ana", d], prev))
	else printf "ok: ana 2026-08-02 long run %.0f m vs 30-day longest %.0f m (%+.0f %%)\n", longest["ana", d], prev, 100 * (longest["ana", d] / prev - 1)

	d = epoch_day("2026-09-20"); prev = longest_before("ben", d)
	if (!(("ben", d) in longest) || prev <= 0) fail("no run for ben on 2026-09-20, or no runs in the 30 days before")
	else if (longest["ben", d] * 100 <= prev * 130)
		fail(sprintf("ben 2026-09-20: %.0f m is not > 30 %% over the 30-day longest %.0f m", longest["ben", d], prev))
	else printf "ok: ben 2026-09-20 half marathon %.0f m vs 30-day longest %.0f m (%+.0f %%)\n", longest["ben", d], prev, 100 * (longest["ben", d] / prev - 1)

	base = 0
	for (w = 0; w < 4; w++) {
		base += climb[w]
		if (climb[w] >= 300) fail(sprintf("ana week %d (flat block) climbs %.0f m, expected < 300 m", w, climb[w]))
	}
	base /= 4
	if (climb[4] <= 2 * base || climb[4] < 500)
		fail(sprintf("ana hill block week of 2026-06-29 climbs %.0f m vs %.0f m mean of the 4 weeks before", climb[4], base))
	else printf "ok: ana hill block %.0f m in the week of 2026-06-29 vs %.0f m a week before\n", climb[4], base

	twice = 0
	for (s in same) if (same[s] == 2) twice = 1
	if (!twice) fail("the run of 2026-07-12 (GPX and TCX) does not appear twice with the same start")
	else if (dups != 1) fail("of the two rows of the 2026-07-12 run, " dups + 0 " are marked duplicate_of (expected 1)")
	else print "ok: the 2026-07-12 run appears twice, once marked duplicate_of"

	if (treadmill == "" || treadmill < 5700 || treadmill > 6300) fail("treadmill run distance_m is \"" treadmill "\", expected ~6000")
	else print "ok: treadmill run without positions has distance " treadmill " m"
	if (!midnight) fail("the run started 2026-07-24T22:10Z is not on ana local date 2026-07-25")
	else print "ok: the 00:10 run is on local date 2026-07-25"
	if (ben_hr) fail(ben_hr " of ben rows have an hr_avg, but his files have no heart rate")
	else print "ok: no heart rate for ben"
	exit bad ? 1 : 0
}' "$tmp/runs.csv"
runs_status=$?

# ---- the flags: expected-flags.csv against `runrisk report`'s flags.csv ----
"$RUNRISK" report -o "$tmp/report" samples >"$tmp/report.out" 2>"$tmp/report.err"
rc=$?
if [ $rc -ne 1 ] || [ ! -f "$tmp/report/flags.csv" ]; then
	echo "FAIL: runrisk report exited $rc (expected 1: new alerts) or wrote no flags.csv"
	sed 's/^/    /' "$tmp/report.err" | head -20
	exit 1
fi
# flags.csv names athletes as athlete.ini does; the truth file by folder.
for ini in samples/*/athlete.ini; do
	dir=$(basename "$(dirname "$ini")")
	name=$(sed -n 's/^name[ \t]*=[ \t]*//p' "$ini" | head -n 1)
	printf '%s,%s\n' "$dir" "$name"
done >"$tmp/names.csv"

awk '
function csv_split(line, f,    n, i, c, q, cur) {
	n = 0; cur = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
				else q = 0
			} else cur = cur c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}
FILENAME == ARGV[1] { csv_split($0, f); who[f[2]] = f[1]; who[f[1]] = f[1]; next }
FILENAME == ARGV[2] {
	if (FNR == 1) next
	csv_split($0, f)
	key = f[1] SUBSEP f[2] SUBSEP f[3] SUBSEP f[4]
	want[key] = 1; nwant++
	next
}
FNR == 1 {
	n = csv_split($0, h)
	for (i = 1; i <= n; i++) col[h[i]] = i
	if (!("athlete" in col) || !("date" in col) || !("rule" in col) || !("level" in col)) {
		print "FAIL: flags.csv lacks athlete, date, rule or level"; bad = 1; exit 1
	}
	next
}
{
	csv_split($0, f)
	a = f[col["athlete"]]; a = (a in who) ? who[a] : a
	key = a SUBSEP f[col["date"]] SUBSEP f[col["rule"]] SUBSEP f[col["level"]]
	got[key] = 1
	if (!(key in want) && f[col["level"]] == "alert") {
		print "FAIL: unexpected alert " a " " f[col["date"]] " " f[col["rule"]]; bad++
	} else if (!(key in want)) {
		print "note: flag not in expected-flags.csv: " a " " f[col["date"]] " " f[col["rule"]] " " f[col["level"]]
	}
}
END {
	if (bad && !nwant) exit 1
	for (k in want) if (!(k in got)) {
		split(k, p, SUBSEP)
		print "FAIL: expected flag not raised: " p[1] " " p[2] " " p[3] " " p[4]; bad++
	}
	if (!bad) print "ok: runrisk report raises the " nwant " flags of expected-flags.csv, and no other alert"
	exit bad ? 1 : 0
}' "$tmp/names.csv" samples/expected-flags.csv "$tmp/report/flags.csv"
flags_status=$?
[ $runs_status -eq 0 ] && [ $flags_status -eq 0 ]
