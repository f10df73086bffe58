/**
 * Machine-readable output (json, sarif, github) names files from the repository root (the git work
 * tree), because that is what GitHub annotations and code scanning resolve paths against; the
 * analysis itself runs from the Django project root, which may be a subfolder (`backend/manage.py`).
 * These helpers move a result's paths from one root to the other.
 */
import type { AnalysisResult } from "../analysis/finding.js";

/** `backend` + `app/views.py` → `backend/app/views.py`; an empty prefix leaves the path alone. */
export function withPrefix(prefix: string, path: string): string {
  return prefix === "" ? path : `${prefix}/${path}`;
}

/** The same result with every path (findings, related locations, diagnostics, coverage) under `prefix`. */
export function rebaseResult(result: AnalysisResult, prefix: string): AnalysisResult {
  if (prefix === "") return result;
  const move = (path: string): string => withPrefix(prefix, path);
  return {
    ...result,
    findings: result.findings.map((f) => ({
      ...f,
      path: move(f.path),
      related: f.related.map((r) => ({ ...r, path: move(r.path) })),
    })),
    diagnostics: result.diagnostics.map((d) => (d.path === undefined ? d : { ...d, path: move(d.path) })),
    ...(result.coverage
      ? { coverage: { ...result.coverage, unverified: result.coverage.unverified.map((u) => (u.path === undefined ? u : { ...u, path: move(u.path) })) } }
      : {}),
  };
}
