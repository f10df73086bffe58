/** The demo's markdown renderers: what djperf's markdown turns into on a terminal and in HTML. */
import { describe, expect, it } from "vitest";
import { parseMarkdown, plainText } from "../../demo/render/markdown.js";
import { markdownToHtml } from "../../demo/render/report-html.js";
import { createStyle, renderMarkdown, suggestionDiff, visibleWidth, wrap } from "../../demo/render/terminal.js";

const plain = createStyle(false);

describe("parseMarkdown", () => {
  it("reads tables with escaped pipes, code fences, details and drops HTML comments", () => {
    const blocks = parseMarkdown(
      [
        "### Findings",
        "",
        "| Rule | Code |",
        "|---|:---:|",
        "| DJP101 | `a \\| b` |",
        "",
        "<details><summary>2 more</summary>",
        "",
        "- one",
        "- two",
        "",
        "</details>",
        "",
        "````python",
        "x = 1  # ```",
        "````",
        "<!-- djperf:DJP101:abc -->",
      ].join("\n"),
    );
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "table", "details", "code"]);
    const table = blocks[1] as Extract<(typeof blocks)[number], { kind: "table" }>;
    expect(table.align).toEqual(["left", "center"]);
    expect(table.rows[0]!.map(plainText)).toEqual(["DJP101", "a | b"]);
    const details = blocks[2] as Extract<(typeof blocks)[number], { kind: "details" }>;
    expect(plainText(details.summary)).toBe("2 more");
    expect(details.blocks[0]).toMatchObject({ kind: "list", ordered: false });
    expect(blocks[3]).toEqual({ kind: "code", info: "python", text: "x = 1  # ```" });
  });

  it("reads inline emphasis, code, links and <sub>", () => {
    const [paragraph] = parseMarkdown("**DJP101 · x** uses `a.b` — see [docs](https://example.com/r) <sub>small</sub>");
    expect(paragraph).toMatchObject({ kind: "paragraph" });
    const kinds = (paragraph as { content: { kind: string }[] }).content.map((n) => n.kind);
    expect(kinds).toEqual(["strong", "text", "code", "text", "link", "text", "sub"]);
  });
});

describe("terminal rendering", () => {
  it("measures emoji as two cells and ignores escapes", () => {
    expect(visibleWidth("🛑 a")).toBe(4);
    expect(visibleWidth("⚠️")).toBe(2);
    expect(visibleWidth("\x1b[1mab\x1b[22m")).toBe(2);
  });

  it("wraps words to the width with a hanging prefix", () => {
    expect(wrap("aaa bbb ccc", 7, "- ", "  ")).toEqual(["- aaa", "  bbb", "  ccc"]);
  });

  it("draws tables in boxes and suggestions as added lines", () => {
    const lines = renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```suggestion\nqs.select_related(\"c\")\n```", plain, 80);
    expect(lines).toContain("│ a │ b │");
    expect(lines).toContain("│ 1 │ 2 │");
    expect(lines).toContain('  + qs.select_related("c")');
  });
});

describe("HTML rendering", () => {
  it("escapes content and links only web URLs", () => {
    const html = markdownToHtml('<script>alert(1)</script> [x](javascript:alert(1)) [y](https://example.com/?a=1&b="2")');
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<a href="https://example.com/?a=1&amp;b=&quot;2&quot;">y</a>');
  });
});

describe("suggestionDiff", () => {
  it("keeps unchanged leading and trailing lines as context", () => {
    expect(suggestionDiff(["a", "b", "c"], ["a", "B", "c"])).toEqual([
      { kind: "context", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "B" },
      { kind: "context", text: "c" },
    ]);
  });

  it("shows every line as added when the commented lines are unknown", () => {
    expect(suggestionDiff([], ["x"])).toEqual([{ kind: "added", text: "x" }]);
  });
});
