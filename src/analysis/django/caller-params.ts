/**
 * Unannotated parameters typed from their callers, inside the analysed file. A parameter holds a model
 * instance, a QuerySet or the rows of one when every call of its function passes one of one model
 * (`_tally(order.items.all())` → `items` in `def _tally(items)` is a QuerySet of the item model).
 *
 * Only functions whose every caller can be seen are typed: a function nested in another function, or
 * a private (`_name`, not `__dunder__`) module-level function or method, undecorated (staticmethod and
 * classmethod aside). Every mention of the name in the file must be the callee of a call resolved to
 * that very definition (`name(...)` bound once, or `self.name(...)` in its class): a name passed as a
 * value (`{"k": _helper}`, `map(_helper, xs)`), called on another object, through `*args` / `**kwargs`,
 * or redefined leaves the parameter unknown. The leading underscore is Python's "not for other
 * modules"; a test module importing the helper is the one caller this cannot see.
 *
 * Several callers give the union, biased to silence as for names bound in branches: the calls of every
 * caller's chain count (a `select_related` in any caller keeps DJP101 quiet), and `branches` counts
 * them, so no fix edits one caller's chain for all.
 *
 * A module-level function, public or not, is typed from callers in other modules too when the index's
 * callers summary knows them all (`index/callers.ts`: imported by name, never handed out, stored,
 * decorated, named in a string or exported in `__all__`): those calls count for instances only (their
 * argument is plain data there, `caller-modules.ts`), and a QuerySet or rows parameter with a caller
 * in another module stays unknown.
 */
import type { SyntaxNode } from "../parser.js";
import type { Binding } from "./bindings.js";
import type { InstanceInfo, QuerySetInfo } from "./types.js";
import type { FileState } from "./state.js";
import { calledFunction } from "./returned-querysets.js";
import { remoteCalls, remoteRowModel } from "./caller-modules.js";
import type { CallerCall } from "../index/callers.js";
import { singleObject } from "./instances.js";
import { classOfMethod, decoratorTarget, decoratorsOf, hasSplat, keywordArg, positionalArgs, sameNode } from "./syntax.js";

/** How a parameter is passed: by position (counted from the caller's first argument) and by name. */
interface Slot {
  fn: SyntaxNode;
  name: string;
  /** Positional index at the call, undefined for a keyword-only parameter. */
  position?: number;
}

/** Functions whose arguments are being typed: a parameter passed on to the function itself is unknown. */
const inProgress = new Set<number>();

/**
 * The instance every caller passes for the parameter (`source: "context"`). Its loading is unknown
 * (no `qs`) unless every caller is in this file and passes a row whose QuerySet is known: a loop
 * variable over a QuerySet, or a `.get()` / `.first()` of one. Then `qs` is their union (a
 * `prefetch_related` in any caller counts), so `order.items.all()` in the function reads as rows
 * nobody prefetched when no caller's chain loads `items`.
 */
export function callerInstance(s: FileState, binding: Binding): InstanceInfo | undefined {
  const models = fromCallers(s, binding, (arg) => (s.facts.instanceOf(arg) ?? singleObject(s, arg))?.model, (call, slot) => remoteRowModel(s.index, call, slot.name, slot.position));
  const first = models?.[0];
  if (!first || models.some((m) => m.qualifiedName !== first.qualifiedName)) return undefined;
  const qs = callerLoading(s, binding, first);
  return { model: first, source: "context", ...(qs ? { qs } : {}) };
}

/**
 * The union of the QuerySets the rows every caller passes come from, when all callers are in this
 * file (a caller in another module hands over a row of unknown loading) and each passes a row of
 * `model` with a known QuerySet. Annotated parameters (`endpoint: Endpoint`) too: the annotation names
 * the model, the callers say how it was loaded.
 */
export function callerLoading(s: FileState, binding: Binding, model: { qualifiedName: string }): QuerySetInfo | undefined {
  const found = fromCallers(
    s,
    binding,
    (arg) => {
      // prefetch_related_objects() may have loaded relations on the caller's rows: their loading is unknown.
      if ((s.facts.contextOf(arg).function?.text ?? s.file.text).includes("prefetch_related_objects")) return null;
      const inst = s.facts.instanceOf(arg) ?? singleObject(s, arg);
      // `null` (not undefined): a row of unknown loading ends the search without typing it.
      return inst?.qs && inst.model.qualifiedName === model.qualifiedName ? inst.qs : null;
    },
    undefined,
    true,
  );
  return found && found.every((q): q is QuerySetInfo => q !== null) ? unionOf(found) : undefined;
}

