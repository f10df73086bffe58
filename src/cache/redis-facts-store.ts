/**
 * The index's per-file facts in Redis (REDIS_URL), shared by every replica and worker: a review on one
 * worker reads back the facts another worker computed for the same files (same path, same blob sha),
 * and a restarted process starts warm. Entries are the bytes of src/cache/facts-entry.ts (checksummed,
 * namespaced by djperf's version and analysis code), so a damaged or foreign value is a miss.
 *
 * Bounded: every key expires (`ttlSeconds`, default 7 days, renewed when written again), and an entry
 * over `maxEntryBytes` (default 2 MiB) is neither written nor trusted when read. The Redis holding
 * the facts is best a cache instance of its own (DJPERF_FACTS_REDIS_URL) capped with `maxmemory` and
 * `maxmemory-policy allkeys-lru`: facts are cheap to recompute, while the queue's Redis must keep
 * `noeviction` (an evicted BullMQ key corrupts a queue). See docs/scale-out.md.
 *
 *   <prefix>:facts:<version>-<code digest>:<sha1 of kind, path, blob sha>
 *
 * Redis being slow or away never fails a review: reads are misses and writes are dropped (logged once
 * per outage), each bounded by a command timeout.
 */
import { Redis } from "ioredis";
import type { FactsEntry, FactsKey, FactsStore } from "../analysis/index/facts-cache.js";
import { buildNamespace, decodeEntry, encodeEntry, entryDigest } from "./facts-entry.js";

export const DEFAULT_FACTS_TTL_SECONDS = 7 * 24 * 3600;
/** The largest entry measured on the tuning projects was 1.8 MB (DefectDojo's models.py); the typical one is 5–10 KB. */
export const DEFAULT_FACTS_MAX_ENTRY_BYTES = 2 * 1024 * 1024;
/** Keys per MGET or pipeline: large pull requests index thousands of files. */
const BATCH = 500;

export interface RedisFactsStoreOptions {
  url: string;
  /** Key namespace, as the queue's (DJPERF_REDIS_PREFIX). Default `djperf`. */
  prefix?: string;
  /** djperf's version: entries of another version are never read. */
  version: string;
  /** Default: the digest of the analysis code (tests pass their own). */
  codeDigest?: string;
  ttlSeconds?: number;
  maxEntryBytes?: number;
  /** How long one Redis command may take before it counts as a miss. Default 2 s. */
  commandTimeoutMs?: number;
  log?: { warn(obj: object, msg: string): void };
}

export interface RedisFactsStats {
  hits: number;
  misses: number;
  writes: number;
  /** Values that failed their checksum or could not be decoded. */
  corrupt: number;
  /** Values over maxEntryBytes, read (ignored) or computed (not written). */
  oversized: number;
  /** Batches lost to Redis errors or timeouts. */
  errors: number;
}

export class RedisFactsStore implements FactsStore {
  readonly stats: RedisFactsStats = { hits: 0, misses: 0, writes: 0, corrupt: 0, oversized: 0, errors: 0 };
  readonly ttlSeconds: number;
  readonly maxEntryBytes: number;
  readonly #redis: Redis;
  readonly #namespace: string;
  readonly #log: RedisFactsStoreOptions["log"];
  #failing = false;

  constructor(options: RedisFactsStoreOptions) {
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_FACTS_TTL_SECONDS;
    this.maxEntryBytes = options.maxEntryBytes ?? DEFAULT_FACTS_MAX_ENTRY_BYTES;
    this.#namespace = `${options.prefix ?? "djperf"}:facts:${buildNamespace(options.version, options.codeDigest)}`;
    this.#log = options.log;
    // No offline queue and no retries: a cache read waiting for Redis to come back would hold up the review.
    this.#redis = new Redis(options.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: options.commandTimeoutMs ?? 2000, lazyConnect: true });
    this.#redis.on("error", () => undefined);
  }

  /** The Redis key of an entry. */
  keyOf(key: FactsKey): string {
    return `${this.#namespace}:${entryDigest(key)}`;
  }

  async getMany(keys: readonly FactsKey[]): Promise<unknown[]> {
    const values: unknown[] = new Array(keys.length).fill(undefined);
    if (keys.length === 0 || !(await this.#connected())) return values;
    for (let from = 0; from < keys.length; from += BATCH) {
      const batch = keys.slice(from, from + BATCH);
      let found: (Buffer | null)[];
      try {
        found = await this.#redis.mgetBuffer(batch.map((k) => this.keyOf(k)));
        this.#recovered();
      } catch (error) {
        this.#failed(error);
        this.stats.misses += keys.length - from;
        return values;
      }
      found.forEach((bytes, i) => (values[from + i] = this.#decode(bytes)));
    }
    return values;
  }

  async setMany(entries: readonly FactsEntry[]): Promise<void> {
    if (entries.length === 0 || !(await this.#connected())) return;
    for (let from = 0; from < entries.length; from += BATCH) {
      const pipeline = this.#redis.pipeline();
      let queued = 0;
      for (const { key, value } of entries.slice(from, from + BATCH)) {
        const bytes = encodeOrUndefined(value);
        if (bytes === undefined) continue;
        if (bytes.length > this.maxEntryBytes) {
          this.stats.oversized++;
          continue;
        }
        pipeline.set(this.keyOf(key), bytes, "EX", this.ttlSeconds);
        queued++;
      }
      if (queued === 0) continue;
      try {
        const results = (await pipeline.exec()) ?? [];
        this.stats.writes += results.filter(([error]) => error === null).length;
        this.#recovered();
      } catch (error) {
        this.#failed(error);
        return;
      }
    }
  }

  async close(): Promise<void> {
    if (this.#redis.status === "wait" || this.#redis.status === "end") return;
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  #decode(bytes: Buffer | null): unknown {
    if (bytes === null) {
      this.stats.misses++;
      return undefined;
    }
    // Written by a build with a larger cap, or by something else: not worth the memory.
    if (bytes.length > this.maxEntryBytes) {
      this.stats.oversized++;
      this.stats.misses++;
      return undefined;
    }
    const entry = decodeEntry(bytes);
    if (entry === undefined) {
      // Left in place: the recomputed entry overwrites it when the review saves its facts.
      this.stats.corrupt++;
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return entry.value;
  }

  async #connected(): Promise<boolean> {
    if (this.#redis.status === "ready") return true;
    if (this.#redis.status === "wait") {
      try {
        await this.#redis.connect();
        return true;
      } catch (error) {
        this.#failed(error);
        return false;
      }
    }
    // Reconnecting after a drop: a miss now rather than a wait.
    return false;
  }

  #failed(error: unknown): void {
    this.stats.errors++;
    if (this.#failing) return;
    this.#failing = true;
    this.#log?.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, "facts cache in Redis unavailable; reading files afresh");
  }

  #recovered(): void {
    this.#failing = false;
  }
}

function encodeOrUndefined(value: unknown): Buffer | undefined {
  try {
    return encodeEntry(value);
  } catch {
    // A value v8 cannot serialise: returned to the review, just not kept.
    return undefined;
  }
}
