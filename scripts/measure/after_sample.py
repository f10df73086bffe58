#!/usr/bin/env python3
"""after_sample.py JUDGED.jsonl AFTER_DIR OUT.jsonl : carry judged rows to the final build by (project, rule, path, line).
Removed findings leave the sample; a moved level is re-rated (level_ok from the verdict). Prints added warn/block findings (to judge)."""
import json, sys, collections
judged, after, out = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [json.loads(l) for l in open(judged) if l.strip()]
projects = sorted({r["project"] for r in rows})
now = {}
for p in projects:
    for f in json.load(open(f"{after}/{p}.json"))["findings"]:
        now[(p, f["rule"], f["path"], f["line"])] = f
kept, removed, moved = [], collections.Counter(), collections.Counter()
for r in rows:
    f = now.get((r["project"], r["rule"], r["path"], r["line"]))
    if not f: removed[r["verdict"]] += 1; continue
    if f["level"] != r["level"]:
        moved[(r["level"], f["level"], r["verdict"])] += 1
        r = dict(r, level_before=r["level"], level=f["level"])
        inline = f["level"] in ("warn", "block")
        r["level_ok"] = (r["verdict"] == "TP") == inline if r["verdict"] != "FP" else not inline
    kept.append(r)
with open(out, "w") as o:
    for r in kept: o.write(json.dumps(r) + "\n")
print("removed", dict(removed)); print("moved", dict(moved))
judgedkeys = {(r["project"], r["rule"], r["path"], r["line"]) for r in rows}
for p in projects:
    try: before = {(p, f["rule"], f["path"], f["line"]) for f in json.load(open(f"{sys.argv[4]}/{p}.json"))["findings"]} if len(sys.argv) > 4 else set()
    except FileNotFoundError: before = set()
    for k, f in now.items():
        if k[0] == p and f["level"] in ("warn", "block") and k not in judgedkeys and (not before or k not in before):
            print("ADDED", p, f["rule"], f["level"], f["path"], f["line"])
