/**
 * A cache of the index's per-file units (`readModuleFacts`, `readMigrationFacts`: functions of path and
 * text only) keyed by what was read, the path and the text's git blob sha. A pull request's base and
 * head share almost every indexed file, and a long-running App reviews the same repository again and
 * again, so only changed files are parsed for the index. In memory, least recently used entries go
 * first; with a disk store (the CLI's `--cache-dir`), a later process reads the facts back instead of
 * parsing. The facts are plain data (no syntax trees), and assembling the index never writes to them.
 */
import type { SourceText } from "../source-file.js";
import type { CacheFactsResult, ModuleFactsResult } from "./build.js";
import type { MigrationFacts } from "./migrations/facts.js";
import { createHash } from "node:crypto";

const DEFAULT_MAX_ENTRIES = 20_000;

/** Git's blob sha of a text (as UTF-8): the same id `git hash-object` gives the file. */
export function blobShaOf(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

/** A second layer under the in-memory one (the CLI's folder on disk, src/cli/facts-store.ts). */
export interface FactsStore {
  get<T>(kind: string, path: string, blobSha: string): T | undefined;
  set(kind: string, path: string, blobSha: string, value: unknown): void;
}

export type MigrationFactsResult = { ok: true; facts: MigrationFacts } | { ok: false; note: string };

export class ModuleFactsCache {
  private readonly entries = new Map<string, unknown>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    /** The on-disk layer, when the caller has one (`--cache-dir`); null: memory only. */
    public disk: FactsStore | null = null,
  ) {}

  get(source: SourceText, want: { models: boolean; celery: boolean }, read: () => ModuleFactsResult): ModuleFactsResult {
    return this.memo(`${want.models ? "m" : "-"}${want.celery ? "c" : "-"}`, source, read);
  }

  cacheKeys(source: SourceText, read: () => CacheFactsResult): CacheFactsResult {
    return this.memo("cache-keys", source, read);
  }

  migration(source: SourceText, read: () => MigrationFactsResult): MigrationFactsResult {
    return this.memo("migration", source, read);
  }

  private memo<T>(kind: string, source: SourceText, read: () => T): T {
    const sha = blobShaOf(source.text);
    const key = `${kind}\0${source.path}\0${sha}`;
    if (this.entries.has(key)) {
      const cached = this.entries.get(key) as T;
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      this.hits++;
      return cached;
    }
    this.misses++;
    let result = this.disk?.get<T>(kind, source.path, sha);
    if (result === undefined) {
      result = read();
      this.disk?.set(kind, source.path, sha, result);
    }
    this.entries.set(key, result);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return result;
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}

/** The process-wide cache `buildProjectIndex` uses unless told otherwise (the CLI gives it a disk store). */
export const moduleFactsCache = new ModuleFactsCache();
