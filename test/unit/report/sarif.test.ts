/**
 * The SARIF output is validated against the official SARIF 2.1.0 schema as shipped by
 * `@microsoft/jest-sarif` (lib/schemas/sarif-2.1.0-rtm.5.json, the schemastore copy of the OASIS
 * 2.1.0 schema written in draft-04). Ajv 8 reads draft-07, so the copy is loaded with the draft-04
 * `id` renamed to `$id`: the schema uses no other keyword whose meaning changed between the drafts.
 * `unicodeRegExp: false`: the schema's `language` pattern has a stray `]` that only non-unicode
 * regular expressions accept (as the draft-04 validators it was written for do).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";
import { beforeAll, describe, expect, it } from "vitest";
import { defineRule, type AnyRule } from "../../../src/analysis/rule.js";
import { formatSarif } from "../../../src/report/formats/sarif.js";
import type { AnalysisResult } from "../../../src/analysis/finding.js";
import { finding, result, span } from "./sample.js";

const SCHEMA_MODULE = "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";

function loadOfficialSchema(): Record<string, unknown> {
  const path = createRequire(import.meta.url).resolve(SCHEMA_MODULE);
  const schema = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const { $schema: _draft04, id, ...rest } = schema;
  return { $id: id, ...rest };
}

const rule = (id: string, name: string, level: AnyRule["level"]): AnyRule =>
  defineRule({
    id,
    name,
    category: "orm",
    status: "preview",
    level,
    confidence: "high",
    fix: "sometimes",
    target: "python",
    summary: `finds ${name}`,
    messages: { m: "x" },
    check: () => undefined,
  });

const RULES = [rule("DJP101", "lazy-relation-in-loop", "warn"), rule("DJP201", "index-without-concurrently", "block"), rule("DJP401", "cache-miss", "info")];

function sample(): AnalysisResult {
  return result(
    [
      finding({
        path: "shop/my views.py",
        range: span(12, 5, 14, 9),
        related: [{ path: "shop/models.py", range: span(3, 5, 3, 13), message: "customer is a ForeignKey" }],
        fix: { safety: "safe", title: "Add select_related", edits: [{ range: span(10, 15, 10, 15), newText: '.select_related("customer")' }] },
        diff: "added",
      }),
      finding({ ruleId: "DJP201", ruleName: "index-without-concurrently", level: "block", path: "shop/migrations/0002_idx.py", range: span(8, 9, 8, 40) }),
      finding({ ruleId: "DJP401", ruleName: "cache-miss", level: "info", path: "shop/cache.py", range: span(2, 1, 2, 10), fix: { safety: "unsafe", title: "advice only", edits: [] } }),
    ],
    [
      { kind: "parse-error", path: "shop/broken.py", line: 4, message: "syntax error at line 4" },
      { kind: "rule-crash", ruleId: "DJP101", path: "shop/odd.py", message: "DJP101 crashed" },
      { kind: "config", message: "rules.DJP999: unknown key" },
      { kind: "skipped", path: "shop/big.py", message: "skipped: too large" },
    ],
  );
}

describe("formatSarif", () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    validate = ajv.compile(loadOfficialSchema());
  });

  const sarifOf = (r: AnalysisResult, rules: readonly AnyRule[] = RULES): Sarif.Log =>
    JSON.parse(formatSarif(r, rules, { toolVersion: "0.1.0" })) as Sarif.Log;

  it("is valid against the official SARIF 2.1.0 schema", () => {
    const log = sarifOf(sample());
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(validate(sarifOf(result([], [])))).toBe(true);
    expect(validate(sarifOf(result([finding({ ruleId: "DJP999" })]), []))).toBe(true);
  });

  it("the schema check is not vacuous: a wrong level or a missing message fails it", () => {
    const wrongLevel = sarifOf(sample());
    (wrongLevel.runs[0]!.results![0] as unknown as { level: string }).level = "warn";
    expect(validate(wrongLevel)).toBe(false);
    const noMessage = sarifOf(sample());
    delete (noMessage.runs[0]!.results![0] as Partial<Sarif.Result>).message;
    expect(validate(noMessage)).toBe(false);
  });

  it("describes the tool and every rule", () => {
    const log = sarifOf(sample());
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe("djperf");
    expect(driver.version).toBe("0.1.0");
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules!.map((r) => [r.id, r.name, r.shortDescription?.text, r.defaultConfiguration?.level])).toEqual([
      ["DJP101", "lazy-relation-in-loop", "finds lazy-relation-in-loop", "warning"],
      ["DJP201", "index-without-concurrently", "finds index-without-concurrently", "error"],
      ["DJP401", "cache-miss", "finds cache-miss", "note"],
    ]);
    expect(driver.rules![0]!.helpUri).toMatch(/^https:\/\/.*\/rules\/DJP101-lazy-relation-in-loop\/README\.md$/);
    const custom = JSON.parse(formatSarif(sample(), RULES, { toolVersion: "1", docsBaseUri: "https://docs.example/djperf/" })) as Sarif.Log;
    expect(custom.runs[0]!.tool.driver.rules![1]!.helpUri).toBe("https://docs.example/djperf/rules/DJP201-index-without-concurrently/README.md");
  });

  it("turns findings into sorted results with rule index, level, location and fingerprint", () => {
    const results = sarifOf(sample()).runs[0]!.results!;
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ["DJP401", 2, "note"],
      ["DJP201", 1, "error"],
      ["DJP101", 0, "warning"],
    ]);
    const lazy = results[2]!;
    expect(lazy.message.text).toBe("`order.customer` is loaded lazily inside a loop");
    expect(lazy.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "shop/my%20views.py", uriBaseId: "%SRCROOT%" },
          region: { startLine: 12, startColumn: 5, endLine: 14, endColumn: 9 },
        },
      },
    ]);
    expect(lazy.partialFingerprints).toEqual({ "djperf/v1": "0123456789abcdef" });
    expect(lazy.relatedLocations![0]!.physicalLocation!.artifactLocation!.uri).toBe("shop/models.py");
    expect(lazy.fixes).toEqual([
      {
        description: { text: "Add select_related" },
        artifactChanges: [
          {
            artifactLocation: { uri: "shop/my%20views.py", uriBaseId: "%SRCROOT%" },
            replacements: [
              { deletedRegion: { startLine: 10, startColumn: 15, endLine: 10, endColumn: 15 }, insertedContent: { text: '.select_related("customer")' } },
            ],
          },
        ],
        properties: { safety: "safe" },
      },
    ]);
    // A fix without edits is advice: SARIF needs at least one replacement, so no `fixes`.
    expect(results[0]!.fixes).toBeUndefined();
    expect(results[1]!.ruleIndex).toBe(1);
  });

  it("reports diagnostics as tool execution notifications of a successful run", () => {
    const invocation = sarifOf(sample()).runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(true);
    const notes = invocation.toolExecutionNotifications!;
    expect(notes.map((n) => [n.descriptor?.id, n.level])).toEqual([
      ["parse-error", "warning"],
      ["rule-crash", "error"],
      ["config", "warning"],
      ["skipped", "note"],
    ]);
    expect(notes[0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "shop/broken.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 4 },
    });
    expect(notes[1]!.associatedRule).toEqual({ id: "DJP101", index: 0 });
    expect(notes[2]!.locations).toBeUndefined();
  });
});
