#!/usr/bin/env python3
"""sample_all.py DIR PERRULE SEED OUT.jsonl PROJECT... : the judging sample of a whole-repository run (runset.sh output in DIR).
Every warn/block finding, plus up to PERRULE info findings per rule drawn with SEED across the projects.
Rows carry what a judge needs (project, rule, level, path, line, message, identity) and `sampled` (the stratum)."""
import json, random, sys, collections
d, per, seed, out, projects = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]
rows, info = [], collections.defaultdict(list)
for p in projects:
    for f in json.load(open(f"{d}/{p}.json"))["findings"]:
        r = {"project": p, "rule": f["rule"], "level": f["level"], "path": f["path"], "line": f["line"],
             "endLine": f.get("endLine"), "impact": f.get("impact"), "message": f["message"], "identity": f.get("identity")}
        if f["level"] in ("warn", "block"): rows.append(dict(r, sampled="warn/block"))
        else: info[f["rule"]].append(r)
rng = random.Random(seed)
for rule in sorted(info):
    pool = info[rule]; pick = pool if len(pool) <= per else rng.sample(pool, per)
    rows += [dict(r, sampled=f"info {len(pick)}/{len(pool)}") for r in pick]
rows.sort(key=lambda r: (r["project"], r["path"], r["line"], r["rule"]))
with open(out, "w") as o:
    for r in rows: o.write(json.dumps(r) + "\n")
print(len(rows), "rows;", collections.Counter(r["project"] for r in rows))
