/**
 * "Which of these spans enclose this range?" in time proportional to the nesting depth, not to the
 * number of spans. Scanning every function or loop of a file for every identifier made a file of many
 * small functions quadratic (a 512 KB module took 90 s); syntax nodes nest properly, so the spans
 * enclosing a range are all ancestors (in the span list's own nesting) of the last span starting at
 * or before it, and a binary search plus a walk up that chain finds them.
 */

export interface Span {
  start: number;
  end: number;
}

export class SpanTree<T extends Span> {
  /** For each span (in the given order), the index of the nearest earlier span that covers it, or -1. */
  private readonly up: Int32Array;
  private readonly starts: Float64Array;

  /** `spans` in source order (pre-order: ascending start, a parent before the children it shares a start with). */
  constructor(readonly spans: readonly T[]) {
    this.up = new Int32Array(spans.length);
    this.starts = new Float64Array(spans.length);
    const stack: number[] = [];
    spans.forEach((s, i) => {
      while (stack.length > 0 && !coversSpan(spans[stack[stack.length - 1]!]!, s)) stack.pop();
      this.up[i] = stack.length > 0 ? stack[stack.length - 1]! : -1;
      this.starts[i] = s.start;
      stack.push(i);
    });
  }

  /**
   * Every span that covers `start..end` (equal ranges included), innermost first, as indexes into
   * `spans`. A span list that does not nest (never the case for one tree's nodes) would make this
   * miss spans, not invent them: callers still test each span they are given.
   */
  covering(start: number, end: number): number[] {
    const out: number[] = [];
    for (let i = this.lastStartingAtOrBefore(start); i >= 0; i = this.up[i]!) {
      const s = this.spans[i]!;
      if (s.start <= start && end <= s.end) out.push(i);
    }
    return out;
  }

  /** The innermost span that covers `start..end` (equal ranges included), as an index, or -1. */
  innermost(start: number, end: number): number {
    for (let i = this.lastStartingAtOrBefore(start); i >= 0; i = this.up[i]!) {
      const s = this.spans[i]!;
      if (s.start <= start && end <= s.end) return i;
    }
    return -1;
  }

  private lastStartingAtOrBefore(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= pos) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

function coversSpan(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
