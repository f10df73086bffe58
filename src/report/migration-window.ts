/**
 * The migration window of a whole-repository `check`: a project's history holds hundreds of
 * migrations that production applied long ago, and a finding on them asks for nothing anyone can do
 * (the lock was taken years ago). What can still hurt is a migration not yet deployed, which is one of
 * the newest of its app. So migration-rule findings are kept only for the newest `check_latest`
 * migrations of each folder, or for an app named in `since`, for migrations after the named one (a
 * team that knows what production has applied says so). Pull-request mode never uses this: there the
 * change's own migrations are reported. Pure: paths and findings in, findings out.
 *
 * With the migrations' dependencies (`graph`), the window also follows what Django's `migrate` does:
 * it applies a migration's dependencies before it, so every ancestor of a migration the window takes as
 * applied (one outside it) is applied too, whatever its name or app: a migration module without a
 * number (`reduce_decimal_places.py`, which `0033_…` depends on), and the newest migration of an app
 * that an older migration of another app depends on (`public/0003`, a dependency of `orgs/0004`, with
 * `orgs/0042` after it). An app named in `since` keeps what the team said is not applied.
 */
import type { AnalysisResult } from "../analysis/finding.js";
import { migrationLocation } from "../analysis/index/migrations/extract.js";
import type { MigrationRef } from "../analysis/index/migrations/facts.js";
import type { DjperfConfig } from "../config/schema.js";

const NUMBERED = /^\d{4}_\w+\.py$/;

type Window = Pick<DjperfConfig["migrations"], "check_latest" | "since">;

/** Every migration module of the project (path) with the migrations it depends on, as written. */
export type MigrationGraph = ReadonlyMap<string, readonly MigrationRef[]>;

/** `shop/migrations/0007_x.py`-like paths (numbered modules in a `*migrations` folder). */
export function isNumberedMigration(path: string): boolean {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, Math.max(slash, 0));
  return NUMBERED.test(path.slice(slash + 1)) && /(^|\/)\w*migrations$/.test(dir);
}

/** The numbered migrations of `paths` the window keeps (and, with a graph, the unnumbered ones not applied). */
export function migrationsInWindow(paths: readonly string[], window: Window, graph?: MigrationGraph): Set<string> {
  const byDir = new Map<string, string[]>();
  for (const path of paths) {
    if (!isNumberedMigration(path)) continue;
    const { dir } = migrationLocation(path);
    const list = byDir.get(dir) ?? [];
    list.push(path);
    byDir.set(dir, list);
  }
  const keep = new Set<string>();
  const applied: string[] = [];
  for (const list of byDir.values()) {
    list.sort();
    const { app } = migrationLocation(list[0]!);
    const since = window.since[app];
    const kept = new Set(since !== undefined ? list.filter((p) => migrationLocation(p).name > since) : window.check_latest === "all" ? list : list.slice(Math.max(0, list.length - window.check_latest)));
    for (const p of list) {
      if (kept.has(p)) keep.add(p);
      else applied.push(p);
    }
  }
  if (!graph) return keep;
  for (const path of graph.keys()) if (!isNumberedMigration(path)) keep.add(path);
  for (const path of appliedAncestors(applied, graph)) {
    if (window.since[migrationLocation(path).app] === undefined) keep.delete(path);
  }
  return keep;
}

/** Every migration that one of `applied` depends on, directly or through others (Django applied it first). */
function appliedAncestors(applied: readonly string[], graph: MigrationGraph): Set<string> {
  const byRef = new Map<string, string[]>();
  for (const path of graph.keys()) {
    const { app, name } = migrationLocation(path);
    const key = `${app}.${name}`;
    const list = byRef.get(key);
    if (list) list.push(path);
    else byRef.set(key, [path]);
  }
  const out = new Set<string>();
  const stack = [...applied];
  while (stack.length > 0) {
    const path = stack.pop()!;
    for (const ref of graph.get(path) ?? []) {
      // A label that names two folders' migrations of that name is not resolved: nothing is taken as applied.
      const found = byRef.get(`${ref.app}.${ref.name}`);
      if (found?.length !== 1 || out.has(found[0]!)) continue;
      out.add(found[0]!);
      stack.push(found[0]!);
    }
  }
  return out;
}

/**
 * Drops findings of migration rules (`migrationRules`) on migrations outside the window;
 * returns how many were dropped, for a one-line note.
 */
export function applyMigrationWindow(result: AnalysisResult, paths: readonly string[], window: DjperfConfig["migrations"], migrationRules: ReadonlySet<string>, graph?: MigrationGraph): { result: AnalysisResult; hidden: number } {
  if (window.check_latest === "all" && Object.keys(window.since).length === 0) return { result, hidden: 0 };
  const keep = migrationsInWindow(paths, window, graph);
  const inWindow = (path: string): boolean => keep.has(path) || !(isNumberedMigration(path) || graph?.has(path) === true);
  const findings = result.findings.filter((f) => !migrationRules.has(f.ruleId) || inWindow(f.path));
  return { result: { ...result, findings }, hidden: result.findings.length - findings.length };
}
