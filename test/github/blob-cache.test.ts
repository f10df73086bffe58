import { describe, expect, it } from "vitest";
import { BlobCache } from "../../src/github/blob-cache.js";

const bytes = (n: number) => ({ ok: true as const, bytes: new Uint8Array(n) });

describe("BlobCache", () => {
  it("evicts the least recently used entries once the byte budget is exceeded", () => {
    const cache = new BlobCache(3 * (1000 + 64));
    cache.set("a", bytes(1000));
    cache.set("b", bytes(1000));
    cache.set("c", bytes(1000));
    expect(cache.get("a")).toBeDefined(); // a is now the most recent
    cache.set("d", bytes(1000));
    expect(cache.get("b")).toBeUndefined();
    expect([cache.get("a"), cache.get("c"), cache.get("d")].every(Boolean)).toBe(true);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
  });

  it("never holds an entry larger than the whole budget, and replaces an entry without double counting", () => {
    const cache = new BlobCache(2000);
    cache.set("huge", bytes(5000));
    expect(cache.get("huge")).toBeUndefined();
    cache.set("x", bytes(100));
    cache.set("x", bytes(300));
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(364);
  });

  it("counts hits and misses", () => {
    const cache = new BlobCache();
    cache.set("a", { ok: false, reason: "skipped: binary file" });
    cache.get("a");
    cache.get("b");
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });
});
