/** Pieces of a report shared by DJP101 and DJP102. */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";
import type { RelatedLocation } from "../../src/report/finding.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { contains } from "./syntax.js";

/**
 * Points at the queryset when it is defined outside the loop: a PR that deletes its select_related()
 * caused the finding without touching the loop.
 */
export function queryDefinedAt(path: string, loop: LoopInfo, root: SyntaxNode): { related?: RelatedLocation[] } {
  if (contains(loop.node, root)) return {};
  return { related: [{ path, range: rangeOf(root), message: "the queryset this loop walks starts here" }] };
}

/** Messages quote the access, not a whole multi-line argument list. */
export function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
