import { describe, expect, it } from "vitest";
import { annotationsOf, codeBlockUnder, compareWithAnnotations, fixturePathOf } from "../../helpers/fixture-runner.js";
import type { Finding } from "../../../src/analysis/finding.js";
import { applyEdits } from "../../../src/report/apply-fix.js";

const fixture = [
  "# fixture-path: shop/views.py", // 1
  "for o in qs:", // 2
  "    # ruleid: DJP101", // 3
  "    # a second comment line", // 4
  "    o.customer.name", // 5
  "    # ok: DJP101, DJP102", // 6
  "    o.customer_id", // 7
  "    # todoruleid: DJP101 needs type inference", // 8
  "    x.customer.name", // 9
  "    # ruleid: DJP999", // 10
  "    o.other", // 11
].join("\n");

function finding(line: number, ruleId = "DJP101"): Finding {
  const range = { start: { line, column: 5 }, end: { line, column: 10 } };
  return { ruleId, ruleName: "x", level: "warn", messageId: "m", message: "m", path: "p", range, scope: range, related: [], fingerprint: "f", identity: "i" };
}

describe("fixture annotations", () => {
  it("target the next code line, skipping comment lines, and filter by rule id", () => {
    expect(annotationsOf(fixture, "DJP101")).toEqual([
      { kind: "ruleid", line: 3, target: 5 },
      { kind: "ok", line: 6, target: 7 },
      { kind: "todoruleid", line: 8, target: 9 },
    ]);
    expect(annotationsOf(fixture, "DJP102").map((a) => a.target)).toEqual([7]);
  });

  it("reports Missing, Noisy and stale todo lines as path:line", () => {
    const report = compareWithAnnotations("f.py", fixture, "DJP101", [finding(7), finding(9), finding(11), finding(5, "DJP104")]);
    expect(report.missing).toEqual(["f.py:5"]);
    expect(report.noisy).toEqual(["f.py:11", "f.py:7"]);
    expect(report.stale).toEqual(['f.py:9 fires now: make it "ruleid"']);
  });

  it("passes when findings match", () => {
    const report = compareWithAnnotations("f.py", fixture, "DJP101", [finding(5)]);
    expect(report).toMatchObject({ missing: [], noisy: [], stale: [] });
  });

  it("reads the fixture path header and README code blocks", () => {
    expect(fixturePathOf(fixture)).toBe("shop/views.py");
    expect(fixturePathOf("x = 1\n")).toBe("app/fixture.py");
    const readme = "# T\n\n## Example\n\ntext\n\n```python\nbad()\n```\n\n## Use instead\n\n```python\ngood()\n```\n";
    expect(codeBlockUnder(readme, "Example")).toBe("bad()\n");
    expect(codeBlockUnder(readme, "Use instead")).toBe("good()\n");
    expect(codeBlockUnder(readme, "Options")).toBeUndefined();
  });
});

describe("applyEdits", () => {
  it("applies non-overlapping edits and skips overlapping ones", () => {
    const text = "a = x.f.id\nb = y.f.id\n";
    const edit = (line: number, from: number, to: number, newText: string) => ({ range: { start: { line, column: from }, end: { line, column: to } }, newText });
    expect(applyEdits(text, [edit(2, 5, 11, "y.f_id"), edit(1, 5, 11, "x.f_id")])).toEqual({ text: "a = x.f_id\nb = y.f_id\n", skipped: 0 });
    expect(applyEdits(text, [edit(1, 5, 11, "x.f_id"), edit(1, 7, 9, "zz")]).skipped).toBe(1);
  });
});
