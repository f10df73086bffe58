#!/usr/bin/env python3
"""extract.py GITDIR OUT [REV]: write the Python files and requirement/config files of REV into OUT."""
import os, subprocess, sys
g, out = sys.argv[1], sys.argv[2]
rev = sys.argv[3] if len(sys.argv) > 3 else "HEAD"
keep = lambda p: p.endswith((".py", ".txt", ".toml", ".cfg", ".in")) and (p.endswith(".py") or "requirements" in p or p.endswith(("pyproject.toml", "setup.cfg")))
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
