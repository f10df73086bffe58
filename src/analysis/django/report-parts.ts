/** Pieces of a report shared by the loop rules (DJP101, DJP102, DJP104, DJP502). */
import type { SyntaxNode } from "../parser.js";
import type { RelatedLocation } from "../finding.js";
import { rangeOf } from "../positions.js";
import type { LoopInfo, QuerySetInfo } from "./types.js";
import { loopScope, statementOf } from "./loop-scope.js";
import { isWithin } from "./syntax.js";

export interface QuerySetOrigin {
  related?: RelatedLocation[];
  causes?: SyntaxNode[];
}

/**
 * Where the queryset a loop walks comes from, when that is outside the loop: a related location
 * pointing at its start, and the statements that define it as causes, so that a PR that only edits the
 * definition (deletes its select_related()) is blamed for the finding the unchanged loop now has.
 */
export function querySetOrigin(path: string, loop: LoopInfo, qs: QuerySetInfo): QuerySetOrigin {
  const scope = loopScope(loop);
  const causes = new Map<number, SyntaxNode>();
  // `order = Order.objects.filter(…).last()` then `for line in order.lines.all()`: the statement that
  // loads the owner row decides what its related manager has loaded (a prefetch_related there serves
  // the loop), so a pull request that changes where the row comes from changes the finding's cause.
  const owner = qs.root === "related-manager" && qs.via?.instance.source === "single" ? qs.via.instance.qs : undefined;
  for (const node of [...qs.definitions, qs.rootNode, ...(owner ? [...owner.definitions, owner.rootNode] : [])]) {
    const statement = statementOf(node);
    if (statement && !isWithin(statement, scope) && !isWithin(scope, statement)) causes.set(statement.id, statement);
  }
  const origin: QuerySetOrigin = causes.size > 0 ? { causes: [...causes.values()] } : {};
  if (!isWithin(qs.rootNode, loop.node)) {
    origin.related = [{ path, range: rangeOf(qs.rootNode), message: "the queryset this loop walks starts here" }];
  }
  return origin;
}

/** Messages quote the access, not a whole multi-line argument list. */
export function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
