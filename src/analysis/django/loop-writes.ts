/**
 * What one iteration of a loop reads, binds and writes, for the bulk-write rules (DJP501, DJP502): the
 * assignments (by the names they bind), the variable reads (by name), the bindings that carry values
 * from one iteration to the next, and per name the rebinds, field writes and method calls on it, in walk
 * order. Each write site used to walk the loop's whole body (one loop with n writes: n × body; d nested
 * loops each saving its row: d², issue 12). Now the facts are folded once per loop (a nested loop's
 * facts merged into the loops around it, `foldPerIteration`) and every write site is answered from them.
 */
import type { SyntaxNode } from "../parser.js";
import type { LoopInfo } from "./types.js";
import { methodCallOf } from "./evaluation.js";
import { MUTATORS, bindingTargetOf, foldPerIteration, isVariableRead, targetNames } from "./loop-scope.js";
import type { PerIterationFold } from "./loop-scope.js";

/** `left = right`, or `left: type` with no value. */
export interface AssignmentFact {
  start: number;
  end: number;
  /** The left side is one plain name (`name = …`, not `a, b = …` or `o.f = …`). */
  plain: boolean;
  right: SyntaxNode | null;
}

/** A value written to names: an assignment, a loop target, a walrus, `x.append(v)`. */
export interface BindingFact {
  names: string[];
  source: SyntaxNode;
  sourceStart: number;
  sourceEnd: number;
  /** The write happens once the source is evaluated. */
  end: number;
}

/** What happens to a name, in walk order: rebound, a field of it assigned, a method of it called. */
export type NameEvent =
  | { kind: "rebind" }
  | { kind: "field"; field: string; node: SyntaxNode }
  | { kind: "call"; method: string; node: SyntaxNode };

export interface LoopWriteFacts {
  /** Plain assignments, by every name their left side binds. */
  assignedTo: Map<string, AssignmentFact[]>;
  /** Identifiers that read a variable, by name. */
  reads: Map<string, SyntaxNode[]>;
  bindings: BindingFact[];
  /** Start positions of identifiers that are the write of a binding, not a read (`x` in `x = …`, `x.append(…)`). */
  written: Set<number>;
  events: Map<string, NameEvent[]>;
}

/** Appends `value` to the list under `key`. */
export function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function mergeMap<V>(into: Map<string, V[]>, from: Map<string, V[]>): void {
  for (const [key, values] of from) for (const v of values) push(into, key, v);
}

function visitBinding(acc: LoopWriteFacts, node: SyntaxNode, target: SyntaxNode | null): void {
  const source = node.childForFieldName(node.type === "named_expression" || node.type === "as_pattern" ? "value" : "right");
  if (target && node.type === "assignment") {
    // `x: int` (no value) counts too: it is the last assignment to x that a save looks back to.
    const fact = { start: node.startIndex, end: node.endIndex, plain: target.type === "identifier", right: source };
    for (const name of targetNames(target)) push(acc.assignedTo, name, fact);
  }
  if (target && source) {
    const names = targetNames(target);
    acc.bindings.push({ names, source, sourceStart: source.startIndex, sourceEnd: source.endIndex, end: node.endIndex });
    // Every target is a write, except that `x += v` also reads x.
    if (node.type !== "augmented_assignment") for (const id of writtenIdentifiers(target)) acc.written.add(id);
    return;
  }
  const m = methodCallOf(node);
  // Only plain names (`rows.append(x)`): `self.rows.append(x)` would make every `self.` read look carried.
  if (m && MUTATORS.has(m.name) && m.object.type === "identifier") {
    acc.bindings.push({ names: [m.object.text], source: m.args, sourceStart: m.args.startIndex, sourceEnd: m.args.endIndex, end: node.endIndex });
    acc.written.add(m.object.startIndex);
  }
}

/** The identifiers a target writes: all of `x` / `a, b`; only the root `d` of `d[k]` / `o.f` (k is read). */
function writtenIdentifiers(target: SyntaxNode): number[] {
  if (target.type === "subscript" || target.type === "attribute") {
    let n: SyntaxNode | null = target;
    while (n && (n.type === "subscript" || n.type === "attribute")) n = n.type === "subscript" ? n.childForFieldName("value") : n.childForFieldName("object");
    return n?.type === "identifier" ? [n.startIndex] : [];
  }
  if (target.type === "identifier") return [target.startIndex];
  return target.descendantsOfType("identifier").map((id) => id.startIndex);
}

function visitEvents(acc: LoopWriteFacts, node: SyntaxNode, bound: SyntaxNode | null): void {
  if (bound?.type === "identifier") {
    push(acc.events, bound.text, { kind: "rebind" });
    return;
  }
  if ((node.type === "assignment" || node.type === "augmented_assignment") && bound?.type === "attribute") {
    const obj = bound.childForFieldName("object");
    const field = bound.childForFieldName("attribute")?.text;
    if (obj?.type === "identifier" && field) push(acc.events, obj.text, { kind: "field", field, node });
  }
  const m = methodCallOf(node);
  if (m?.object.type === "identifier") push(acc.events, m.object.text, { kind: "call", method: m.name, node });
}

const WRITE_FACTS: PerIterationFold<LoopWriteFacts> = {
  start: () => ({ assignedTo: new Map(), reads: new Map(), bindings: [], written: new Set(), events: new Map() }),
  visit: (acc, node) => {
    if (node.type === "identifier") {
      if (isVariableRead(node)) push(acc.reads, node.text, node);
      return;
    }
    const bound = bindingTargetOf(node);
    visitBinding(acc, node, bound);
    visitEvents(acc, node, bound);
  },
  merge: (acc, inner) => {
    mergeMap(acc.assignedTo, inner.assignedTo);
    mergeMap(acc.reads, inner.reads);
    mergeMap(acc.events, inner.events);
    for (const b of inner.bindings) acc.bindings.push(b);
    inner.written.forEach((w) => acc.written.add(w));
  },
};

/** The loop's per-iteration facts, folded once per loop. */
export function loopWriteFacts(loop: LoopInfo): LoopWriteFacts {
  return foldPerIteration(loop, WRITE_FACTS);
}
