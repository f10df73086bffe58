#!/usr/bin/env python3
"""sample_all.py DIR PERRULE SEED OUT project... : every warn/block finding + a seeded sample of <=PERRULE info findings per rule.

WARN_CAP=N in the environment samples at most N warn/block findings per rule (seeded too); the "sampled" field then says k/n."""
import json, os, random, sys, collections
d, per, seed, out, projects = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]
rows, info, warn = [], collections.defaultdict(list), collections.defaultdict(list)
cap = int(os.environ.get("WARN_CAP", "0"))
for p in projects:
    for f in json.load(open(f"{d}/{p}.json"))["findings"]:
        x = dict(project=p, rule=f["rule"], level=f["level"], path=f["path"], line=f["line"], endLine=f.get("endLine"), impact=f.get("impact"), message=f["message"], identity=f.get("identity"))
        if f["level"] in ("warn", "block"): warn[f["rule"]].append(x)
        else: info[f["rule"]].append(x)
for r in sorted(warn):
    xs = sorted(warn[r], key=lambda f: (f["project"], f["path"], f["line"]))
    pick = xs if not cap or len(xs) <= cap else random.Random(f"{seed}-warn-{r}").sample(xs, cap)
    for x in pick: x["sampled"] = "warn/block" if len(pick) == len(xs) else f"warn/block {len(pick)}/{len(xs)}"; rows.append(x)
for r in sorted(info):
    xs = sorted(info[r], key=lambda f: (f["project"], f["path"], f["line"]))
    pick = xs if len(xs) <= per else random.Random(f"{seed}-{r}").sample(xs, per)
    for x in pick: x["sampled"] = f"info {len(pick)}/{len(xs)}"; rows.append(x)
rows.sort(key=lambda x: (x["project"], x["path"], x["line"], x["rule"]))
with open(out, "w") as o:
    for x in rows: o.write(json.dumps(x) + "\n")
print(len(rows), collections.Counter(x["sampled"].split()[0] for x in rows))
