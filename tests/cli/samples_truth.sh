#!/bin/sh
# The samples truth test: runrisk over samples/ must raise every event the
# generator injected (samples/expected-flags.csv) with the right rule on the
# right local date (+-1 day) at the right level, and no alert that is not expected.  Prints
# precision and recall; fails below 1.0.
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
alerts = [f for f in raised if f["level"] == "alert"]
true_alerts = [f for f in alerts if any(match(e, f) for e in expected)]
near = {id(e): [f for f in raised if match(e, f, level=False)] for e in missed}
recall = len(found) / len(expected) if expected else 1.0
precision = len(true_alerts) / len(alerts) if alerts else 1.0
print(f"     expected events: {len(expected)}, found: {len(found)}; alerts raised: {len(alerts)}, expected: {len(true_alerts)}")
print(f"     recall {recall:.3f}, precision {precision:.3f} (alerts)")
for e in missed:
    got = ", ".join(f"{f['level']} on {f['date']}" for f in near[id(e)]) or "nothing"
    print(f"FAIL missed: {e['athlete']} {e['date']} {e['rule']} {e['level']} (raised: {got}): {e['note']}")
for f in alerts:
    if f not in true_alerts:
        print(f"FAIL unexpected alert: {f['folder']} {f['date']} {f['rule']}: {f['evidence'][:120]}")
sys.exit(0 if recall >= 1.0 and precision >= 1.0 else 1)
PY
finish
