/**
 * Methods that return a QuerySet, summarised when the index reads a class: custom manager and QuerySet
 * methods (`def active(self): return self.filter(is_active=True)`), model classmethods
 * (`return cls.objects.filter(org=org)`), model methods over a relation of the row
 * (`return self.syncevent_set.filter(...)`) and methods returning another model's rows
 * (`return Order.objects.filter(customer=self)`).
 *
 * Every `return` must hand back a chain of QuerySet methods on the same root, directly or through
 * local names (`qs = self.filter(...)`, `qs = qs.exclude(...)`, `return qs`). The summary is the
 * union of the returns: their methods, the paths they eager-load and the fields their filters name,
 * so a `select_related`, `only()` or `filter(pk=…)` in any return keeps the rules quiet. A chain that
 * ends in `values()` (rows are not instances) or starts anywhere else is not summarised.
 */
import type { SyntaxNode } from "../parser.js";
import { stringValue } from "./expr.js";

/** Methods that return a QuerySet of the same rows (or dicts/tuples for values*). */
export const QUERYSET_METHODS: ReadonlySet<string> = new Set([
  "all",
  "filter",
  "exclude",
  "complex_filter",
  "order_by",
  "select_related",
  "prefetch_related",
  "annotate",
  "alias",
  "distinct",
  "only",
  "defer",
  "values",
  "values_list",
  "using",
  "select_for_update",
  "reverse",
  "none",
  "union",
  "intersection",
  "difference",
  "extra",
  "fetch_mode",
  // Not a QuerySet, but iterating it yields the same instances, which is what loops care about.
  "iterator",
]);

/** Methods after which rows are no longer model instances (or the chain is not a plain QuerySet). */
const NOT_INSTANCES = new Set(["values", "values_list", "iterator"]);

/** Where the returned chain starts. */
export type ChainRoot =
  /** `self`, `self.get_queryset()`, `super().get_queryset()`, `self.all()`: the manager's or QuerySet's own rows. */
  | { k: "self" }
  /** `cls.<attr>` in a classmethod: a manager of the model the method is called on. */
  | { k: "cls"; attr: string }
  /** `self.<attr>` in an instance method: a related manager of the row. */
  | { k: "self-attr"; attr: string }
  /** `Name.<attr>` (`Order.objects`): a named class's manager, resolved by the index. */
  | { k: "name"; dotted: string; attr: string };

export interface ReturnedChain {
  root: ChainRoot;
  /** How the method is bound: called on an instance (manager, QuerySet, row) or on the class. */
  binding: "instance" | "class" | "static";
  /** QuerySet methods applied after the root, over every return, in source order per return. */
  methods: string[];
  /** select_related / prefetch_related literal paths of every return. */
  loads: string[];
  /** `select_related()` without arguments in some return. */
  selectsAll: boolean;
  /** Keyword names of the filter() calls (`customer`, `pk`, `status__in`). */
  filterKeys: string[];
  /** Some argument of select_related / prefetch_related / only / defer was not a literal. */
  unknownArgs: boolean;
}

const MAX_FOLLOW = 6;

/** The summary of a method whose every return is a QuerySet chain on one root, else undefined. */
export function returnedChainOf(def: SyntaxNode, decorators: readonly string[]): ReturnedChain | undefined {
  const body = def.childForFieldName("body");
  const first = def.childForFieldName("parameters")?.namedChildren[0];
  if (!body) return undefined;
  const binding = decorators.includes("staticmethod") ? "static" : decorators.includes("classmethod") ? "class" : "instance";
  const selfName = binding !== "static" && first?.type === "identifier" ? first.text : undefined;
  const returns = returnsOf(body);
  if (returns.length === 0) return undefined;
  const params = new Set((def.childForFieldName("parameters")?.namedChildren ?? []).flatMap((p) => identifiersIn(p)).map((id) => id.text));
  const bindings = localBindings(body);
  const cx: Context = { selfName, binding, assigns: bindings, params };
  const walks: Walk[] = [];
  for (const ret of returns) {
    const value = ret.namedChildren[0];
    if (!value) return undefined;
    // One path, through names bound once (refinements of themselves aside) by plain assignments.
    const read = readReturnedValue(value, bindings, selfName !== undefined && binding === "instance" ? new Set([selfName]) : new Set());
    const path = !read.branched && !read.opaque && read.paths.length === 1 ? read.paths[0] : undefined;
    const walk = path && walkOf(path, cx);
    if (!walk) return undefined;
    walks.push(walk);
  }
  const root = walks[0]?.root;
  if (!root || walks.some((w) => JSON.stringify(w.root) !== JSON.stringify(root))) return undefined;
  const summary: ReturnedChain = { root, binding, methods: [], loads: [], selectsAll: false, filterKeys: [], unknownArgs: false };
  for (const { method, args } of walks.flatMap((w) => w.calls)) {
    if (NOT_INSTANCES.has(method)) return undefined;
    summary.methods.push(method);
    const list = args?.namedChildren.filter((a) => a.type !== "comment") ?? [];
    if (method === "select_related" || method === "prefetch_related" || method === "only" || method === "defer") {
      if (method === "select_related" && list.length === 0) summary.selectsAll = true;
      for (const arg of list) {
        const literal = stringValue(arg);
        if (literal !== undefined && (method === "select_related" || method === "prefetch_related")) summary.loads.push(literal);
        else if (literal === undefined) summary.unknownArgs = true;
      }
    }
    if (method === "filter") {
      for (const arg of list) if (arg.type === "keyword_argument") summary.filterKeys.push(arg.childForFieldName("name")?.text ?? "");
    }
  }
  return summary;
}

