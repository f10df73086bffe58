#!/usr/bin/env python3
"""summarise.py JUDGED.jsonl... : precision and inline figures of judged findings (judging brief's verdicts).
precision = (TP + TP-low) / (TP + TP-low + FP), UNSURE left out; inline = warn/block; TP-low share = TP-low / (TP + TP-low)."""
import json, sys, collections
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip()]
FAM = {"1": "ORM", "2": "migrations", "3": "DRF", "4": "cache", "5": "bulk/ETL", "6": "scalability", "7": "monitoring"}
def fam(r): return "ORM/bulk" if r["rule"] in ("DJP101","DJP102","DJP103","DJP104","DJP105","DJP501","DJP502","DJP503") else FAM[r["rule"][3]]
def line(name, rs):
    c = collections.Counter(r["verdict"] for r in rs); ok = c["TP"] + c["TP-low"]; n = ok + c["FP"]
    share = f"{c['TP-low']}/{ok} = {100*c['TP-low']/ok:.0f} %" if ok else "-"
    print(f"{name:22} n={len(rs):4}  TP {c['TP']:3}  TP-low {c['TP-low']:3}  FP {c['FP']:3}  UNSURE {c['UNSURE']:2}  right {ok}/{n} = {100*ok/max(n,1):.1f} %  TP-low share {share}")
line("all judged", rows)
line("inline (warn/block)", [r for r in rows if r["level"] in ("warn", "block")])
line("info", [r for r in rows if r["level"] == "info"])
for f in sorted({fam(r) for r in rows}):
    line("  " + f, [r for r in rows if fam(r) == f])
    line("    inline", [r for r in rows if fam(r) == f and r["level"] in ("warn", "block")])
print("per rule:")
for rule in sorted({r["rule"] for r in rows}): line("  " + rule, [r for r in rows if r["rule"] == rule])
print("classes:", collections.Counter((r["verdict"], r.get("fp_class")) for r in rows if r["verdict"] != "TP").most_common(15))
