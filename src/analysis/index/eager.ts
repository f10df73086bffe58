/**
 * What a manager's `get_queryset()` eager-loads: the select_related / prefetch_related calls on the
 * chains it returns (`return super().get_queryset().select_related("customer")`), read back through
 * local names (`qs = super().get_queryset(); return qs.prefetch_related("items")`, a refinement in a
 * branch `if x: qs = qs.select_related("a")`) by the one reader of returned chains (returned-chains.ts),
 * with the arguments read as the DRF graph reads them (drf/loads.ts: a `Prefetch` with a queryset loads
 * what that queryset eager-loads under its lookup, one with `to_attr` fills another attribute).
 *
 * Every path of every return is merged (a union): a manager that eager-loads on some paths makes rules
 * quieter, which is the safe direction for a linter that prefers false negatives.
 */
import type { SyntaxNode } from "../parser.js";
import { exprOf } from "./expr.js";
import type { EagerFacts } from "./facts.js";
import { addLoadArgs, emptyLoads } from "./drf/loads.js";
import { localBindings, readReturnedValue, returnsOf } from "./returned-chains.js";

const SELF: ReadonlySet<string> = new Set(["self"]);

export function eagerFactsOf(fn: SyntaxNode): EagerFacts {
  const facts: EagerFacts = { loads: [], selectsAll: false, callsSuper: false };
  const body = fn.childForFieldName("body");
  if (!body) return facts;
  const bindings = localBindings(body);
  const loads = emptyLoads();
  for (const ret of returnsOf(body)) {
    const value = ret.namedChildren[0];
    if (!value) continue;
    for (const path of readReturnedValue(value, bindings, SELF).paths) {
      const [first] = path.calls;
      // The chain starts at the parent manager's rows: its eager loads apply too.
      if (first?.method === "get_queryset" && isSuperCall(first.receiver)) facts.callsSuper = true;
      for (const { method, call } of path.calls) {
        if (method !== "select_related" && method !== "prefetch_related") continue;
        const expr = exprOf(call);
        if (expr.t === "call") addLoadArgs(method, expr.args, expr.hasSplat, loads);
      }
    }
  }
  facts.loads = [...new Set(loads.loads)];
  facts.selectsAll = loads.selectsAll;
  return facts;
}

function isSuperCall(node: SyntaxNode): boolean {
  return node.type === "call" && node.childForFieldName("function")?.text === "super";
}
