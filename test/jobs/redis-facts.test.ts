/**
 * The index's per-file facts shared in the real Redis (issue 14, item 4): a second worker builds the
 * same index from what the first wrote without reading the files again; every key expires; a damaged
 * or oversized entry is ignored and recomputed; Redis being away costs only the cache.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { buildProjectIndex } from "../../src/analysis/index/build.js";
import { ModuleFactsCache, type FactsKey } from "../../src/analysis/index/facts-cache.js";
import { encodeEntry } from "../../src/cache/facts-entry.js";
import { DEFAULT_FACTS_MAX_ENTRY_BYTES, DEFAULT_FACTS_TTL_SECONDS, RedisFactsStore, type RedisFactsStoreOptions } from "../../src/cache/redis-facts-store.js";
import { readRuntimeConfig } from "../../src/runtime-config.js";
import { deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from "../support/redis.js";

const MODELS = "from django.db import models\n\n\nclass Order(models.Model):\n    total = models.IntegerField()\n    customer = models.ForeignKey('shop.Customer', on_delete=models.CASCADE)\n\n\nclass Customer(models.Model):\n    name = models.CharField(max_length=20)\n";
const MIGRATION =
  "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [('shop', '0001_initial')]\n    operations = [\n        migrations.AddField(model_name='order', name='note', field=models.TextField(null=True)),\n    ]\n";
const TASKS = "from celery import shared_task\n\n\n@shared_task\ndef send(order_id):\n    pass\n";
const SOURCES = [
  { path: "shop/models.py", text: MODELS },
  { path: "shop/apps.py", text: "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = 'shop'\n" },
  { path: "shop/migrations/0002_note.py", text: MIGRATION },
  { path: "shop/tasks.py", text: TASKS },
];

let prefix: string;
const stores: RedisFactsStore[] = [];
let admin: Redis;

beforeEach(() => {
  prefix = uniquePrefix();
  admin = new Redis(REDIS_URL, { lazyConnect: true });
  admin.on("error", () => undefined);
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  admin.disconnect();
  await deleteKeys(prefix);
});

/** One worker's view: its own connection, the shared prefix. */
function worker(options: Partial<RedisFactsStoreOptions> = {}): RedisFactsStore {
  const store = new RedisFactsStore({ url: REDIS_URL, prefix, version: "1.0.0", codeDigest: "code", ...options });
  stores.push(store);
  return store;
}

/** Counts the files a cache had to read itself (its misses are real parses: the store answered none of them). */
async function build(store: RedisFactsStore) {
  const cache = new ModuleFactsCache(100, store);
  const index = await buildProjectIndex(SOURCES, { cache });
  return { index, parsed: cache.misses, cache };
}

function snapshot(index: Awaited<ReturnType<typeof buildProjectIndex>>): string {
  const migration = index.migrations.migration("shop/migrations/0002_note.py");
  return JSON.stringify({ models: [...index.models.values()], ops: migration?.operations?.map((o) => [...o.kwargs.keys()]), tasks: [...index.celery.tasks.keys()], notes: index.notes });
}

async function factKeys(): Promise<string[]> {
  return (await admin.keys(`${prefix}:facts:*`)).sort();
}

