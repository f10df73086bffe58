import { describe, expect, it } from "vitest";
import { formatText, summaryLine } from "../../../src/report/formats/text.js";
import { finding, result, span, VIEWS_SOURCE } from "./sample.js";

const sources = new Map([["shop/views.py", VIEWS_SOURCE]]);
const plain = (r: ReturnType<typeof result>, extra: { root?: string; sources?: ReadonlyMap<string, string> } = {}): string =>
  formatText(r, { sources, color: false, ...extra });

describe("formatText", () => {
  it("prints the location line, the source line with carets under the range and the summary", () => {
    expect(plain(result([finding()]))).toBe(
      [
        "shop/views.py:3:15: DJP101 [warn] `order.customer` is loaded lazily inside a loop",
        "  |",
        "3 |         print(order.customer)",
        "  |               ^^^^^^^^^^^^^^",
        "  |",
        "",
        "Found 1 finding (0 block, 1 warn, 0 info) in 2 files (7ms).",
        "",
      ].join("\n"),
    );
  });

  it("adds notes for related locations and a help line for the fix", () => {
    const out = plain(
      result([
        finding({
          related: [{ path: "shop/models.py", range: span(7, 5, 7, 13), message: "customer is a ForeignKey" }],
          fix: { safety: "safe", title: 'Add select_related("customer")', edits: [] },
        }),
      ]),
    );
    expect(out).toContain('  |\n  = note: shop/models.py:7:5: customer is a ForeignKey\n  = help: Add select_related("customer") (safe fix)\n');
  });

  it("shows at most four lines of a long range and says how many more there are", () => {
    const source = Array.from({ length: 12 }, (_, i) => `line_${i + 1} = ${i}`).join("\n");
    const out = plain(result([finding({ path: "big.py", range: span(8, 1, 12, 5) })]), { sources: new Map([["big.py", source]]) });
    expect(out).toContain(" 8 | line_8 = 7\n   | ^^^^^^^^^^\n");
    expect(out).toContain("11 | line_11 = 10\n");
    expect(out).not.toContain("line_12 = 11");
    expect(out).toContain("   | ... 1 more line\n");
  });

  it("does not count a range's end at column 1 of the next line as a flagged line", () => {
    const source = "a = 1\nb = 2\nc = 3\n";
    const out = plain(result([finding({ path: "x.py", range: span(1, 1, 3, 1) })]), { sources: new Map([["x.py", source]]) });
    expect(out).toContain("2 | b = 2\n  | ^^^^^\n  |\n");
    expect(out).not.toContain("c = 3");
  });

  it("aligns carets after tabs and wide characters", () => {
    // `\t` expands to the next 4-column stop; 😀 is two UTF-16 units and two terminal cells.
    const source = '\tx = "😀"; y = 1\n';
    const out = plain(result([finding({ path: "t.py", range: span(1, 12, 1, 13) })]), { sources: new Map([["t.py", source]]) });
    // 4 cells of tab + `x = "` (5) + 😀 (2) + `"; ` (3): `y` sits at cell 14.
    expect(out).toContain(`1 |     x = "😀"; y = 1\n  | ${" ".repeat(14)}^\n`);
  });

  it("replaces control characters so a file cannot drive the terminal", () => {
    const source = "x = '\u001b[2J'\n";
    const out = plain(result([finding({ path: "c.py", range: span(1, 1, 1, 2), message: "bad \u001b[31m" })]), { sources: new Map([["c.py", source]]) });
    expect(out).not.toContain("\u001b");
    expect(out).toContain("x = '\uFFFD[2J'");
  });

  it("prints no excerpt when the source is not available", () => {
    const out = plain(result([finding({ path: "gone.py", fix: { safety: "unsafe", title: "rewrite", edits: [] } })]));
    expect(out.split("\n").slice(0, 2)).toEqual([
      "gone.py:3:15: DJP101 [warn] `order.customer` is loaded lazily inside a loop",
      "  = help: rewrite (unsafe fix)",
    ]);
  });

  it("sorts findings and prefixes paths with the root", () => {
    const out = plain(
      result([finding({ path: "b.py", range: span(1, 1, 1, 2) }), finding({ path: "a.py", range: span(5, 1, 5, 2) })]),
      { root: "../proj/", sources: new Map() },
    );
    const headers = out.split("\n").filter((l) => l.includes("DJP101"));
    expect(headers.map((h) => h.split(" ")[0])).toEqual(["../proj/a.py:5:1:", "../proj/b.py:1:1:"]);
  });

  it("lists diagnostics in their own section", () => {
    const out = plain(
      result([], [
        { kind: "parse-error", path: "shop/broken.py", line: 4, message: "syntax error at line 4" },
        { kind: "config", message: "review.max_comment: unknown key" },
      ]),
    );
    expect(out).toBe(
      [
        "Diagnostics (2):",
        "  shop/broken.py:4: [parse-error] syntax error at line 4",
        "  [config] review.max_comment: unknown key",
        "",
        "No findings in 2 files.",
        "",
      ].join("\n"),
    );
  });

  it("uses ANSI colours only when asked", () => {
    const r = result([finding({ level: "block" })], [{ kind: "skipped", path: "x.py", message: "binary" }]);
    expect(formatText(r, { sources, color: false })).not.toContain("\u001b[");
    const coloured = formatText(r, { sources, color: true });
    expect(coloured).toContain("\u001b[1;31mDJP101\u001b[0m");
    expect(coloured).toContain("\u001b[1;31mFound 1 finding (1 block, 0 warn, 0 info) in 2 files (7ms).\u001b[0m");
  });
});

describe("summaryLine", () => {
  it("counts findings per level and pluralises", () => {
    const r = result(
      [finding({ level: "block" }), finding({ level: "warn" }), finding({ level: "warn" }), finding({ level: "info" })],
      [],
      { files: 1, lines: 10, ms: 42 },
    );
    expect(summaryLine(r)).toBe("Found 4 findings (1 block, 2 warn, 1 info) in 1 file (42ms).");
    expect(summaryLine(result([], [], { files: 3, lines: 0, ms: 0 }))).toBe("No findings in 3 files.");
  });
});
