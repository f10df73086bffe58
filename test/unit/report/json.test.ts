import { describe, expect, it } from "vitest";
import { formatJson } from "../../../src/report/formats/json.js";
import { finding, result, span } from "./sample.js";

describe("formatJson", () => {
  it("writes the documented shape, 2-space indented", () => {
    const text = formatJson(
      result(
        [
          finding({
            range: span(12, 5, 14, 9),
            fix: { safety: "safe", title: "Add select_related", edits: [{ range: span(2, 18, 2, 24), newText: "orders.select_related(\"customer\")" }] },
            diff: "added",
          }),
        ],
        [{ kind: "parse-error", path: "shop/broken.py", line: 4, message: "syntax error at line 4" }],
        { files: 3, lines: 120, ms: 15 },
      ),
    );
    expect(text.startsWith('{\n  "version": 1,\n  "findings": [\n    {\n      "rule": "DJP101",')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual({
      version: 1,
      findings: [
        {
          rule: "DJP101",
          name: "lazy-relation-in-loop",
          level: "warn",
          path: "shop/views.py",
          line: 12,
          endLine: 14,
          column: 5,
          endColumn: 9,
          message: "`order.customer` is loaded lazily inside a loop",
          fingerprint: "0123456789abcdef",
          identity: "fedcba9876543210",
          impact: null,
          fix: {
            safety: "safe",
            title: "Add select_related",
            edits: [{ line: 2, column: 18, endLine: 2, endColumn: 24, newText: 'orders.select_related("customer")' }],
          },
          diff: "added",
        },
      ],
      diagnostics: [{ kind: "parse-error", path: "shop/broken.py", line: 4, rule: null, message: "syntax error at line 4" }],
      stats: { files: 3, lines: 120, ms: 15, excluded: {}, skipped: 0 },
    });
  });

  it("gives fix null, leaves diff out when unset and keeps absent diagnostic fields as null", () => {
    const parsed = JSON.parse(
      formatJson(result([finding()], [{ kind: "rule-crash", ruleId: "DJP101", message: "boom" }])),
    ) as { findings: Record<string, unknown>[]; diagnostics: unknown[] };
    expect(parsed.findings[0]!.fix).toBeNull();
    expect("diff" in parsed.findings[0]!).toBe(false);
    expect(parsed.diagnostics).toEqual([{ kind: "rule-crash", path: null, line: null, rule: "DJP101", message: "boom" }]);
  });

  it("sorts findings by path, line, column, rule without touching the input", () => {
    const input = [
      finding({ path: "b.py", range: span(1, 1, 1, 2), ruleId: "DJP101" }),
      finding({ path: "a.py", range: span(9, 1, 9, 2), ruleId: "DJP101" }),
      finding({ path: "a.py", range: span(2, 7, 2, 9), ruleId: "DJP101" }),
      finding({ path: "a.py", range: span(2, 3, 2, 9), ruleId: "DJP102" }),
      finding({ path: "a.py", range: span(2, 3, 2, 9), ruleId: "DJP101" }),
    ];
    const before = input.map((f) => f.path);
    const parsed = JSON.parse(formatJson(result(input))) as { findings: { path: string; line: number; column: number; rule: string }[] };
    expect(parsed.findings.map((f) => `${f.path}:${f.line}:${f.column}:${f.rule}`)).toEqual([
      "a.py:2:3:DJP101",
      "a.py:2:3:DJP102",
      "a.py:2:7:DJP101",
      "a.py:9:1:DJP101",
      "b.py:1:1:DJP101",
    ]);
    expect(input.map((f) => f.path)).toEqual(before);
  });

  it("writes an empty result with empty lists", () => {
    expect(JSON.parse(formatJson(result([], [], { files: 0, lines: 0, ms: 0 })))).toEqual({
      version: 1,
      findings: [],
      diagnostics: [],
      stats: { files: 0, lines: 0, ms: 0, excluded: {}, skipped: 0 },
    });
  });
});
