/**
 * The index's per-file facts on disk: read back by a later process instead of parsing, keyed by blob
 * sha and build, and never trusted when an entry is damaged or half-written by another process.
 */
import { afterEach, describe, expect, it } from "vitest";
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultCacheDir, DiskFactsStore } from "../../../src/cli/facts-store.js";
import { decodeEntry, encodeEntry } from "../../../src/cache/facts-entry.js";
import { blobShaOf, ModuleFactsCache } from "../../../src/analysis/index/facts-cache.js";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { projectModelCount } from "../../../src/analysis/index/builtin-models.js";
import { makeTempDir, removeTempDir } from "../../helpers/git.js";

const MODELS = "from django.db import models\n\n\nclass Order(models.Model):\n    total = models.IntegerField()\n    customer = models.ForeignKey('shop.Customer', on_delete=models.CASCADE)\n\n\nclass Customer(models.Model):\n    name = models.CharField(max_length=20)\n";
const MIGRATION =
  "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [('shop', '0001_initial')]\n    operations = [\n        migrations.AddField(model_name='order', name='note', field=models.TextField(null=True)),\n    ]\n";
const SOURCES = [
  { path: "shop/models.py", text: MODELS },
  { path: "shop/apps.py", text: "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = 'shop'\n" },
  { path: "shop/migrations/0002_note.py", text: MIGRATION },
];

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = makeTempDir("djperf-cache-");
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach(removeTempDir));

const statsOf = (cache: ModuleFactsCache) => (cache.store as DiskFactsStore).stats;

/** Every entry file under the store (not the CACHEDIR.TAG). */
function entries(store: DiskFactsStore): string[] {
  return readdirSync(store.dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** The index as comparable text: models, migrations' answers and notes. */
function snapshot(index: Awaited<ReturnType<typeof buildProjectIndex>>): string {
  const migration = index.migrations.migration("shop/migrations/0002_note.py");
  return JSON.stringify({ models: [...index.models.values()], migration, ops: migration?.operations?.map((o) => [...o.kwargs.keys()]), notes: index.notes });
}

describe("blobShaOf", () => {
  it("is git's blob id of the text", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "m.py"), MODELS);
    expect(blobShaOf(MODELS)).toBe(execFileSync("git", ["hash-object", join(dir, "m.py")], { encoding: "utf8" }).trim());
  });
});

