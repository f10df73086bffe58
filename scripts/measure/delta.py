#!/usr/bin/env python3
"""delta.py DIR_A DIR_B project... : findings added, removed, or at another level, by (rule, path, line)."""
import json, sys
a, b, projects = sys.argv[1], sys.argv[2], sys.argv[3:]
def load(d, p):
    try: return {(f["rule"], f["path"], f["line"]): f for f in json.load(open(f"{d}/{p}.json"))["findings"]}
    except FileNotFoundError: return {}
for p in projects:
    A, B = load(a, p), load(b, p)
    for k in sorted(set(A) | set(B)):
        fa, fb = A.get(k), B.get(k)
        if fa and not fb: print(f"- {p} {k[0]} {fa['level']} {k[1]}:{k[2]}")
        elif fb and not fa: print(f"+ {p} {k[0]} {fb['level']} {k[1]}:{k[2]}  {fb['message'][-160:]}")
        elif fa["level"] != fb["level"]: print(f"~ {p} {k[0]} {fa['level']}->{fb['level']} {k[1]}:{k[2]}  {fb['message'][-160:]}")
