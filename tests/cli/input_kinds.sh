#!/bin/sh
# input_kinds.sh - what an input is, checked when it is opened (issue 14):
#  - a FIFO swapped in for a file after the walk never blocks the run
#    (O_NONBLOCK + fstat): every run ends in bounded time (timeout);
#  - a --cache FILE that is a FIFO is refused at once, never read nor replaced;
#  - a 20 GB sparse file is not hashed in full (the hash stops at the input cap);
#  - gzip with trailing zero padding (gzip -t accepts it) is read.
. tests/cli/lib.sh
GEN=tests/cli/archive_gen.awk
command -v timeout >/dev/null 2>&1 || skip "skip: no timeout(1)"
command -v mkfifo >/dev/null 2>&1 || skip "skip: no mkfifo(1)"
t0=1767225600

# --- a FIFO swapped in after the walk: 300 files flip between a run and a FIFO
D=$TMP/flip
mkdir -p "$D"
i=0
while [ $i -lt 300 ]; do
	echo "$D/r$i.gpx gpx $((t0 + i * 3600)) 3000 3 10 0 Run" | awk -f "$GEN"
	cp "$D/r$i.gpx" "$TMP/r$i.keep"
	mkfifo "$TMP/r$i.fifo"
	i=$((i + 1))
done
flipper() {
	while :; do
		i=0
		while [ $i -lt 300 ]; do
			ln -f "$TMP/r$i.fifo" "$D/.x$i" 2>/dev/null && mv -f "$D/.x$i" "$D/r$i.gpx"
			i=$((i + 1))
		done
		i=0
		while [ $i -lt 300 ]; do
			cp "$TMP/r$i.keep" "$D/.y$i" && mv -f "$D/.y$i" "$D/r$i.gpx"
			i=$((i + 1))
		done
	done
}
flipper &
fp=$!
hung=0 runs=0
while [ $runs -lt 6 ]; do
	timeout 20 "$RUNRISK" runs -j 2 "$D" >/dev/null 2>"$TMP/flip.err"
	[ $? -eq 124 ] && hung=$((hung + 1))
	timeout 20 "$RUNRISK" report --no-charts -o "$TMP/flip-out" "$D" >/dev/null 2>>"$TMP/flip.err"
	[ $? -eq 124 ] && hung=$((hung + 1))
	runs=$((runs + 1))
done
kill "$fp" 2>/dev/null
wait "$fp" 2>/dev/null
[ $hung -eq 0 ] && ok "12 runs while files flip to FIFOs: none hung" || fail "$hung of 12 runs hung"
grep -q "not a regular file" "$TMP/flip.err" && ok "a FIFO met at open is named, not read" ||
	echo "     note: no FIFO was met at open this time (timing); the no-hang check still holds"

# --- the cache must be a regular file
G=$TMP/one
mkdir -p "$G"
echo "$G/a.gpx gpx $t0 5000 3 10 0 Run" | awk -f "$GEN"
mkfifo "$TMP/cache.fifo"
timeout 20 "$RUNRISK" report --no-charts --cache "$TMP/cache.fifo" -o "$TMP/c-out" "$G" \
	>/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] && ok "--cache FIFO: exit 2, no hang" || fail "--cache FIFO: exit $rc"
grep -q "not a regular file" "$TMP/err" && ok "the cache FIFO is named" || fail "stderr: $(cat "$TMP/err")"
[ -p "$TMP/cache.fifo" ] && ok "the FIFO is left as it was" || fail "the FIFO was replaced"

# --- a 20 GB sparse file is not hashed in full
S=$TMP/sparse
mkdir -p "$S"
cp "$G/a.gpx" "$S/a.gpx"
if truncate -s 20G "$S/big.gpx" 2>/dev/null; then
	start=$(date +%s)
	timeout 60 "$RUNRISK" report --no-charts -o "$TMP/s-out" "$S" >/dev/null 2>"$TMP/err"
	rc=$? end=$(date +%s)
	[ $rc -eq 3 ] && ok "sparse 20 GB file: skipped (exit 3)" || fail "sparse: exit $rc"
	grep -q "big.gpx" "$TMP/err" && ok "named" || fail "stderr: $(cat "$TMP/err")"
	[ $((end - start)) -lt 30 ] && ok "in $((end - start)) s (not 20 GB hashed)" ||
		fail "took $((end - start)) s"
else
	echo "     note: no sparse files here; hash cap not checked"
fi

# --- gzip with trailing zero padding
Z=$TMP/zpad
mkdir -p "$Z"
gzip -c "$G/a.gpx" >"$Z/a.gpx.gz"
head -c 4096 /dev/zero >>"$Z/a.gpx.gz"
gzip -t "$Z/a.gpx.gz" 2>/dev/null && ok "gzip -t accepts the padded file" ||
	echo "     note: this gzip rejects zero padding"
"$RUNRISK" runs "$Z/a.gpx.gz" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 2 ] && ok "zero-padded gzip is read (one row)" ||
	fail "zero-padded gzip: exit $rc, $(cat "$TMP/err")"
printf 'garbage' >>"$Z/a.gpx.gz"
"$RUNRISK" runs "$Z/a.gpx.gz" >/dev/null 2>&1
[ $? -ne 0 ] && ok "padding followed by garbage is still an error" || fail "garbage after padding accepted"
finish
