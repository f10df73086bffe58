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
import { returnsOf } from "./eager.js";
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

interface Walk {
  root?: ChainRoot;
  calls: { method: string; args: SyntaxNode | null }[];
}

const MAX_FOLLOW = 4;

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
  const assigns = localAssignments(body);
  const walks: Walk[] = [];
  for (const ret of returns) {
    const value = ret.namedChildren[0];
    if (!value) return undefined;
    const walk = walkChain(value, { selfName, binding, assigns, params }, 0);
    if (!walk?.root) return undefined;
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

interface Context {
  selfName: string | undefined;
  binding: ReturnedChain["binding"];
  assigns: Map<string, SyntaxNode[]>;
  params: ReadonlySet<string>;
}

function walkChain(start: SyntaxNode, cx: Context, follows: number): Walk | undefined {
  // Calls are met outermost first; they are applied innermost first, which is also source order.
  const calls: Walk["calls"] = [];
  let node = start;
  for (;;) {
    if (node.type === "parenthesized_expression") {
      const inner = node.namedChildren[0];
      if (!inner) return undefined;
      node = inner;
      continue;
    }
    if (node.type === "identifier") {
      if (node.text === cx.selfName && cx.binding === "instance") return { root: { k: "self" }, calls: calls.reverse() };
      return followLocal(node.text, calls.reverse(), cx, follows);
    }
    if (node.type === "attribute") {
      const root = attributeRoot(node, cx);
      return root ? { root, calls: calls.reverse() } : undefined;
    }
    if (node.type !== "call") return undefined;
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute") return undefined;
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const receiver = fn.childForFieldName("object");
    if (!receiver) return undefined;
    const args = node.childForFieldName("arguments");
    if (method === "get_queryset" && (args?.namedChildren.length ?? 0) === 0 && isSelfOrSuper(receiver, cx)) {
      return { root: { k: "self" }, calls: calls.reverse() };
    }
    if (!QUERYSET_METHODS.has(method)) return undefined;
    calls.push({ method, args });
    node = receiver;
  }
}

/**
 * A local name: one base assignment and any number of refinements of itself (`qs = qs.filter(...)`).
 * The refinements' calls are added after the base's (the order among them does not matter here).
 */
function followLocal(name: string, after: Walk["calls"], cx: Context, follows: number): Walk | undefined {
  if (follows >= MAX_FOLLOW) return undefined;
  const values = cx.assigns.get(name) ?? [];
  let base: Walk | undefined;
  const refinements: Walk["calls"] = [];
  for (const value of values) {
    const refinement = refinementOf(value, name);
    if (refinement) {
      refinements.push(...refinement);
      continue;
    }
    if (base) return undefined;
    base = walkChain(value, cx, follows + 1);
    if (!base) return undefined;
  }
  return base && { root: base.root, calls: [...base.calls, ...refinements, ...after] } as Walk;
}

function refinementOf(value: SyntaxNode, name: string): Walk["calls"] | undefined {
  const calls: Walk["calls"] = [];
  let node = value;
  while (node.type === "call") {
    const fn = node.childForFieldName("function");
    const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    const receiver = fn?.childForFieldName("object");
    if (!method || !receiver || !QUERYSET_METHODS.has(method)) return undefined;
    calls.push({ method, args: node.childForFieldName("arguments") });
    node = receiver;
  }
  return node.type === "identifier" && node.text === name && calls.length > 0 ? calls.reverse() : undefined;
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

/** Every `name = <expr>` in the function body, nested blocks included, nested functions and classes not. */
export function localAssignments(body: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      if (child.type === "assignment") {
        const left = child.childForFieldName("left");
        const right = child.childForFieldName("right");
        if (left?.type === "identifier" && right) out.set(left.text, [...(out.get(left.text) ?? []), right]);
        // Any other binding of a name (a tuple target) holds something unknown: the statement stands for it.
        else if (left) for (const id of identifiersIn(left)) out.set(id.text, [...(out.get(id.text) ?? []), child]);
      } else if (child.type === "for_statement" || child.type === "augmented_assignment") {
        const left = child.childForFieldName("left");
        if (left) for (const id of identifiersIn(left)) out.set(id.text, [...(out.get(id.text) ?? []), child]);
      }
      visit(child);
    }
  };
  visit(body);
  return out;
}

function identifiersIn(node: SyntaxNode): SyntaxNode[] {
  return node.type === "identifier" ? [node] : node.descendantsOfType("identifier");
}
