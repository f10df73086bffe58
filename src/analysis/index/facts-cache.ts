/**
 * A cache of the index's per-file units (`readModuleFacts`, `readMigrationFacts`: functions of path and
 * text only) keyed by what was read, the path and the text's git blob sha. A pull request's base and
 * head share almost every indexed file, and a long-running App reviews the same repository again and
 * again, so only changed files are parsed for the index.
 *
 * Two layers behind one port (FactsStore): the in-memory one here (least recently used entries go
 * first), and optionally a store under it that outlives the analysis: the CLI's folder on disk
 * (src/cli/facts-store.ts), the App's memory shared by every review of the process, or Redis shared by
 * every replica (src/cache/redis-facts-store.ts). Index building is synchronous per file, and the
 * lower stores may be asynchronous (Redis, or the main thread seen from an analysis thread), so the
 * index asks the store for every entry it is about to read up front (`load`) and hands it the entries
 * it computed at the end (`save`). The facts are plain data (no syntax trees), and assembling the
 * index never writes to them.
 */
import type { SourceText } from "../source-file.js";
import type { CacheFactsResult, CallFactsResult, ModuleFactsResult, UploadCapFactsResult } from "./build.js";
import type { MigrationFacts } from "./migrations/facts.js";
import type { LookupFileFacts } from "./lookup-facts.js";
import { createHash } from "node:crypto";
import { serialize } from "node:v8";

const DEFAULT_MAX_ENTRIES = 20_000;

/** Git's blob sha of a text (as UTF-8): the same id `git hash-object` gives the file. */
export function blobShaOf(text: string): string {
  return blobShaOfBytes(Buffer.from(text, "utf8"));
}

/** Git's blob sha of some bytes. */
export function blobShaOfBytes(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

/** What an entry is about: the kind of read (which facts), the path (module names depend on it) and the text's blob sha. */
export interface FactsKey {
  kind: string;
  path: string;
  blobSha: string;
}

export interface FactsEntry {
  key: FactsKey;
  value: unknown;
}

type Awaitable<T> = T | Promise<T>;

/**
 * The cache port. Adapters: MemoryFactsStore (below), DiskFactsStore (CLI), RedisFactsStore (App with
 * REDIS_URL), and the analysis thread's bridge to the main thread's store. A store never throws for a
 * missing, damaged or unreachable entry: that is a miss, and the facts are read again.
 */
export interface FactsStore {
  /** The stored values, in the order of `keys` (undefined: a miss). */
  getMany(keys: readonly FactsKey[]): Awaitable<ReadonlyArray<unknown>>;
  setMany(entries: readonly FactsEntry[]): Awaitable<void>;
}

export function factsKeyString(key: FactsKey): string {
  return `${key.kind}\0${key.path}\0${key.blobSha}`;
}

/**
 * Bounded by entry count and, when given `maxBytes`, by the entries' v8-serialised size (the App's
 * process-wide cache: findings are larger than facts and their number per entry varies); least
 * recently used first out. Synchronous, so the index reads it per file.
 */
export class MemoryFactsStore implements FactsStore {
  private readonly entries = new Map<string, unknown>();
  /** Bytes per key, kept only with a byte bound. */
  private readonly costs = new Map<string, number>();
  private used = 0;

  constructor(
    readonly maxEntries = DEFAULT_MAX_ENTRIES,
    readonly maxBytes?: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The serialised bytes held (0 without a byte bound: nothing is measured). */
  get bytes(): number {
    return this.used;
  }

  get(key: string): unknown {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key);
    // Re-insert: Map keeps insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: unknown): void {
    this.forget(key);
    if (this.maxBytes !== undefined) {
      const cost = key.length + serialize(value).byteLength;
      // One entry larger than the whole cache is not kept (it would evict everything else).
      if (cost > this.maxBytes) return;
      this.costs.set(key, cost);
      this.used += cost;
    }
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries || this.used > (this.maxBytes ?? Infinity)) this.forget(this.entries.keys().next().value!);
  }

  getMany(keys: readonly FactsKey[]): unknown[] {
    return keys.map((k) => this.get(factsKeyString(k)));
  }

  setMany(entries: readonly FactsEntry[]): void {
    for (const { key, value } of entries) this.set(factsKeyString(key), value);
  }

  clear(): void {
    this.entries.clear();
    this.costs.clear();
    this.used = 0;
  }

  private forget(key: string): void {
    if (!this.entries.delete(key)) return;
    this.used -= this.costs.get(key) ?? 0;
    this.costs.delete(key);
  }
}

