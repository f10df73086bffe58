/**
 * One level of interprocedural knowledge inside the analysed file: what a call to a function of the
 * same file returns. `self.get_open_orders()` (a method of self's class or a same-file base) and
 * `open_orders(customer)` (a module-level function) are QuerySets when every `return` of the function
 * returns a QuerySet of one model, and rows of one when every `return` hands back rows of a QuerySet
 * (`list(qs)`, `[o for o in qs]`, a QuerySet, or an empty list literal).
 *
 * The answer is the union of the returns, biased to silence as for names bound in branches: the calls
 * of every return count (a `select_related`, `values()` or `filter(pk=…)` in any return keeps the rules
 * quiet), and `branches` counts them. `returnedBy` marks the answer: its chain is in another function, so
 * no fix edits it from the caller's finding.
 */
import type { SyntaxNode } from "../parser.js";
import type { QuerySetInfo } from "./types.js";
import type { FileState } from "./state.js";
import { classOfSelf, sameFileClass } from "./classes.js";
import { classBases, classMembers, decoratorTarget, decoratorsOf, positionalArgs, unwrapParens } from "./syntax.js";
import { returnsOf } from "../index/returned-chains.js";
import { callerRows } from "./caller-params.js";

/** Calls whose result iterates the same rows as their single argument (a QuerySet). */
const ROW_COPIES = new Set(["list", "tuple", "sorted"]);

/** The QuerySet a call of a same-file function returns, when every return is a QuerySet of one model. */
export function returnedQuerySet(s: FileState, call: SyntaxNode): QuerySetInfo | undefined {
  const fn = calledFunction(s, call);
  return fn ? unionOfReturns(s, fn, call, (value) => s.facts.querySetOf(value)) : undefined;
}

/**
 * The QuerySet whose rows an expression holds: a QuerySet itself, `list(qs)` / `sorted(qs, …)`,
 * `[o for o in qs]` (with or without an `if`), a name bound once to one of these, or a call of a
 * same-file function returning them. The result is for iteration only (a list has no queries of its
 * own: `len()`, truth tests and slices of it cost nothing).
 */
export function rowsOf(s: FileState, expr: SyntaxNode, depth = 0): QuerySetInfo | undefined {
  if (depth > 4) return undefined;
  const e = unwrapParens(expr);
  const qs = s.facts.querySetOf(e);
  if (qs) return qs;
  switch (e.type) {
    case "call": {
      const name = e.childForFieldName("function");
      const args = positionalArgs(e.childForFieldName("arguments"));
      if (name?.type === "identifier" && ROW_COPIES.has(name.text) && args[0] && s.scopes.lookup(name) === undefined) {
        return rowsOf(s, args[0], depth + 1);
      }
      const fn = calledFunction(s, e);
      return fn ? unionOfReturns(s, fn, e, (value) => rowsOf(s, value, depth + 1), true) : undefined;
    }
    case "list_comprehension":
      return identityComprehension(s, e, depth);
    case "identifier": {
      const binding = s.scopes.onlyBinding(e);
      if (binding?.kind === "param") return callerRows(s, binding, (arg) => rowsOf(s, arg, depth + 1));
      if (binding?.kind !== "assign" || !binding.value) return undefined;
      const rows = rowsOf(s, binding.value, depth + 1);
      return rows && !mutatedNames(s).has(`${s.scopes.scopeOf(binding.node).id}:${e.text}`) ? rows : undefined;
    }
    default:
      return undefined;
  }
}

/** List methods that add items: after `rows.append(other)` the list holds more than the QuerySet's rows. */
const LIST_ADDERS = new Set(["append", "extend", "insert", "__setitem__", "__iadd__"]);

/**
 * Names that are the object of an adding list method, an augmented assignment or an item assignment,
 * as `scope id:name` (read once per file).
 */
function mutatedNames(s: FileState): ReadonlySet<string> {
  let names = mutatedByFile.get(s);
  if (names) return names;
  names = new Set();
  const add = (id: SyntaxNode): void => void names!.add(`${s.scopes.scopeOf(id).id}:${id.text}`);
  for (const attr of s.nodes.get("attribute")) {
    const object = attr.childForFieldName("object");
    if (object?.type === "identifier" && LIST_ADDERS.has(attr.childForFieldName("attribute")?.text ?? "")) add(object);
  }
  for (const node of s.nodes.get(["augmented_assignment", "assignment"])) {
    const left = node.childForFieldName("left");
    const target = left?.type === "subscript" ? left.childForFieldName("value") : node.type === "augmented_assignment" ? left : undefined;
    if (target?.type === "identifier") add(target);
  }
  mutatedByFile.set(s, names);
  return names;
}

