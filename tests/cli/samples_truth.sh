#!/bin/sh
# The samples truth test: runrisk over samples/ must raise every event the
# generator injected (samples/expected-flags.csv) with the right rule on the
# right local date (+-1 day) at the right level, and no warning or alert that is not
# expected (SCENARIO.md: outside the events nothing is raised at warn or alert).  Prints
# precision and recall, over all and per athlete; fails below 1.0.
. tests/cli/lib.sh
[ -f samples/expected-flags.csv ] || skip "no samples/expected-flags.csv: skipped"

"$RUNRISK" report --no-charts -o "$TMP/out" samples >"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
[ "$rc" -eq 1 ] && ok "report on samples exits 1 (new alerts)" || fail "report on samples: exit $rc"

python3 - "$TMP/out" samples/expected-flags.csv <<'PY' || fails=$((fails + 1))
import csv, datetime, os, sys
out, expected_path = sys.argv[1:3]
expected = list(csv.DictReader(open(expected_path, encoding="utf-8")))
raised = []
for athlete in sorted({e["athlete"] for e in expected} | set(os.listdir("samples"))):
    path = os.path.join(out, athlete, "flags.csv")
    if not os.path.isfile(path):
        continue
    for f in csv.DictReader(open(path, encoding="utf-8")):
        f["folder"] = athlete
        raised.append(f)

def day(s):
    return datetime.date.fromisoformat(s)

def match(e, f, level=True):
    return (e["athlete"] == f["folder"] and e["rule"] == f["rule"]
            and (not level or e["level"] == f["level"])
            and abs((day(e["date"]) - day(f["date"])).days) <= 1)

found = [e for e in expected if any(match(e, f) for f in raised)]
missed = [e for e in expected if e not in found]
judged = [f for f in raised if f["level"] in ("warn", "alert")]
true_flags = [f for f in judged if any(match(e, f) for e in expected)]
near = {id(e): [f for f in raised if match(e, f, level=False)] for e in missed}

def ratio(a, b):
    return len(a) / len(b) if b else 1.0

recall = ratio(found, expected)
precision = ratio(true_flags, judged)
print(f"     expected events: {len(expected)}, found: {len(found)}; warnings and alerts raised: {len(judged)}, expected: {len(true_flags)}")
print(f"     recall {recall:.3f}, precision {precision:.3f} (warnings and alerts)")
for athlete in sorted({e["athlete"] for e in expected} | {f["folder"] for f in judged}):
    mine = [f for f in judged if f["folder"] == athlete]
    print(f"     {athlete}: recall {ratio([e for e in found if e['athlete'] == athlete], [e for e in expected if e['athlete'] == athlete]):.3f}, "
          f"precision {ratio([f for f in true_flags if f['folder'] == athlete], mine):.3f}")
for e in missed:
    got = ", ".join(f"{f['level']} on {f['date']}" for f in near[id(e)]) or "nothing"
    print(f"FAIL missed: {e['athlete']} {e['date']} {e['rule']} {e['level']} (raised: {got}): {e['note']}")
for f in judged:
    if f not in true_flags:
        print(f"FAIL unexpected {f['level']}: {f['folder']} {f['date']} {f['rule']}: {f['evidence'][:120]}")
sys.exit(0 if recall >= 1.0 and precision >= 1.0 else 1)
PY
finish
