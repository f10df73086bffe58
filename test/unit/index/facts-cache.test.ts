/** The index's per-file facts cache: same path and text → the same facts, a changed text → read again. */
import { describe, expect, it } from "vitest";
import { MemoryFactsStore, ModuleFactsCache } from "../../../src/analysis/index/facts-cache.js";
import { buildProjectIndex, readModuleFacts } from "../../../src/analysis/index/build.js";

const MODELS = "from django.db import models\n\n\nclass Order(models.Model):\n    total = models.IntegerField()\n";

describe("ModuleFactsCache", () => {
  it("reads a file once per text and evicts the least recently used entry", () => {
    const cache = new ModuleFactsCache(2);
    const want = { models: true, celery: false };
    let reads = 0;
    const read = (path: string, text: string) => cache.get({ path, text }, want, () => (reads++, readModuleFacts({ path, text }, want)));
    const first = read("shop/models.py", MODELS);
    expect(read("shop/models.py", MODELS)).toBe(first);
    expect(reads).toBe(1);
    read("shop/models.py", MODELS + "\n# changed\n");
    expect(reads).toBe(2);
    read("other/models.py", MODELS);
    expect(reads).toBe(3);
    // Capacity 2: the first text was least recently used and is gone.
    read("shop/models.py", MODELS);
    expect(reads).toBe(4);
    expect(cache.hits).toBe(1);
  });

  it("gives the same index with and without the cache", async () => {
    const sources = [
      { path: "shop/models.py", text: MODELS },
      { path: "shop/apps.py", text: "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = 'shop'\n" },
    ];
    const cache = new ModuleFactsCache();
    const fresh = await buildProjectIndex(sources, { cache: null });
    await buildProjectIndex(sources, { cache });
    const cached = await buildProjectIndex(sources, { cache });
    expect(cache.hits).toBeGreaterThan(0);
    expect([...cached.models.keys()]).toEqual([...fresh.models.keys()]);
    expect(JSON.stringify([...cached.models.values()])).toEqual(JSON.stringify([...fresh.models.values()]));
  });
});

describe("MemoryFactsStore", () => {
  const key = (path: string) => ({ kind: "findings", path, blobSha: "d1" });
  const entry = (path: string, bytes: number) => ({ key: key(path), value: { text: "x".repeat(bytes) } });

  it("with a byte bound, evicts the least recently used entries until the serialised values fit", () => {
    const store = new MemoryFactsStore(100, 2_500);
    store.setMany([entry("a", 1_000), entry("b", 1_000)]);
    expect(store.size).toBe(2);
    expect(store.bytes).toBeGreaterThan(2_000);
    // Reading a makes b the least recently used: b goes when c comes.
    expect(store.getMany([key("a")])[0]).toBeDefined();
    store.setMany([entry("c", 1_000)]);
    expect(store.getMany([key("a"), key("b"), key("c")]).map((v) => v !== undefined)).toEqual([true, false, true]);
    expect(store.bytes).toBeLessThanOrEqual(2_500);
    // An entry larger than the whole bound is not kept, and evicts nothing.
    store.setMany([entry("huge", 5_000)]);
    expect(store.size).toBe(2);
    // Overwriting an entry charges its new size only.
    store.setMany([entry("a", 10)]);
    expect(store.bytes).toBeLessThan(1_200);
    store.clear();
    expect([store.size, store.bytes]).toEqual([0, 0]);
  });

  it("with an entry bound only, measures nothing", () => {
    const store = new MemoryFactsStore(2);
    store.setMany([entry("a", 10), entry("b", 10), entry("c", 10)]);
    expect(store.size).toBe(2);
    expect(store.bytes).toBe(0);
    expect(store.getMany([key("a")])).toEqual([undefined]);
  });
});