const mutatedByFile = new WeakMap<FileState, Set<string>>();

/** `[o for o in qs]` / `[o for o in qs if …]`: a copy of (some of) the rows. */
function identityComprehension(s: FileState, comp: SyntaxNode, depth: number): QuerySetInfo | undefined {
  const body = comp.childForFieldName("body");
  const clauses = comp.namedChildren.filter((c) => c.type === "for_in_clause");
  const clause = clauses[0];
  if (clauses.length !== 1 || !clause || body?.type !== "identifier") return undefined;
  const left = clause.childForFieldName("left");
  const right = clause.childForFieldName("right");
  if (left?.type !== "identifier" || left.text !== body.text || !right) return undefined;
  return rowsOf(s, right, depth + 1);
}

/** Functions whose returns are being read: a function returning its own call is unknown, not a loop. */
const inProgress = new Set<number>();

function unionOfReturns(
  s: FileState,
  fn: SyntaxNode,
  call: SyntaxNode,
  read: (value: SyntaxNode) => QuerySetInfo | undefined,
  emptyListsAllowed = false,
): QuerySetInfo | undefined {
  const body = fn.childForFieldName("body");
  if (!body || inProgress.has(fn.id)) return undefined;
  inProgress.add(fn.id);
  try {
    const found: QuerySetInfo[] = [];
    for (const ret of returnsOf(body)) {
      const value = ret.namedChildren[0];
      if (!value) return undefined;
      // An empty list adds no rows to a loop over the result.
      if (emptyListsAllowed && value.type === "list" && value.namedChildren.length === 0) continue;
      const qs = read(value);
      if (!qs) return undefined;
      found.push(qs);
    }
    const first = found[0];
    if (!first || found.some((q) => q.model.qualifiedName !== first.model.qualifiedName)) return undefined;
    const calls = found.flatMap((q) => q.calls);
    const definitions = found.flatMap((q) => q.definitions);
    const sliced = found.some((q) => q.sliced);
    const branches = found.reduce((n, q) => n + (q.branches ?? 1), 0);
    return { ...first, calls, definitions, ...(sliced ? { sliced: true } : {}), ...(branches > 1 ? { branches } : {}), returnedBy: call };
  } finally {
    inProgress.delete(fn.id);
  }
}

/**
 * The same-file function a call runs: `name(...)` bound once to a module-level or enclosing `def`, or
 * `self.name(...)` defined in self's class or a same-file base (nearest first, as Python's MRO for
 * single inheritance). Properties are not calls; anything else is unknown.
 */
export function calledFunction(s: FileState, call: SyntaxNode): SyntaxNode | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type === "identifier") {
    const binding = s.scopes.onlyBinding(fn);
    return binding?.kind === "def" && binding.node.type === "function_definition" ? binding.node : undefined;
  }
  if (fn?.type !== "attribute") return undefined;
  const object = fn.childForFieldName("object");
  const name = fn.childForFieldName("attribute")?.text;
  if (object?.type !== "identifier" || !name) return undefined;
  const cls = classOfSelf(s, object);
  return cls ? methodOf(s, cls, name, 0) : undefined;
}

function methodOf(s: FileState, cls: SyntaxNode, name: string, depth: number): SyntaxNode | undefined {
  if (depth > 5) return undefined;
  const members = classMembers(cls).filter((m) => m.childForFieldName("name")?.text === name);
  if (members.length > 0) {
    const def = members.length === 1 ? members[0] : undefined;
    if (def?.type !== "function_definition") return undefined;
    const isProperty = decoratorsOf(def).some((d) => /property$/.test(decoratorTarget(d)?.text ?? ""));
    return isProperty ? undefined : def;
  }
  for (const base of classBases(cls)) {
    const local = sameFileClass(s, base);
    // A base from another file may define the method first: unknown.
    if (!local) return undefined;
    const found = methodOf(s, local, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}