/** The QuerySet every caller passes for the parameter (their union). */
export function callerQuerySet(s: FileState, binding: Binding): QuerySetInfo | undefined {
  return unionOf(fromCallers(s, binding, (arg) => s.facts.querySetOf(arg)));
}

/** The QuerySet whose rows every caller passes (`list(qs)`, a QuerySet), for iteration only. */
export function callerRows(s: FileState, binding: Binding, rowsOf: (arg: SyntaxNode) => QuerySetInfo | undefined): QuerySetInfo | undefined {
  return unionOf(fromCallers(s, binding, rowsOf));
}

function unionOf(found: QuerySetInfo[] | undefined): QuerySetInfo | undefined {
  const first = found?.[0];
  if (!found || !first) return undefined;
  for (const other of found) {
    if (other.model.qualifiedName !== first.model.qualifiedName || other.root !== first.root) return undefined;
    if ((first.via || other.via) && other.rootNode.text !== first.rootNode.text) return undefined;
  }
  if (found.length === 1) return first;
  const sliced = found.some((q) => q.sliced);
  const branches = found.reduce((n, q) => n + (q.branches ?? 1), 0);
  return { ...first, calls: found.flatMap((q) => q.calls), definitions: found.flatMap((q) => q.definitions), ...(sliced ? { sliced: true } : {}), branches };
}

/**
 * What `read` says of the argument at every call of the parameter's function, and `readRemote` at its
 * calls from other modules; undefined when any is unknown (or there are remote calls and no `readRemote`).
 */
function fromCallers<T>(s: FileState, binding: Binding, read: (arg: SyntaxNode) => T | undefined, readRemote?: (call: CallerCall, slot: Slot) => T | undefined, annotated = false): T[] | undefined {
  if (binding.kind !== "param" || (binding.annotation && !annotated)) return undefined;
  if (binding.node.type !== (binding.annotation ? "typed_parameter" : "identifier")) return undefined;
  const slot = slotOf(s, binding);
  if (!slot) return undefined;
  const calls = callSites(s).get(slot.fn.id) ?? [];
  const remote = escapedByFile.get(s)?.has(slot.fn.id) ? undefined : remoteCallsOf(s, slot.fn);
  if (remote === undefined || calls.length + remote.length === 0 || inProgress.has(slot.fn.id)) return undefined;
  if (remote.length > 0 && !readRemote) return undefined;
  inProgress.add(slot.fn.id);
  try {
    const out: T[] = [];
    for (const call of calls) {
      const arg = argumentFor(call, slot);
      const value = arg ? read(arg) : undefined;
      if (value === undefined) return undefined;
      out.push(value);
    }
    for (const call of remote) {
      const value = readRemote!(call, slot);
      if (value === undefined) return undefined;
      out.push(value);
    }
    return out;
  } finally {
    inProgress.delete(slot.fn.id);
  }
}

/**
 * The function's calls from other modules: none for a nested function or a method (their callers are
 * all in the file, or unknown), the index's list for a module-level function it knows every caller of,
 * undefined (unknown) for a public one it does not. A private one it does not know keeps the file's
 * calls only, as before the callers index (`_name` is "not for other modules").
 */
function remoteCallsOf(s: FileState, fn: SyntaxNode): readonly CallerCall[] | undefined {
  const known = remoteCalls(s.index, s.file.module, fn);
  if (known) return known;
  return callersAllVisible(s, fn) ? [] : undefined;
}

function argumentFor(call: SyntaxNode, slot: Slot): SyntaxNode | undefined {
  const args = call.childForFieldName("arguments");
  if (!args || args.type !== "argument_list" || hasSplat(args)) return undefined;
  const named = keywordArg(args, slot.name);
  if (named) return named;
  return slot.position === undefined ? undefined : positionalArgs(args)[slot.position];
}

/** The parameter's function and position, when the function is one whose callers are all in the file. */
function slotOf(s: FileState, binding: Binding): Slot | undefined {
  const params = binding.node.parent;
  const fn = params?.parent;
  if (params?.type !== "parameters" || fn?.type !== "function_definition" || !callersKnown(s, fn)) return undefined;
  const shift = isMethod(fn) && !hasDecorator(fn, "staticmethod") ? 1 : 0;
  let position: number | undefined = 0;
  for (const p of params.namedChildren) {
    if (p.type === "comment" || p.type === "positional_separator") continue;
    if (sameNode(p, binding.node)) {
      const at = position === undefined ? undefined : position - shift;
      return { fn, name: binding.name, ...(at !== undefined && at >= 0 ? { position: at } : {}) };
    }
    // After `*` or `*args` every parameter is keyword-only.
    if (p.type === "keyword_separator" || p.type === "list_splat_pattern") position = undefined;
    else if (position !== undefined) position++;
  }
  return undefined;
}

