/**
 * The dependencies of every migration module under `paths` (files of a `*migrations` folder with a
 * `Migration` class), for the whole-repository migration window (src/report/migration-window.ts).
 * `run_before = [(app, name)]` makes this migration a dependency of the one it names. Each file is read
 * by the migration history's own per-file unit through the facts cache, so the files the check's index
 * already read are not parsed again, and the loop yields between files so their trees can be freed.
 */
import { migrationLocation } from "../analysis/index/migrations/extract.js";
import type { MigrationRef } from "../analysis/index/migrations/facts.js";
import { readMigrationFacts } from "../analysis/index/build.js";
import { moduleFactsCache } from "../analysis/index/facts-cache.js";
import { afterFile } from "../pipeline/native-memory.js";
import type { RepoSource } from "../pipeline/ports.js";

const MIGRATION_FILE = /(^|\/)\w*migrations\/(?!__init__\.py$)\w+\.py$/;

export async function migrationGraphOf(source: RepoSource, paths: readonly string[]): Promise<Map<string, MigrationRef[]>> {
  const files = paths.filter((p) => MIGRATION_FILE.test(p));
  const contents = await source.readFiles(files);
  const graph = new Map<string, MigrationRef[]>();
  const runBefore: { from: MigrationRef; to: MigrationRef }[] = [];
  const decoder = new TextDecoder();
  let read = 0;
  for (const path of files) {
    const content = contents.get(path);
    if (!content?.ok) continue;
    const source = { path, text: decoder.decode(content.bytes) };
    if (!/\bclass\s+Migration\b/.test(source.text)) continue;
    const result = moduleFactsCache.migration(source, () => readMigrationFacts(source));
    await afterFile(++read);
    if (!result.ok || result.facts.problem === "no Migration class") continue;
    const { facts } = result;
    graph.set(path, [...facts.dependencies]);
    for (const to of facts.runBefore) runBefore.push({ from: { app: facts.app, name: facts.name }, to });
  }
  for (const { from, to } of runBefore) {
    for (const [path, deps] of graph) {
      const at = migrationLocation(path);
      if (at.app === to.app && at.name === to.name) deps.push(from);
    }
  }
  return graph;
}
