# lib.sh - helpers for the command-line tests (sourced).
# Each test is a POSIX sh script run from the repo root with $RUNRISK set;
# exit 0 = pass, 77 = skip (last line says why), anything else = fail.
set -u
: "${RUNRISK:?RUNRISK must point at the runrisk binary}"
CORPUS=${CORPUS:-../shared/corpus}
fails=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/runrisk-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok()   { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; fails=$((fails + 1)); }
skip() { printf '%s\n' "$*"; exit 77; }
# expect_rc WANT DESCRIPTION -- runs the rest of the command line
expect_rc() {
	want=$1; desc=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"; got=$?
	if [ "$got" -eq "$want" ]; then ok "$desc (exit $got)"
	else fail "$desc: exit $got, wanted $want"; sed 's/^/    stderr: /' "$TMP/err" | head -n 5; fi
}
finish() { [ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }; exit 0; }
have_corpus() { [ -d "$CORPUS" ]; }
# same_report A B -- report.txt or index.html A and B equal but for the
# "Since last" block, which differs from one run to the next by design
# (first report, then nothing new).
unsince() {
	sed -e '/^Since last/,/^$/{/^$/!d;}' -e '/^<p class="since">/d' \
		-e '/^<ul class="since">/,/^<\/ul>/d' "$1"
}
same_report() {
	unsince "$1" >"$TMP/.same_a"; unsince "$2" >"$TMP/.same_b"
	cmp -s "$TMP/.same_a" "$TMP/.same_b"
}
