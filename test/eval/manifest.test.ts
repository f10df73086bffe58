import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadManifestDir, ManifestError, parseManifestText, selectEntries } from "../../eval/src/manifest.js";
import { makeTempDir, removeTempDir } from "../helpers/git.js";

const FIX = "1".repeat(40);
const PARENT = "2".repeat(40);

function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "shop-n1-001",
    set: "tuning",
    repo: "acme/shop",
    mirror: "acme+shop",
    fix: FIX,
    parent: PARENT,
    path: "shop/views.py",
    lines: [10, 12],
    category: "n+1-forward",
    polarity: "positive",
    rules: ["DJP101"],
    replay: "revert",
    note: "a loop reads each order's customer",
    ...overrides,
  };
}

function parseOne(value: Record<string, unknown>) {
  return parseManifestText(JSON.stringify(value), "m.jsonl");
}

describe("manifest validation", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeTempDir));

  it("accepts a well-formed entry and records where it came from", () => {
    const { entries, problems } = parseOne(entry());
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: "shop-n1-001", lines: [10, 12], source: "m.jsonl:1" });
  });

  it("rejects a short or upper-case sha with the field named", () => {
    expect(parseOne(entry({ fix: "abc123" })).problems).toEqual(["m.jsonl:1 (shop-n1-001): fix: must be a full 40-hex commit sha (lower case)"]);
    expect(parseOne(entry({ parent: "A".repeat(40) })).problems[0]).toContain("parent: must be a full 40-hex commit sha");
  });

  it("names every missing field", () => {
    const { note: _note, path: _path, ...rest } = entry();
    const problems = parseOne(rest).problems;
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith("m.jsonl:1 (shop-n1-001): path:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("m.jsonl:1 (shop-n1-001): note:"))).toBe(true);
  });

  it("rejects lines out of order, zero or fractional lines", () => {
    expect(parseOne(entry({ lines: [12, 10] })).problems).toEqual(["m.jsonl:1 (shop-n1-001): lines: start must not be after end"]);
    expect(parseOne(entry({ lines: [0, 3] })).problems[0]).toContain("lines.0:");
    expect(parseOne(entry({ lines: [1.5, 3] })).problems[0]).toContain("lines.0:");
  });

  it("rejects unknown keys, categories and a polarity replayed the wrong way", () => {
    expect(parseOne(entry({ commit: FIX })).problems[0]).toContain("commit");
    expect(parseOne(entry({ category: "n+1" })).problems[0]).toContain("category:");
    expect(parseOne(entry({ replay: "forward" })).problems[0]).toContain('replay: a positive is replayed with "revert"');
    expect(parseOne(entry({ polarity: "negative", rules: [] })).problems[0]).toContain("replay:");
    expect(parseOne(entry({ rules: [] })).problems[0]).toContain("rules: a positive names the rule(s)");
    expect(parseOne(entry({ path: "/abs/views.py" })).problems[0]).toContain("path:");
    expect(parseOne(entry({ parent: FIX })).problems[0]).toContain("parent: fix and parent must differ");
  });

  it("reports a line that is not JSON with its file and line number, and skips blank and // lines", () => {
    const text = ["// comment", "", JSON.stringify(entry()), "{not json"].join("\n");
    const { entries, problems } = parseManifestText(text, "m.jsonl");
    expect(entries).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^m\.jsonl:4: not JSON/);
  });

  it("loads every .jsonl file of a folder and refuses duplicate ids across files", () => {
    const dir = makeTempDir("djperf-manifest-");
    dirs.push(dir);
    writeFileSync(join(dir, "a.jsonl"), `${JSON.stringify(entry())}\n`);
    writeFileSync(join(dir, "b.jsonl"), `${JSON.stringify(entry({ set: "check" }))}\n`);
    writeFileSync(join(dir, "notes.txt"), "ignored\n");
    expect(() => loadManifestDir(dir)).toThrow(ManifestError);
    expect(() => loadManifestDir(dir)).toThrow(/b\.jsonl:1: duplicate id shop-n1-001 \(first at a\.jsonl:1\)/);

    writeFileSync(join(dir, "b.jsonl"), `${JSON.stringify(entry({ id: "shop-n1-002", set: "check", category: "save-in-loop", rules: ["DJP502"] }))}\n`);
    const entries = loadManifestDir(dir);
    expect(entries.map((e) => e.id)).toEqual(["shop-n1-001", "shop-n1-002"]);
    expect(selectEntries(entries, { set: "check" }).map((e) => e.id)).toEqual(["shop-n1-002"]);
    expect(selectEntries(entries, { categories: ["n+1-forward"] }).map((e) => e.id)).toEqual(["shop-n1-001"]);
    expect(selectEntries(entries, { set: "all", ids: ["shop-n1-002"] }).map((e) => e.id)).toEqual(["shop-n1-002"]);
    expect(() => selectEntries(entries, { ids: ["nope"] })).toThrow(/unknown id: nope/);
    expect(() => selectEntries(entries, { categories: ["n+2"] })).toThrow(/unknown category: n\+2/);
  });

  it("collects the problems of all files into one error", () => {
    const dir = makeTempDir("djperf-manifest-");
    dirs.push(dir);
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "a.jsonl"), `${JSON.stringify(entry({ fix: "x" }))}\n`);
    writeFileSync(join(dir, "b.jsonl"), `${JSON.stringify(entry({ id: "b", lines: [3, 1] }))}\n`);
    try {
      loadManifestDir(dir);
      expect.unreachable("loadManifestDir should throw");
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestError);
      expect((error as ManifestError).problems).toEqual([
        "a.jsonl:1 (shop-n1-001): fix: must be a full 40-hex commit sha (lower case)",
        "b.jsonl:1 (b): lines: start must not be after end",
      ]);
    }
  });
});
