#!/bin/sh
# readme_example.sh - README's quoted report block equals the opening of
# the golden report it names (issue #17); `make readme` rewrites it after
# `make golden`.  Also shows that the check fails on a drifted copy.
. tests/cli/lib.sh
command -v python3 >/dev/null || skip "no python3: skipped"
[ -f tests/golden/ana/report.txt ] || skip "no goldens: skipped"

if python3 scripts/readme_example.py check README.md >"$TMP/diff"; then
	ok "README's example block equals the golden report"
else
	fail "README's example block differs from the golden report (make readme):"
	sed 's/^/    /' "$TMP/diff" | head -n 30
fi
if python3 scripts/readme_example.py check doc/report.md >"$TMP/diff"; then
	ok "doc/report.md's example blocks equal the golden report and roster"
else
	fail "doc/report.md's example blocks differ from the golden files (make readme):"
	sed 's/^/    /' "$TMP/diff" | head -n 30
fi
grep -c '^<!-- example: tests/golden/' README.md | grep -qx 1 &&
	ok "one example marker in README" || fail "README has no (or several) example markers"

# a drifted number in a copy is caught
sed 's/^  distance (km)  \(.*\)47\.8/  distance (km)  \148.8/' README.md >"$TMP/README.md"
cmp -s README.md "$TMP/README.md" && fail "the drift was not made"
python3 scripts/readme_example.py check "$TMP/README.md" >/dev/null &&
	fail "a drifted README passed" || ok "a drifted README block is caught"
finish
