#!/usr/bin/env python3
"""rerun_pr.py DJPERF_JS JUDGED_PR.jsonl OUT.jsonl mirror-map(name=gitdir)... : re-run djperf diff on the judged commit pairs;
carry verdicts by (project, commit, rule, path, line); print posted counts by verdict, and new posted findings."""
import json, subprocess, sys, collections
djperf, judged, out = sys.argv[1], sys.argv[2], sys.argv[3]
gits = dict(s.split("=", 1) for s in sys.argv[4:])
rows = [json.loads(l) for l in open(judged)]
verdict = {(r["project"], r["commit"], r["rule"], r["path"], r["line"]): r for r in rows}
pairs = sorted({(r["project"], r["commit"], r["base"], r["head"]) for r in rows})
posted = collections.Counter(); new = []
with open(out, "w") as o:
    for p, c, b, h in pairs:
        res = subprocess.run(["node", djperf, "diff", "--repo", gits[p], "--base", b, "--head", h, "--format", "json"], capture_output=True, text=True)
        for f in json.loads(res.stdout)["findings"]:
            if f["level"] not in ("warn", "block"): continue
            r = verdict.get((p, c, f["rule"], f["path"], f["line"]))
            if r: posted[r["verdict"]] += 1; o.write(json.dumps(dict(r, level_after=f["level"])) + "\n")
            else: new.append((p, c[:9], f["rule"], f["path"], f["line"]))
print("pairs", len(pairs), "posted (judged)", dict(posted), "new", len(new))
for n in new: print("NEW", *n)
