import { describe, expect, it } from "vitest";
import { byteLength, codeBlock, codeSpan, details, escapeTableCell, fitList, link, plural, truncateBytes } from "../../../src/report/markdown.js";

describe("markdown helpers", () => {
  it("escape table cells: pipes and line breaks", () => {
    expect(escapeTableCell("a | b\nc")).toBe("a \\| b<br>c");
  });

  it("make code spans and blocks that survive backticks in the content", () => {
    expect(codeSpan("qs.filter(a=1)")).toBe("`qs.filter(a=1)`");
    expect(codeSpan("use `x` here")).toBe("``use `x` here``");
    expect(codeSpan("`edge`")).toBe("`` `edge` ``");
    expect(codeSpan("two\nlines")).toBe("`two lines`");
    expect(codeBlock("x = 1", "python")).toBe("```python\nx = 1\n```");
    expect(codeBlock("doc = '''\n```\n'''\n")).toBe("````\ndoc = '''\n```\n'''\n````");
  });

  it("builds details blocks and links with escaped labels", () => {
    expect(details("a <b> & c", "body")).toBe("<details><summary>a &lt;b&gt; &amp; c</summary>\n\nbody\n\n</details>");
    expect(link("DJP101 [docs]", "https://x.test/a b(c)")).toBe("[DJP101 \\[docs\\]](https://x.test/a%20b%28c%29)");
  });

  it("truncates by UTF-8 bytes without splitting a character", () => {
    expect(truncateBytes("short", 10)).toBe("short");
    const cut = truncateBytes("ab🛑🛑🛑", 9);
    expect(cut).toBe("ab🛑…");
    expect(byteLength(cut)).toBeLessThanOrEqual(9);
    expect(truncateBytes("héllo wörld", 8, "...")).toBe("héll...");
  });

  it("fits a list into a budget and ends it with an explicit more line", () => {
    const items = ["aaaa", "bbbb", "cccc", "dddd"];
    const more = (n: number) => `+${n}`;
    expect(fitList(items, 100, more)).toEqual({ lines: items, omitted: 0, bytes: 20 });
    const cut = fitList(items, 13, more);
    expect(cut.lines).toEqual(["aaaa", "bbbb", "+2"]);
    expect(cut.omitted).toBe(2);
    expect(cut.bytes).toBeLessThanOrEqual(13);
  });

  it("pluralises with thousands separators", () => {
    expect(plural(1, "warning")).toBe("1 warning");
    expect(plural(2000, "finding")).toBe("2,000 findings");
  });
});