/**
 * A nested function, or a private module-level function or method, with no decorator but staticmethod
 * / classmethod (a decorator may call it with other arguments, or register it for a framework to call).
 */
export function callersAllVisible(s: FileState, fn: SyntaxNode): boolean {
  const name = fn.childForFieldName("name")?.text ?? "";
  if (decoratorsOf(fn).some((d) => !["staticmethod", "classmethod"].includes(decoratorTarget(d)?.text ?? ""))) return false;
  const scope = s.scopes.scopeOf(fn);
  if (scope.type === "function_definition") return true;
  const isPrivate = name.startsWith("_") && !(name.startsWith("__") && name.endsWith("__"));
  return isPrivate && (scope.type === "module" || isMethod(fn));
}

/** Callers all in the file (`callersAllVisible`), or a module-level function whose callers the index knows. */
export function callersKnown(s: FileState, fn: SyntaxNode): boolean {
  return callersAllVisible(s, fn) || remoteCalls(s.index, s.file.module, fn) !== undefined;
}

function isMethod(fn: SyntaxNode): boolean {
  return classOfMethod(fn) !== undefined;
}

function hasDecorator(fn: SyntaxNode, name: string): boolean {
  return decoratorsOf(fn).some((d) => decoratorTarget(d)?.text === name);
}

/**
 * The calls of each function whose callers are all visible, by the function's node id; a function
 * whose name is mentioned anywhere else in the file (not as such a call) is left out. Read once per file.
 */
function callSites(s: FileState): ReadonlyMap<number, SyntaxNode[]> {
  let sites = sitesByFile.get(s);
  if (sites) return sites;
  sites = new Map();
  const candidates = new Map<string, SyntaxNode[]>();
  for (const fn of s.nodes.get("function_definition")) {
    const name = fn.childForFieldName("name")?.text;
    if (!name || !callersKnown(s, fn)) continue;
    const list = candidates.get(name);
    if (list) list.push(fn);
    else candidates.set(name, [fn]);
  }
  if (candidates.size > 0) {
    const callees = new Set<number>();
    const calleeCount = new Map<string, number>();
    for (const call of s.nodes.get("call")) {
      const callee = call.childForFieldName("function");
      const name = callee?.type === "identifier" ? callee.text : callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : undefined;
      if (!name || !candidates.has(name)) continue;
      const target = calledFunction(s, call);
      if (!target || !candidates.get(name)!.some((fn) => sameNode(fn, target))) continue;
      const list = sites.get(target.id);
      if (list) list.push(call);
      else sites.set(target.id, [call]);
      const nameNode = callee!.type === "attribute" ? callee!.childForFieldName("attribute") : callee;
      if (nameNode) callees.add(nameNode.startIndex);
      calleeCount.set(name, (calleeCount.get(name) ?? 0) + 1);
    }
    // Every mention of a candidate but its own name must be one of those calls: a bare name bound to
    // the definition, or (for a method) any `x.name`. The source text answers most files without
    // walking every identifier: when the name occurs as a word exactly as often as it is defined and
    // called, there is no other mention.
    const source = s.file.text;
    const unsure = sites.size > 0 && [...candidates].some(([name, fns]) => {
      if (!fns.some((fn) => sites.has(fn.id))) return false;
      const words = source.match(new RegExp(`(?<!\\w)${name}(?!\\w)`, "g"))?.length ?? 0;
      return words !== fns.length + (calleeCount.get(name) ?? 0);
    });
    const escaped = new Set<number>();
    for (const id of unsure ? s.file.tree.rootNode.descendantsOfType("identifier") : []) {
      const fns = candidates.get(id.text);
      if (!fns || callees.has(id.startIndex)) continue;
      const parent = id.parent;
      if (parent?.type === "function_definition" && sameNode(parent.childForFieldName("name"), id)) continue;
      if (parent?.type === "keyword_argument" && sameNode(parent.childForFieldName("name"), id)) continue;
      if (parent?.type === "attribute" && sameNode(parent.childForFieldName("attribute"), id)) {
        for (const fn of fns) if (isMethod(fn)) escaped.add(fn.id);
        continue;
      }
      const bound = s.scopes.lookup(id)?.bindings ?? [];
      for (const fn of fns) if (bound.some((b) => b.kind === "def" && sameNode(b.node, fn))) escaped.add(fn.id);
    }
    for (const id of escaped) sites.delete(id);
    escapedByFile.set(s, escaped);
  }
  sitesByFile.set(s, sites);
  return sites;
}

const sitesByFile = new WeakMap<FileState, Map<number, SyntaxNode[]>>();
/** Candidates mentioned in the file other than as a call of theirs (read with `callSites`). */
const escapedByFile = new WeakMap<FileState, Set<number>>();
