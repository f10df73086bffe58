/** Path helpers for django-split-settings `include()` patterns (relative to the including file). */

/** Resolves `.` and `..` segments: `a/b/../c.py` → `a/c.py`. */
export function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/** Paths matching a glob with `*` / `?` inside one segment (`components/*.py`), sorted as split-settings does. */
export function matchPaths(pattern: string, paths: Iterable<string>): string[] {
  if (!/[*?[]/.test(pattern)) {
    for (const p of paths) if (p === pattern) return [p];
    return [];
  }
  const source = pattern
    .split("")
    .map((ch) => (ch === "*" ? "[^/]*" : ch === "?" ? "[^/]" : /[.+^${}()|\\]/.test(ch) ? `\\${ch}` : ch))
    .join("");
  const re = new RegExp(`^${source}$`);
  return [...paths].filter((p) => re.test(p)).sort();
}
