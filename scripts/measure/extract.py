#!/usr/bin/env python3
"""extract.py [--deploy] GITDIR OUT [REV]: write the Python files and requirement/config files of REV into OUT.
--deploy also keeps the deployment and schedule files djperf reads (Dockerfiles, compose files, Procfiles,
crontabs, YAML job/template/workflow files, INI and shell files: src/analysis/index/command-runs.ts), so a
whole-repository check sees the schedules and deployment a real checkout shows."""
import os, re, subprocess, sys
args = [a for a in sys.argv[1:] if a != "--deploy"]
deploy = len(args) != len(sys.argv) - 1
g, out = args[0], args[1]
rev = args[2] if len(args) > 2 else "HEAD"
DEPLOY = re.compile(r"(^|/)(Dockerfile[^/]*|Containerfile|[^/]*\.Dockerfile|(docker-)?compose[^/]*\.ya?ml|Procfile[^/]*|crontab|[^/]*\.cron(tab)?|[^/]*\.(ya?ml|ini|sh))$", re.I)
SKIP = re.compile(r"(^|/)(node_modules|fixtures|cassettes|vcr_cassettes|static|docs?|locale|tests?)/")
keep_py = lambda p: p.endswith((".py", ".txt", ".toml", ".cfg", ".in")) and (p.endswith(".py") or "requirements" in p or p.endswith(("pyproject.toml", "setup.cfg")))
keep = lambda p: keep_py(p) or (deploy and DEPLOY.search(p) is not None and SKIP.search(p) is None)
ls = subprocess.run(["git", f"--git-dir={g}", "ls-tree", "-r", "-z", rev], capture_output=True, check=True).stdout.split(b"\0")
entries = []
for e in ls:
    if not e: continue
    meta, path = e.split(b"\t", 1)
    mode, typ, sha = meta.split()
    p = path.decode("utf-8", "replace")
    if typ == b"blob" and mode != b"120000" and keep(p): entries.append((sha.decode(), p))
proc = subprocess.Popen(["git", f"--git-dir={g}", "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
for sha, p in entries:
    proc.stdin.write((sha + "\n").encode()); proc.stdin.flush()
    header = proc.stdout.readline().split()
    if header[1] == b"missing": continue
    size = int(header[2]); data = proc.stdout.read(size); proc.stdout.read(1)
    dst = os.path.join(out, p); os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "wb") as f: f.write(data)
proc.stdin.close(); proc.wait()
commit = subprocess.run(["git", f"--git-dir={g}", "rev-parse", rev], capture_output=True, text=True).stdout.strip()
open(os.path.join(out, ".djperf-commit"), "w").write(commit + "\n")
print(f"{out}: {len(entries)} files at {commit}")
