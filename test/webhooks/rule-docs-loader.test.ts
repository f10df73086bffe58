import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findPackageRoot } from "../../src/cli/package-info.js";
import { createRuleDocLoader } from "../../src/rule-docs-loader.js";

const FIXTURE_ROOT = fileURLToPath(new URL("./fixtures/", import.meta.url));

describe("createRuleDocLoader", () => {
  it("reads and parses rules/<ID>-<name>/README.md under the root", async () => {
    const load = createRuleDocLoader(FIXTURE_ROOT);
    const doc = await load({ id: "DJP101", name: "lazy-relation-in-loop" });
    expect(doc?.title).toBe("DJP101 · lazy-relation-in-loop");
    expect(doc?.frontMatter).toMatchObject({ id: "DJP101", name: "lazy-relation-in-loop" });
    expect(doc?.sections.map((s) => s.heading)).toContain("Why is this bad?");
  });

  it("answers undefined for a rule without a page", async () => {
    const load = createRuleDocLoader(FIXTURE_ROOT);
    expect(await load({ id: "DJP102", name: "related-manager-in-loop" })).toBeUndefined();
  });

  it("finds the pages of djperf's own package by default", async () => {
    const root = findPackageRoot();
    const folders = readdirSync(join(root, "rules"), { withFileTypes: true }).filter((d) => d.isDirectory() && /^DJP\d{3}-/.test(d.name));
    const load = createRuleDocLoader();
    for (const folder of folders) {
      const [, id, name] = /^(DJP\d{3})-(.+)$/.exec(folder.name)!;
      const doc = await load({ id: id!, name: name! });
      expect(doc?.title, folder.name).toMatch(new RegExp(`^${id}`));
    }
  });
});
