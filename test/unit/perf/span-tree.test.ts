/** SpanTree answers what a scan of every span answers, on random properly nested spans. */
import { describe, expect, it } from "vitest";
import { SpanTree, type Span } from "../../../src/analysis/django/span-tree.js";
import { rng } from "../../../bench/generate.js";

/** Random nested spans in pre-order (ascending start, parents first), as a syntax tree gives them. */
function nestedSpans(r: () => number, start: number, end: number, depth: number, out: Span[]): void {
  let at = start;
  while (at < end && depth < 6) {
    const width = 1 + Math.floor(r() * Math.min(40, end - at));
    const s = { start: at, end: Math.min(end, at + width) };
    out.push(s);
    if (r() < 0.2) out.push({ start: s.start, end: s.end }); // a child with its parent's range
    if (s.end - s.start > 2 && r() < 0.6) nestedSpans(r, s.start + 1, s.end - 1, depth + 1, out);
    at = s.end + Math.floor(r() * 3);
  }
}

describe("SpanTree.covering / innermost", () => {
  it("finds exactly the spans that cover a range, innermost first", () => {
    const r = rng(3);
    const spans: Span[] = [];
    nestedSpans(r, 0, 2000, 0, spans);
    const tree = new SpanTree(spans);
    let nonEmpty = 0;
    for (let q = 0; q < 3000; q++) {
      const start = Math.floor(r() * 2000);
      const end = start + 1 + Math.floor(r() * 20);
      const expected = spans.map((s, i) => ({ s, i })).filter(({ s }) => s.start <= start && end <= s.end).map(({ i }) => i);
      const got = tree.covering(start, end);
      expect([...got].sort((a, b) => a - b)).toEqual(expected);
      // Innermost first: each span in the answer lies within the one after it.
      for (let k = 1; k < got.length; k++) expect(spans[got[k]!]!.start <= spans[got[k - 1]!]!.start && spans[got[k - 1]!]!.end <= spans[got[k]!]!.end).toBe(true);
      // `innermost` is the first of them, without listing the rest.
      expect(tree.innermost(start, end)).toBe(got[0] ?? -1);
      if (got.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(1000);
  });
});