describe.skipIf(!redisAvailable)("the facts cache in Redis", () => {
  it("a second worker builds the same index from the facts the first wrote, parsing nothing", async () => {
    const first = await build(worker());
    expect(first.parsed).toBe(7);
    const written = stores[0]!.stats.writes;
    expect(written).toBe(7);

    const second = await build(worker());
    expect(second.parsed).toBe(0);
    expect(stores[1]!.stats).toMatchObject({ hits: 7, misses: 0, writes: 0, corrupt: 0 });
    expect(snapshot(second.index)).toBe(snapshot(first.index));
    expect(snapshot(second.index)).toBe(snapshot(await buildProjectIndex(SOURCES, { cache: null })));

    // Another version or another analysis code never reads these entries.
    const other = await build(worker({ codeDigest: "other-code" }));
    expect(other.parsed).toBe(7);
  });

  it("sets an expiry on every key (the configured TTL, 7 days by default)", async () => {
    await build(worker({ ttlSeconds: 3600 }));
    const keys = await factKeys();
    expect(keys).toHaveLength(7);
    for (const key of keys) {
      const ttl = await admin.ttl(key);
      expect(ttl).toBeGreaterThan(3500);
      expect(ttl).toBeLessThanOrEqual(3600);
    }
    await deleteKeys(prefix);
    await build(worker());
    for (const key of await factKeys()) expect(await admin.ttl(key)).toBeGreaterThan(604_000);
  });

  it("ignores a damaged or oversized entry, reads the file again and writes the entry back", async () => {
    const writer = worker({ maxEntryBytes: 64 * 1024 });
    const reference = snapshot((await build(writer)).index);
    const key = (path: string, kind: string): string => {
      const source = SOURCES.find((s) => s.path === path)!;
      return writer.keyOf(new ModuleFactsCache().keyOf(kind, source) satisfies FactsKey);
    };
    const models = key("shop/models.py", "m-");
    const migration = key("shop/migrations/0002_note.py", "migration");
    expect(await admin.exists(models, migration)).toBe(2);
    // A flipped byte in one entry; a whole, valid entry too large for the cap in another.
    const flipped = (await admin.getBuffer(models))!;
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 0xff;
    await admin.set(models, flipped);
    await admin.set(migration, encodeEntry({ ok: true, padding: "x".repeat(100 * 1024) }));

    const reader = worker({ maxEntryBytes: 64 * 1024 });
    const again = await build(reader);
    expect(again.parsed).toBe(2);
    expect(reader.stats).toMatchObject({ hits: 5, corrupt: 1, oversized: 1, writes: 2 });
    expect(snapshot(again.index)).toBe(reference);
    const healed = worker({ maxEntryBytes: 64 * 1024 });
    expect((await build(healed)).parsed).toBe(0);
    expect(healed.stats).toMatchObject({ hits: 7, corrupt: 0, oversized: 0 });
  });

  it("does not write an entry over the size cap", async () => {
    const tiny = worker({ maxEntryBytes: 200 });
    await build(tiny);
    expect(tiny.stats.writes).toBeLessThan(4);
    expect(tiny.stats.oversized).toBe(7 - tiny.stats.writes);
    expect(await factKeys()).toHaveLength(tiny.stats.writes);
  });

  it("builds the index when Redis does not answer (every read a miss, nothing thrown)", async () => {
    const away = new RedisFactsStore({ url: "redis://127.0.0.1:1", prefix, version: "1.0.0", codeDigest: "code", commandTimeoutMs: 200 });
    stores.push(away);
    const { index, parsed } = await build(away);
    expect(parsed).toBe(7);
    expect(snapshot(index)).toBe(snapshot(await buildProjectIndex(SOURCES, { cache: null })));
    expect(away.stats.errors).toBeGreaterThan(0);
  });
});

describe("the facts cache's settings", () => {
  it("reads its TTL, entry cap and Redis from the environment, with documented defaults", () => {
    const env = { REDIS_URL: "redis://queue:6379" };
    expect(readRuntimeConfig(env).redis?.facts).toEqual({});
    expect(DEFAULT_FACTS_TTL_SECONDS).toBe(7 * 24 * 3600);
    expect(DEFAULT_FACTS_MAX_ENTRY_BYTES).toBe(2 * 1024 * 1024);
    const set = readRuntimeConfig({ ...env, DJPERF_FACTS_TTL_SECONDS: "3600", DJPERF_FACTS_MAX_ENTRY_BYTES: "65536", DJPERF_FACTS_REDIS_URL: "redis://cache:6379" });
    expect(set.redis?.facts).toEqual({ ttlSeconds: 3600, maxEntryBytes: 65536, url: "redis://cache:6379" });
    expect(() => readRuntimeConfig({ ...env, DJPERF_FACTS_TTL_SECONDS: "0" })).toThrow(/positive integer/);
  });
});
