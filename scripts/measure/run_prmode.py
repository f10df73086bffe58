#!/usr/bin/env python3
"""run_prmode.py DJPERF_JS OUTDIR N project=gitdir ... : djperf diff on the last N first-parent commits touching .py.
ONLY=migrations (environment) keeps only commits that add or change a file under a migrations/ folder (issue 8)."""
import json, subprocess, sys, time, os
djperf, outdir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(outdir, exist_ok=True)
def git(g, *a): return subprocess.run(["git", f"--git-dir={g}", *a], capture_output=True, text=True).stdout
for spec in sys.argv[4:]:
    name, g = spec.split("=", 1)
    out = open(f"{outdir}/{name}.jsonl", "w")
    revs = git(g, "rev-list", "--first-parent", "--max-count=2000", "HEAD").split()
    done = 0
    for c in revs:
        if done >= n: break
        parents = git(g, "rev-list", "--parents", "-n1", c).split()[1:]
        if not parents: continue
        base, head = (parents[0], parents[1]) if len(parents) > 1 else (parents[0], c)
        mb = git(g, "merge-base", base, head).strip() or base
        files = git(g, "diff", "--name-only", "--diff-filter=AMR", mb, head).split()
        if not any(f.endswith(".py") for f in files): continue
        if os.environ.get("ONLY") == "migrations" and not any("/migrations/" in f and f.endswith(".py") for f in files): continue
        done += 1
        t = time.time()
        p = subprocess.run(["node", djperf, "diff", "--repo", g, "--base", base, "--head", head, "--format", "json"], capture_output=True, text=True)
        wall = time.time() - t
        try: res = json.loads(p.stdout); findings = res["findings"]; stats = res.get("stats", {})
        except Exception: findings, stats = None, {}
        out.write(json.dumps(dict(project=name, commit=c, base=base, head=head, rc=p.returncode, wall=round(wall, 2), stats=stats,
                                  findings=findings, stderr=p.stderr[-500:])) + "\n"); out.flush()
    print(name, done, flush=True)
