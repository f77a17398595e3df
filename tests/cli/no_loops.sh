#!/bin/sh
# no_loops.sh - inside analysis/ and render/, files call each other one way
# (issue #12: text.c and advice.c, timeline.c and rules.c called each other).
# From the built objects: an edge a -> b when a.o uses a symbol b.o defines;
# tsort fails on a loop and names it.  In analysis/ the includes count too
# (a file X.c or X.h that includes analysis/Y.h uses Y), because the rules
# and the timeline used each other's data, not only their functions.
# SRC_DIR (default .) lets the include check be shown to fail on old code.
. tests/cli/lib.sh
B=${BUILD:-build}
command -v nm >/dev/null 2>&1 && command -v tsort >/dev/null 2>&1 || skip "no nm or tsort: skipped"
for d in analysis render; do
	ls "$B/$d"/*.o >/dev/null 2>&1 || skip "no objects in $B/$d: skipped"
	nm -A --defined-only "$B/$d"/*.o | awk '$2 ~ /^[TDBR]$/ { sub(/:.*/, "", $1); print $3, $1 }' \
		>"$TMP/defs"
	nm -A -u "$B/$d"/*.o | awk '{ sub(/:.*/, "", $1); print $NF, $1 }' >"$TMP/uses"
	awk 'NR == FNR { def[$1] = $2; next } ($1 in def) && def[$1] != $2 {
		n = split($2, a, "/"); m = split(def[$1], b, "/"); print a[n], b[m] }' \
		"$TMP/defs" "$TMP/uses" | sort -u >"$TMP/edges"
	if tsort "$TMP/edges" >/dev/null 2>"$TMP/err"; then
		ok "$d/: $(wc -l <"$TMP/edges") calls between files, one way"
	else
		fail "$d/: files call each other:"; sed 's/^/    /' "$TMP/err"
	fi
done
S=${SRC_DIR:-.}
for f in "$S"/analysis/*.[ch]; do
	x=$(basename "$f"); x=${x%.?}
	sed -n 's/^#include "analysis\/\([a-z_]*\)\.h".*/\1/p' "$f" |
		while read -r y; do [ "$x" = "$y" ] || echo "$x $y"; done
done | sort -u >"$TMP/inc"
if tsort "$TMP/inc" >/dev/null 2>"$TMP/err"; then
	ok "analysis/: $(wc -l <"$TMP/inc") include edges between modules, one way"
else
	fail "analysis/: modules include each other:"; sed 's/^/    /' "$TMP/err"
fi
finish
