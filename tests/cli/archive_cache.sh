#!/bin/sh
# archive_cache.sh - the parse cache (OUTDIR/.runrisk-cache):
#  - a warm run with nothing changed reads no activity file: every file is
#    replaced by garbage of the same size with its old mtime, and the report
#    is still the same, with no error (a parse would fail on every file);
#    the cache is not rewritten; nor when the folder is spelt otherwise;
#  - a file with new bytes is parsed again (new size; same size and a new
#    mtime);
#  - a corrupt cache (a flipped byte in the header or the body, cut short,
#    random bytes, random bytes behind the right magic, empty) is ignored
#    with one warning, the report is the same as before, and the rebuilt
#    cache is clean on the next run.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk

D=$TMP/runner
mkdir -p "$D" "$TMP/keep"
# ten runs, every other day from 2024-04-01, all 8 km
t0=1711954800
i=0
while [ $i -lt 10 ]; do
	echo "$D/run$i.gpx gpx $((t0 + i * 2 * 86400)) 8000 3.2 5 148 Run"
	i=$((i + 1))
done | awk -f "$GEN"
for f in "$D"/run[0-4].gpx; do gzip -n "$f"; done
# Old mtimes: a file written within 2 s of the cache is checked by hash (racy
# entries, doc/archive.md); these are not.
touch -d '2024-06-01 12:00:00' "$D"/*
cp -p "$D"/* "$TMP/keep/"

O=$TMP/rep
C=$O/.runrisk-cache
report() { "$RUNRISK" report --no-charts -o "$O" "$D"; }

expect_rc 0 "cold run" report
[ -s "$C" ] && ok "cache written" || fail "no cache file"
cp "$O/report.txt" "$TMP/ref.txt"
cp "$O/runs.csv" "$TMP/ref.csv"
cp -p "$C" "$TMP/good.cache"

expect_rc 0 "warm run, nothing changed" report
[ ! -s "$TMP/err" ] && ok "warm run: quiet on stderr" || fail "warm stderr: $(cat "$TMP/err")"
cmp -s "$C" "$TMP/good.cache" && ok "warm run: cache not rewritten" || fail "warm run rewrote the cache"

# Same size, same mtime, other bytes: the cache must answer without opening them.
for f in "$D"/*; do
	n=$(wc -c <"$f")
	head -c "$n" /dev/zero | tr '\0' 'x' >"$f"
	touch -r "$TMP/keep/$(basename "$f")" "$f"
done
expect_rc 0 "warm run over garbage with the old size and mtime" report
[ ! -s "$TMP/err" ] && ok "no file was parsed (no parse error)" || fail "a file was read: $(head -n 3 "$TMP/err")"
same_report "$O/report.txt" "$TMP/ref.txt" && ok "report from the cache alone is the same" ||
	fail "report.txt changed"
# The same folder spelt otherwise (relative from elsewhere, trailing slash,
# through a symbolic link): the same cache keys, still no file read.
RR_ABS=$(cd "$(dirname "$RUNRISK")" && pwd)/$(basename "$RUNRISK")
ln -s "$D" "$TMP/link"
for spelling in ./runner/ runner/../runner link; do
	(cd "$TMP" && "$RR_ABS" report --no-charts -o "$O" "$spelling") >/dev/null 2>"$TMP/err"
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$TMP/err" ] && cmp -s "$C" "$TMP/good.cache" &&
		ok "PATH spelt '$spelling': cache hits, no file read, cache not rewritten" ||
		fail "PATH spelt '$spelling': exit $rc, $(head -n 2 "$TMP/err")"
done
rm -f "$D"/* && cp -p "$TMP/keep/"* "$D/"

# New bytes, new size: parsed again (run7 becomes 12 km).
echo "$D/run7.gpx gpx $((t0 + 7 * 2 * 86400)) 12000 3.2 5 148 Run" | awk -f "$GEN"
"$RUNRISK" report --no-charts -o "$O" "$D" >/dev/null 2>"$TMP/err"
awk -F, '$1 ~ /run7\.gpx$/ { print $8 }' "$O/runs.csv" | grep -qx 12000 &&
	ok "a changed file is parsed again (12 km)" || fail "run7: $(grep run7 "$O/runs.csv")"
cp -p "$TMP/keep/run7.gpx" "$D/run7.gpx"
"$RUNRISK" report --no-charts -o "$O" "$D" >/dev/null 2>&1
cmp -s "$O/runs.csv" "$TMP/ref.csv" && ok "restored file parsed again (old mtime, other size)" ||
	fail "runs.csv after restoring run7"

# Same size, new mtime, other bytes: the hash check catches it.
n=$(wc -c <"$D/run8.gpx")
head -c "$n" /dev/zero | tr '\0' 'x' >"$D/run8.gpx"
expect_rc 3 "same size, new mtime, new bytes" report
grep -q "run8.gpx:.*error" "$TMP/err" && ok "it was parsed (and named)" || fail "stderr: $(cat "$TMP/err")"
cp -p "$TMP/keep/run8.gpx" "$D/run8.gpx"
expect_rc 0 "restored" report

# flip OFFSET FILE: invert one byte in place
flip() {
	b=$(od -An -tu1 -j "$1" -N1 "$2" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 255)))" | dd of="$2" bs=1 seek="$1" conv=notrunc 2>/dev/null
}
size=$(wc -c <"$TMP/good.cache")
for how in flip-version flip-body flip-last cut-half cut-header random magic-random empty; do
	cp "$TMP/good.cache" "$C"
	case $how in
	flip-version) flip 8 "$C" ;;
	flip-body) flip $((size / 2)) "$C" ;;
	flip-last) flip $((size - 1)) "$C" ;;
	cut-half) head -c $((size / 2)) "$TMP/good.cache" >"$C" ;;
	cut-header) head -c 100 "$TMP/good.cache" >"$C" ;;
	random) head -c "$size" /dev/urandom >"$C" ;;
	magic-random) { printf 'RRCACHE\032'; head -c $((size - 8)) /dev/urandom; } >"$C" ;;
	empty) : >"$C" ;;
	esac
	expect_rc 0 "$how: run" report
	if [ "$how" = empty ]; then
		[ "$(grep -vc 'warning: cache ignored' "$TMP/err")" = 0 ] &&
			ok "empty: at most a warning" || fail "empty: $(cat "$TMP/err")"
	else
		[ "$(grep -c 'warning: cache ignored (.*); rebuilding' "$TMP/err")" = 1 ] &&
			[ "$(wc -l <"$TMP/err")" = 1 ] && ok "$how: one warning: $(cat "$TMP/err")" ||
			fail "$how: stderr: $(cat "$TMP/err")"
	fi
	same_report "$O/report.txt" "$TMP/ref.txt" && ok "$how: same report" || fail "$how: report.txt changed"
	cp "$C" "$TMP/rebuilt.cache"
	expect_rc 0 "$how: next run" report
	[ ! -s "$TMP/err" ] && cmp -s "$C" "$TMP/rebuilt.cache" && ok "$how: rebuilt cache loads cleanly" ||
		fail "$how: after the rebuild: $(cat "$TMP/err")"
done
finish