interface Walk {
  root: ChainRoot;
  calls: ChainCall[];
}

interface Context {
  selfName: string | undefined;
  binding: ReturnedChain["binding"];
  assigns: ReadonlyMap<string, readonly LocalBinding[]>;
  params: ReadonlySet<string>;
}

/** A path as a manager/QuerySet summary reads it: a root it knows and QuerySet methods only. */
function walkOf(path: ReturnPath, cx: Context): Walk | undefined {
  const [first, ...rest] = path.calls;
  if (first?.method === "get_queryset" && (first.args?.namedChildren.length ?? 0) === 0 && isSelfOrSuper(first.receiver, cx)) {
    return rest.every((c) => QUERYSET_METHODS.has(c.method)) ? { root: { k: "self" }, calls: rest } : undefined;
  }
  const { base } = path;
  const root: ChainRoot | undefined =
    base.type === "identifier" && base.text === cx.selfName && cx.binding === "instance" ? { k: "self" } : base.type === "attribute" ? attributeRoot(base, cx) : undefined;
  return root && path.calls.every((c) => QUERYSET_METHODS.has(c.method)) ? { root, calls: path.calls } : undefined;
}

/** One method call of a chain: `.method(args)` on `receiver`. */
export interface ChainCall {
  method: string;
  /** The call node (`qs.filter(a=1)`). */
  call: SyntaxNode;
  args: SyntaxNode | null;
  receiver: SyntaxNode;
}

/** Where a returned value's method calls start (`base`: not a method call) and the calls, innermost first. */
export interface ReturnPath {
  base: SyntaxNode;
  calls: ChainCall[];
}

/**
 * The chains a returned expression may be, read back through local names: `qs = Order.objects.all()`,
 * `qs = qs.filter(...)` (a refinement of itself: its calls follow the base's), `return qs.distinct()`.
 * This is the one reader of returned chains: the manager/QuerySet method summaries above and the DRF
 * view summaries (drf/method-facts.ts) interpret its paths each their own way.
 */
export interface ReturnedValue {
  /** One path per binding the value may come from (a name bound in two branches gives two). */
  paths: ReturnPath[];
  /** A local name on the way has more than one base binding. */
  branched: boolean;
  /** A local name on the way is also bound some other way (a loop, a tuple, `|=`), or was followed too deep. */
  opaque: boolean;
}

/** How a function body binds a local name. */
export interface LocalBinding {
  /** `name = value`, `name |= value` (value: its right side), or anything else (value: the statement). */
  kind: "assign" | "augmented" | "other";
  value: SyntaxNode;
}

/**
 * Reads one returned expression. Names in `stop` (the method's `self`) are where a chain starts; other
 * names are followed through their plain and augmented bindings (each base binding gives its own
 * path, each binding at most once), names with no such binding are where their chain starts.
 */