describe("DiskFactsStore", () => {
  it("lets a second process (a fresh cache) build the same index without reading any file", async () => {
    const root = tempDir();
    const first = new ModuleFactsCache(100, new DiskFactsStore(root, "1.0.0", "code"));
    const fresh = await buildProjectIndex(SOURCES, { cache: first });
    expect(statsOf(first).writes).toBe(5);

    const second = new ModuleFactsCache(100, new DiskFactsStore(root, "1.0.0", "code"));
    const again = await buildProjectIndex(SOURCES, { cache: second });
    expect(statsOf(second)).toMatchObject({ hits: 5, misses: 0, writes: 0 });
    expect(snapshot(again)).toBe(snapshot(fresh));
    expect(snapshot(again)).toBe(snapshot(await buildProjectIndex(SOURCES, { cache: null })));
    expect(readFileSync(join(root, "CACHEDIR.TAG"), "utf8")).toMatch(/^Signature: 8a477f597d28d172789f06886806bc55/);
  });

  it("keys entries by text, version and code: a change in any of them is a miss", async () => {
    const root = tempDir();
    await buildProjectIndex(SOURCES, { cache: new ModuleFactsCache(100, new DiskFactsStore(root, "1.0.0", "code")) });
    const changed = SOURCES.map((s) => (s.path === "shop/models.py" ? { ...s, text: `${s.text}# edited\n` } : s));
    const edited = new ModuleFactsCache(100, new DiskFactsStore(root, "1.0.0", "code"));
    await buildProjectIndex(changed, { cache: edited });
    expect(statsOf(edited)).toMatchObject({ hits: 3, misses: 2 });
    for (const [version, code] of [["1.0.1", "code"], ["1.0.0", "other"]] as const) {
      const other = new ModuleFactsCache(100, new DiskFactsStore(root, version, code));
      await buildProjectIndex(SOURCES, { cache: other });
      expect(statsOf(other).hits).toBe(0);
    }
  });

  it("treats a damaged entry as a miss, removes it and writes it again", async () => {
    const root = tempDir();
    const store = new DiskFactsStore(root, "1.0.0", "code");
    const reference = snapshot(await buildProjectIndex(SOURCES, { cache: new ModuleFactsCache(100, store) }));
    const files = entries(store);
    expect(files).toHaveLength(5);
    // One truncated (a crash mid-write by some other tool), one with a flipped payload byte, one empty.
    const [a, b, c] = files as [string, string, string];
    writeFileSync(a, readFileSync(a).subarray(0, 30));
    const flipped = readFileSync(b);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 0xff;
    writeFileSync(b, flipped);
    writeFileSync(c, "");

    const reader = new ModuleFactsCache(100, new DiskFactsStore(root, "1.0.0", "code"));
    expect(snapshot(await buildProjectIndex(SOURCES, { cache: reader }))).toBe(reference);
    expect(statsOf(reader)).toMatchObject({ hits: 2, corrupt: 3, writes: 3 });
    const healed = new ModuleFactsCache(100, new DiskFactsStore(root, "1.0.0", "code"));
    await buildProjectIndex(SOURCES, { cache: healed });
    expect(statsOf(healed)).toMatchObject({ hits: 5, corrupt: 0 });
  });

  it("never leaves a partial entry when processes write the same keys at once", async () => {
    const root = tempDir();
    // Four processes each write 200 entries (the same keys, each of its own random size) as fast as they can.
    const script = `
      import { DiskFactsStore } from ${JSON.stringify(new URL("../../../src/cli/facts-store.ts", import.meta.url).href)};
      const store = new DiskFactsStore(${JSON.stringify(root)}, "1.0.0", "code");
      for (let round = 0; round < 3; round++)
        for (let i = 0; i < 200; i++) store.set("k", "p" + i, "sha", { i, pad: "x".repeat(Math.floor(Math.random() * 20000)) });
    `;
    const writers = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
      return new Promise<string>((done) => child.on("close", (code) => done(code === 0 ? "" : stderr || `exit ${code}`)));
    });
    // Read while they write: every entry seen is whole (or absent), never damaged.
    const reader = new DiskFactsStore(root, "1.0.0", "code");
    let running = true;
    const failures = Promise.all(writers).finally(() => (running = false));
    while (running) {
      for (let i = 0; i < 200; i += 7) {
        const value = reader.get<{ i: number }>("k", `p${i}`, "sha");
        if (value !== undefined) expect(value.i).toBe(i);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await failures).filter((e) => e !== "")).toEqual([]);
    expect(reader.stats.corrupt).toBe(0);
    const after = new DiskFactsStore(root, "1.0.0", "code");
    for (let i = 0; i < 200; i++) expect(after.get<{ i: number }>("k", `p${i}`, "sha")?.i).toBe(i);
    // No temporary file is left behind.
    expect(entries(after).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  }, 60_000);

  it("works without a writable folder (the facts are still returned)", async () => {
    const root = tempDir();
    writeFileSync(join(root, "file"), "not a folder");
    const cache = new ModuleFactsCache(100, new DiskFactsStore(join(root, "file", "below"), "1.0.0", "code"));
    const index = await buildProjectIndex(SOURCES, { cache });
    expect(projectModelCount(index)).toBe(2);
    expect(statsOf(cache).writes).toBe(0);
  });
});

describe("entries and the default folder", () => {
  it("round-trips Maps and rejects foreign bytes", () => {
    const value = { kwargs: new Map([["a", { t: "str", value: "x" }]]), list: [1, 2] };
    expect(decodeEntry(encodeEntry(value))?.value).toEqual(value);
    expect(decodeEntry(Buffer.from("djpf1\nshort"))).toBeUndefined();
    expect(decodeEntry(Buffer.from("something else entirely, long enough to hold a header"))).toBeUndefined();
  });

  it("follows XDG_CACHE_HOME", () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x/cache" })).toBe(join("/x/cache", "djperf"));
  });
});