export type MigrationFactsResult = { ok: true; facts: MigrationFacts } | { ok: false; note: string };

/** The kind of a module read: which facts were wanted. */
export function moduleKind(want: { models: boolean; celery: boolean }): string {
  return `${want.models ? "m" : "-"}${want.celery ? "c" : "-"}`;
}

export const MIGRATION_KIND = "migration";
export const LOOKUPS_KIND = "lookups";
export const CACHE_KEYS_KIND = "cache-keys";
export const UPLOAD_CAPS_KIND = "upload-caps";
export const CALLS_KIND = "calls";

export class ModuleFactsCache {
  private readonly memory: MemoryFactsStore;
  /** Entries read afresh since the last `save`, for the store below. */
  private pending: FactsEntry[] = [];
  private readonly shas = new WeakMap<SourceText, string>();
  hits = 0;
  misses = 0;

  constructor(
    maxEntries = DEFAULT_MAX_ENTRIES,
    /** The layer under memory (disk, the App's shared memory, Redis); null: memory only. */
    public store: FactsStore | null = null,
  ) {
    this.memory = new MemoryFactsStore(maxEntries);
  }

  get(source: SourceText, want: { models: boolean; celery: boolean }, read: () => ModuleFactsResult): ModuleFactsResult {
    return this.memo(moduleKind(want), source, read);
  }

  migration(source: SourceText, read: () => MigrationFactsResult): MigrationFactsResult {
    return this.memo(MIGRATION_KIND, source, read);
  }

  lookups(source: SourceText, read: () => LookupFileFacts): LookupFileFacts {
    return this.memo(LOOKUPS_KIND, source, read);
  }

  cacheKeys(source: SourceText, read: () => CacheFactsResult): CacheFactsResult {
    return this.memo(CACHE_KEYS_KIND, source, read);
  }

  uploadCaps(source: SourceText, read: () => UploadCapFactsResult): UploadCapFactsResult {
    return this.memo(UPLOAD_CAPS_KIND, source, read);
  }

  calls(source: SourceText, read: () => CallFactsResult): CallFactsResult {
    return this.memo(CALLS_KIND, source, read);
  }

  keyOf(kind: string, source: SourceText): FactsKey {
    let blobSha = this.shas.get(source);
    if (blobSha === undefined) this.shas.set(source, (blobSha = blobShaOf(source.text)));
    return { kind, path: source.path, blobSha };
  }

  /** Brings the store's entries for `keys` into memory (call before the synchronous reads). */
  async load(keys: readonly FactsKey[]): Promise<void> {
    if (!this.store) return;
    const missing = keys.filter((k) => !this.memory.has(factsKeyString(k)));
    if (missing.length === 0) return;
    let values: ReadonlyArray<unknown>;
    try {
      values = await this.store.getMany(missing);
    } catch {
      // The store's trouble (a thread bridge, a network) is a miss for every key, never a failed index.
      return;
    }
    missing.forEach((key, i) => {
      if (values[i] !== undefined) this.memory.set(factsKeyString(key), values[i]);
    });
  }

  /** Hands the entries read since the last load to the store. */
  async save(): Promise<void> {
    const entries = this.pending;
    this.pending = [];
    if (!this.store || entries.length === 0) return;
    try {
      await this.store.setMany(entries);
    } catch {
      // Not kept: the next review reads those files again.
    }
  }

  private memo<T>(kind: string, source: SourceText, read: () => T): T {
    const key = this.keyOf(kind, source);
    const id = factsKeyString(key);
    if (this.memory.has(id)) {
      this.hits++;
      return this.memory.get(id) as T;
    }
    this.misses++;
    const result = read();
    this.memory.set(id, result);
    if (this.store) this.pending.push({ key, value: result });
    return result;
  }

  clear(): void {
    this.memory.clear();
    this.pending = [];
    this.hits = 0;
    this.misses = 0;
  }
}

/** The process-wide cache `buildProjectIndex` uses unless told otherwise (the CLI gives it a disk store). */
export const moduleFactsCache = new ModuleFactsCache();
