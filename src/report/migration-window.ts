/**
 * The migration window of a whole-repository `check`: a project's history holds hundreds of
 * migrations that production applied long ago, and a finding on them asks for nothing anyone can do
 * (the lock was taken years ago). What can still hurt is a migration not yet deployed, which is one of
 * the newest of its app. So migration-rule findings are kept only for the newest `check_latest`
 * migrations of each folder, or for an app named in `since`, for migrations after the named one (a
 * team that knows what production has applied says so). Pull-request mode never uses this: there the
 * change's own migrations are reported. Pure: paths and findings in, findings out.
 */
import type { AnalysisResult } from "../analysis/finding.js";
import { migrationLocation } from "../analysis/index/migrations/extract.js";
import type { DjperfConfig } from "../config/schema.js";

const NUMBERED = /^\d{4}_\w+\.py$/;

/** `shop/migrations/0007_x.py`-like paths (numbered modules in a `*migrations` folder). */
export function isNumberedMigration(path: string): boolean {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, Math.max(slash, 0));
  return NUMBERED.test(path.slice(slash + 1)) && /(^|\/)\w*migrations$/.test(dir);
}

/** The numbered migrations of `paths` the window keeps. */
export function migrationsInWindow(paths: readonly string[], window: Pick<DjperfConfig["migrations"], "check_latest" | "since">): Set<string> {
  const byDir = new Map<string, string[]>();
  for (const path of paths) {
    if (!isNumberedMigration(path)) continue;
    const { dir } = migrationLocation(path);
    const list = byDir.get(dir) ?? [];
    list.push(path);
    byDir.set(dir, list);
  }
  const keep = new Set<string>();
  for (const list of byDir.values()) {
    list.sort();
    const { app } = migrationLocation(list[0]!);
    const since = window.since[app];
    const kept = since !== undefined ? list.filter((p) => migrationLocation(p).name > since) : window.check_latest === "all" ? list : list.slice(Math.max(0, list.length - window.check_latest));
    for (const p of kept) keep.add(p);
  }
  return keep;
}

/**
 * Drops findings of migration rules (`migrationRules`) on numbered migrations outside the window;
 * returns how many were dropped, for a one-line note.
 */
export function applyMigrationWindow(result: AnalysisResult, paths: readonly string[], window: DjperfConfig["migrations"], migrationRules: ReadonlySet<string>): { result: AnalysisResult; hidden: number } {
  if (window.check_latest === "all" && Object.keys(window.since).length === 0) return { result, hidden: 0 };
  const keep = migrationsInWindow(paths, window);
  const findings = result.findings.filter((f) => !migrationRules.has(f.ruleId) || !isNumberedMigration(f.path) || keep.has(f.path));
  return { result: { ...result, findings }, hidden: result.findings.length - findings.length };
}
