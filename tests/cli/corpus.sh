#!/bin/sh
# The real corpus (../shared/corpus): every file gives at least one activity
# or a clear error naming it; the malformed ones fail with line and column;
# the batch goes on; exit status 3.  A gzip copy under any name gives the
# same row.  Under SANITIZE builds this is also the sanitizer sweep.
. tests/cli/lib.sh
have_corpus || skip "corpus not found at $CORPUS: skipped"

"$RUNRISK" runs --format json "$CORPUS" >"$TMP/all.json" 2>"$TMP/all.err"
rc=$?
[ "$rc" -eq 3 ] && ok "corpus sweep exits 3 (some files unreadable)" || fail "corpus sweep exit $rc"
grep -Eq 'runrisk: .*badcharacter.xml:[0-9]+:[0-9]+: error: ' "$TMP/all.err" && ok "badcharacter.xml: clear error" || fail "badcharacter.xml not reported with line:col"
grep -Eq 'runrisk: .*tcx/malformed.tcx:[0-9]+:[0-9]+: error: ' "$TMP/all.err" && ok "malformed.tcx: clear error" || fail "malformed.tcx not reported with line:col"
if grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$TMP/all.err"; then fail "sanitizer report"; grep -E 'Sanitizer|runtime error' "$TMP/all.err" | head; else ok "no sanitizer report"; fi

python3 - "$CORPUS" "$TMP/all.json" "$TMP/all.err" <<'PY' || fails=$((fails + 1))
import json, os, sys
corpus, out, err = sys.argv[1:4]
rows = json.load(open(out))
errs = open(err, errors="replace").read()
seen = {r["file"] for r in rows}
skip_ext = (".md", ".csv", ".json", ".ini")
missing = []
n = 0
for d, _, fs in os.walk(corpus):
    for f in fs:
        p = os.path.join(d, f)
        if f.startswith(".") or f.endswith(skip_ext):
            continue
        n += 1
        if p not in seen and ("runrisk: " + p + ":") not in errs:
            missing.append(p)
for r in rows:
    assert r["format"] in ("gpx", "tcx", "fit"), r
print(f"ok   {n} corpus files: {len(seen)} gave activities ({len(rows)} rows), the rest a named error")
if missing:
    print("FAIL files with neither a row nor an error:", *missing, sep="\n  ")
    sys.exit(1)
PY

# A gzip copy of each GPX/TCX, with no extension, gives the same rows (only 'file' differs).
n=0; bad=0
for f in $(find "$CORPUS" -type f \( -name '*.gpx' -o -name '*.tcx' \) | sort); do
	n=$((n + 1))
	gzip -c "$f" >"$TMP/copy"
	"$RUNRISK" runs "$f" 2>/dev/null | cut -d, -f2- >"$TMP/a"
	"$RUNRISK" runs "$TMP/copy" 2>/dev/null | cut -d, -f2- >"$TMP/b"
	if ! cmp -s "$TMP/a" "$TMP/b"; then bad=$((bad + 1)); echo "    differs: $f"; fi
done
[ "$bad" -eq 0 ] && ok "gzip copies of $n corpus files give the same rows" || fail "$bad of $n gzip copies differ"
finish
