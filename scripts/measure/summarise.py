#!/usr/bin/env python3
"""summarise.py JUDGED.jsonl... : precision per rule, inline TP-low share and level fit of judged findings.

Precision counts TP and TP-low as correct (UNSURE left out); the TP-low share is TP-low / (TP + TP-low) of warn/block findings (docs/corpus/accuracy.md)."""
import json, sys, collections
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip()]
by = collections.defaultdict(collections.Counter)
for r in rows: by[r["rule"]][r["verdict"]] += 1
def prec(c):
    judged = c["TP"] + c["TP-low"] + c["FP"]
    return f"{c['TP'] + c['TP-low']}/{judged} = {100 * (c['TP'] + c['TP-low']) / judged:.1f} %" if judged else "-"
print("| rule | TP | TP-low | FP | UNSURE | precision |\n|---|---:|---:|---:|---:|---:|")
for rule in sorted(by): c = by[rule]; print(f"| {rule} | {c['TP']} | {c['TP-low']} | {c['FP']} | {c['UNSURE']} | {prec(c)} |")
total = collections.Counter(r["verdict"] for r in rows)
print(f"| all | {total['TP']} | {total['TP-low']} | {total['FP']} | {total['UNSURE']} | {prec(total)} |")
inline = collections.Counter(r["verdict"] for r in rows if r["level"] in ("warn", "block"))
n = sum(inline.values())
right = inline["TP"] + inline["TP-low"]
if n: print(f"\ninline (warn/block): {n} judged: TP {inline['TP']}, TP-low {inline['TP-low']}, FP {inline['FP']}; TP-low share TP-low/(TP+TP-low) = {100 * inline['TP-low'] / max(right, 1):.0f} %")
info_tp = sum(1 for r in rows if r["level"] == "info" and r["verdict"] == "TP")
print(f"sizeable TPs at info: {info_tp}; level fits: {sum(1 for r in rows if r.get('level_ok'))}/{len(rows)}")