export function readReturnedValue(value: SyntaxNode, bindings: ReadonlyMap<string, readonly LocalBinding[]>, stop: ReadonlySet<string>): ReturnedValue {
  const out: ReturnedValue = { paths: [], branched: false, opaque: false };
  const seen = new Set<number>();
  const walk = (start: SyntaxNode, after: readonly ChainCall[], follows: number): void => {
    const outer = peel(start);
    if (!outer) return;
    const calls = [...outer.calls, ...after];
    const node = outer.base;
    // `(a if test else b).filter(...)`: either value, each a path of its own.
    if (node.type === "conditional_expression" && follows < MAX_FOLLOW) {
      out.branched = true;
      const [whenTrue, , whenFalse] = node.namedChildren.filter((c) => c.type !== "comment");
      for (const branch of [whenTrue, whenFalse]) if (branch) walk(branch, calls, follows + 1);
      return;
    }
    const list = node.type === "identifier" && !stop.has(node.text) ? (bindings.get(node.text) ?? []) : [];
    if (list.some((b) => b.kind !== "assign")) out.opaque = true;
    const followable = list.filter((b) => b.kind !== "other");
    if (followable.length === 0 || follows >= MAX_FOLLOW) {
      if (followable.length > 0) out.opaque = true;
      out.paths.push({ base: node, calls });
      return;
    }
    // `qs = qs.filter(...)`: its calls apply after whichever base binding the name had.
    const refinements: ChainCall[] = [];
    const bases: LocalBinding[] = [];
    for (const b of followable) {
      const own = b.kind === "assign" ? peel(b.value) : undefined;
      if (own && own.calls.length > 0 && own.base.type === "identifier" && own.base.text === node.text) refinements.push(...own.calls);
      else bases.push(b);
    }
    if (bases.length > 1) out.branched = true;
    for (const b of bases) {
      if (seen.has(b.value.id)) continue;
      seen.add(b.value.id);
      walk(b.value, [...refinements, ...calls], follows + 1);
    }
  };
  walk(value, [], 0);
  return out;
}

/** `X.objects.filter(a=1).distinct()` → base `X.objects`, calls innermost first; undefined for `()`. */
function peel(start: SyntaxNode): ReturnPath | undefined {
  const calls: ChainCall[] = [];
  let node = start;
  for (;;) {
    if (node.type === "parenthesized_expression") {
      const inner = node.namedChildren[0];
      if (!inner) return undefined;
      node = inner;
      continue;
    }
    const fn = node.type === "call" ? node.childForFieldName("function") : null;
    const receiver = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
    if (!fn || !receiver) break;
    calls.push({ method: fn.childForFieldName("attribute")?.text ?? "", call: node, args: node.childForFieldName("arguments"), receiver });
    node = receiver;
  }
  return { base: node, calls: calls.reverse() };
}

/** `cls.objects` (classmethod), `self.items` (instance method), `Order.objects` (any). */
function attributeRoot(node: SyntaxNode, cx: Context): ChainRoot | undefined {
  const object = node.childForFieldName("object");
  const attr = node.childForFieldName("attribute")?.text;
  if (!object || !attr) return undefined;
  if (object.type === "identifier" && object.text === cx.selfName) {
    return cx.binding === "class" ? { k: "cls", attr } : { k: "self-attr", attr };
  }
  const parts: string[] = [];
  let n: SyntaxNode | null = object;
  while (n?.type === "attribute") {
    parts.unshift(n.childForFieldName("attribute")?.text ?? "");
    n = n.childForFieldName("object");
  }
  if (n?.type !== "identifier" || cx.params.has(n.text) || cx.assigns.has(n.text)) return undefined;
  return { k: "name", dotted: [n.text, ...parts].join("."), attr };
}

function isSelfOrSuper(receiver: SyntaxNode, cx: Context): boolean {
  if (receiver.type === "identifier") return receiver.text === cx.selfName && cx.binding === "instance";
  return receiver.type === "call" && receiver.childForFieldName("function")?.text === "super";
}

/** Return statements of this function, not of functions or classes nested in it. */
export function returnsOf(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      if (child.type === "return_statement") out.push(child);
      else visit(child);
    }
  };
  visit(body);
  return out;
}

/** Every binding of a name in the function body, nested blocks included, nested functions and classes not. */
export function localBindings(body: SyntaxNode): Map<string, LocalBinding[]> {
  const out = new Map<string, LocalBinding[]>();
  const add = (name: string, binding: LocalBinding): void => void out.set(name, [...(out.get(name) ?? []), binding]);
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      if (child.type === "assignment" || child.type === "augmented_assignment" || child.type === "for_statement") {
        const left = child.childForFieldName("left");
        const right = child.childForFieldName("right");
        const kind = child.type === "assignment" ? "assign" : "augmented";
        if (left?.type === "identifier" && right && child.type !== "for_statement") add(left.text, { kind, value: right });
        // Any other binding of a name (a tuple target, a loop variable) holds something unknown: the statement stands for it.
        else if (left) for (const id of identifiersIn(left)) add(id.text, { kind: "other", value: child });
      }
      visit(child);
    }
  };
  visit(body);
  return out;
}

/** Every `name = <expr>` in the function body (anything else binding the name: the statement), nested functions and classes not. */
export function localAssignments(body: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  for (const [name, list] of localBindings(body)) out.set(name, list.map((b) => (b.kind === "assign" ? b.value : (b.value.parent?.type === "augmented_assignment" ? b.value.parent : b.value))));
  return out;
}

function identifiersIn(node: SyntaxNode): SyntaxNode[] {
  return node.type === "identifier" ? [node] : node.descendantsOfType("identifier");
}
