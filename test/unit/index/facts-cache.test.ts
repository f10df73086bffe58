/** The index's per-file facts cache: same path and text → the same facts, a changed text → read again. */
import { describe, expect, it } from "vitest";
import { ModuleFactsCache } from "../../../src/analysis/index/facts-cache.js";
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
