/**
 * A name bound more than once to QuerySets of one model: assigned in the branches of an if/else
 * (`qs = A.objects.filter(x)` / `qs = A.objects.all()`) and refined in place (`qs = qs.filter(...)`,
 * `qs = qs[:50]`). Every binding of the name in its scope must be such an assignment; one binding of
 * any other kind or model (a list, a loop target, `qs = list(qs)`) and the name is unknown.
 *
 * The bindings are not ordered by control flow, so the answer is their union, chosen so that every
 * rule stays quiet when one branch would make it quiet: the calls of every binding are concatenated
 * (a `select_related`, `values()`, `filter(pk=…)` or slice in any binding counts), and every
 * assignment is a definition.
 */
import type { SyntaxNode } from "../parser.js";
import type { Binding } from "./bindings.js";
import type { ChainCall, QuerySetInfo } from "./types.js";
import type { FileState } from "./state.js";
import { QUERYSET_METHODS } from "./querysets.js";
import { unwrapParens } from "./syntax.js";

/** Binding nodes being resolved right now: `a = b` / `b = a` in a cycle is unknown, not a loop. */
const inProgress = new Set<SyntaxNode>();

export function reboundQuerySet(s: FileState, name: string, bindings: readonly Binding[]): QuerySetInfo | undefined {
  if (!bindings.every((b) => b.kind === "assign" && b.value && b.statement)) return undefined;
  if (bindings.some((b) => inProgress.has(b.node))) return undefined;
  for (const b of bindings) inProgress.add(b.node);
  try {
    return union(s, name, bindings);
  } finally {
    for (const b of bindings) inProgress.delete(b.node);
  }
}

function union(s: FileState, name: string, bindings: readonly Binding[]): QuerySetInfo | undefined {
  const bases: QuerySetInfo[] = [];
  const refinements: ChainCall[] = [];
  let sliced = false;
  const definitions: SyntaxNode[] = [];
  for (const b of bindings) {
    const value = b.value as SyntaxNode;
    definitions.push(b.statement as SyntaxNode);
    const refinement = refinementOf(value, name);
    if (refinement) {
      refinements.push(...refinement.calls);
      sliced ||= refinement.sliced;
      continue;
    }
    if (mentions(value, name)) return undefined;
    const qs = s.facts.querySetOf(value);
    if (!qs) return undefined;
    bases.push(qs);
  }
  const first = bases[0];
  if (!first) return undefined;
  for (const other of bases.slice(1)) {
    if (other.model.qualifiedName !== first.model.qualifiedName || other.root !== first.root) return undefined;
    // Related managers: the same accessor on the same expression (`order.items` in both branches).
    if ((first.via || other.via) && other.rootNode.text !== first.rootNode.text) return undefined;
  }
  const calls = [...bases.flatMap((b) => b.calls), ...refinements];
  definitions.push(...bases.flatMap((b) => b.definitions));
  sliced ||= bases.some((b) => b.sliced);
  const branches = bases.length + bases.reduce((n, b) => n + (b.branches ?? 1) - 1, 0);
  return { ...first, calls, definitions, ...(sliced ? { sliced: true } : {}), ...(branches > 1 ? { branches } : {}) };
}

/**
 * `name.filter(...).order_by(...)` or `name[:n]`: QuerySet methods and slices applied to the name
 * itself. Returns the calls, in source order, and whether a slice was applied.
 */
function refinementOf(value: SyntaxNode, name: string): { calls: ChainCall[]; sliced: boolean } | undefined {
  const calls: ChainCall[] = [];
  let sliced = false;
  let e = unwrapParens(value);
  for (;;) {
    if (e.type === "identifier") return e.text === name && (calls.length > 0 || sliced) ? { calls: calls.reverse(), sliced } : undefined;
    if (e.type === "subscript") {
      const subscripts = e.childrenForFieldName("subscript");
      const inner = e.childForFieldName("value");
      if (!inner || subscripts.length !== 1 || subscripts[0]?.type !== "slice") return undefined;
      sliced = true;
      e = unwrapParens(inner);
      continue;
    }
    if (e.type !== "call") return undefined;
    const fn = e.childForFieldName("function");
    const args = e.childForFieldName("arguments");
    const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    const object = fn?.childForFieldName("object");
    if (!method || !object || !args || !QUERYSET_METHODS.has(method)) return undefined;
    calls.push({ name: method, node: e, args });
    e = unwrapParens(object);
  }
}

/** The expression reads the name somewhere (`list(qs)`, `qs.count()`): not a QuerySet refinement. */
function mentions(value: SyntaxNode, name: string): boolean {
  if (value.type === "identifier") return value.text === name;
  return value.descendantsOfType("identifier").some((id) => id.text === name && id.parent?.type !== "keyword_argument");
}
