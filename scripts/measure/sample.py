#!/usr/bin/env python3
"""sample.py DIR PERRULE SEED OUT project... : a seeded sample of PERRULE findings per ORM/bulk rule across projects.
RULES=DJP301,DJP305 (environment) samples those rules instead; RULES=families samples every non-ORM, non-migration rule."""
import json, os, random, sys, collections
d, per, seed, out, projects = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]
RULES = ["DJP101","DJP102","DJP103","DJP104","DJP105","DJP501","DJP502","DJP503"]
if os.environ.get("RULES") == "families":
    seen = {f["rule"] for p in projects for f in json.load(open(f"{d}/{p}.json"))["findings"]}
    RULES = sorted(r for r in seen if r not in RULES and not r.startswith("DJP2"))
elif os.environ.get("RULES"):
    RULES = os.environ["RULES"].split(",")
by = collections.defaultdict(list)
for p in projects:
    for f in json.load(open(f"{d}/{p}.json"))["findings"]:
        if f["rule"] in RULES: by[f["rule"]].append(dict(project=p, **f))
rows = []
for r in RULES:
    xs = sorted(by[r], key=lambda f: (f["project"], f["path"], f["line"]))
    pick = xs if len(xs) <= per else random.Random(f"{seed}-{r}").sample(xs, per)
    for f in sorted(pick, key=lambda f: (f["project"], f["path"], f["line"])):
        rows.append(dict(project=f["project"], rule=r, level=f["level"], path=f["path"], line=f["line"], impact=f.get("impact"), message=f["message"], population=len(xs)))
with open(out, "w") as o:
    for x in rows: o.write(json.dumps(x) + "\n")
print(len(rows), {r: (len(by[r])) for r in RULES})
