/**
 * Where Python evaluates a value that might be a QuerySet: truth tests, `len()`/`list()`-style calls,
 * iteration, indexing, and `.method()` calls. Shared by DJP103 (queries in loops) and DJP105
 * (python-side count/exists). Syntax only: the rules ask `ctx.django.querySetOf` whether it is a QS.
 */
import type { SyntaxNode } from "../parser.js";
import type { DjangoFacts } from "./types.js";

/**
 * Where node lists come from: the file's facts (`nodesOfType`, one cached traversal per type shared by
 * every rule), or a subtree walked afresh.
 */
export type NodeSource = SyntaxNode | Pick<DjangoFacts, "nodesOfType">;

function nodesIn(source: NodeSource, types: string | readonly string[]): readonly SyntaxNode[] {
  if ("nodesOfType" in source) return source.nodesOfType(types);
  return source.descendantsOfType(typeof types === "string" ? types : [...types]);
}

// Answers per node object (tree-sitter hands out one object per live node, and the facts' node lists
// keep them alive for the file's analysis): rules ask about the same calls again and again, and each
// question crosses into native code several times.
const methodCalls = new WeakMap<SyntaxNode, MethodCall | null>();
const bareCallees = new WeakMap<SyntaxNode, string>();
const truthTested = new WeakMap<object, readonly SyntaxNode[]>();

export interface MethodCall {
  call: SyntaxNode;
  /** `qs` in `qs.count()`. */
  object: SyntaxNode;
  name: string;
  args: SyntaxNode;
}

/** `obj.name(args)` split into parts, or undefined for any other node. */
export function methodCallOf(node: SyntaxNode): MethodCall | undefined {
  let known = methodCalls.get(node);
  if (known === undefined) {
    known = readMethodCall(node) ?? null;
    methodCalls.set(node, known);
  }
  return known ?? undefined;
}

function readMethodCall(node: SyntaxNode): MethodCall | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  const args = node.childForFieldName("arguments");
  if (fn?.type !== "attribute" || !args || args.type !== "argument_list") return undefined;
  const object = fn.childForFieldName("object");
  const name = fn.childForFieldName("attribute");
  if (!object || !name) return undefined;
  return { call: node, object, name: name.text, args };
}

/** Every `obj.<name>(...)` call in the tree whose name is in `names`. */
export function methodCallsNamed(source: NodeSource, names: ReadonlySet<string>): MethodCall[] {
  const out: MethodCall[] = [];
  for (const call of nodesIn(source, "call")) {
    const m = methodCallOf(call);
    if (m && names.has(m.name)) out.push(m);
  }
  return out;
}

/** The only positional argument of a call to the builtin `name(...)`, e.g. `len(x)` → x. */
export function soleArgumentOfBuiltin(call: SyntaxNode, names: ReadonlySet<string>): SyntaxNode | undefined {
  const callee = bareCalleeOf(call);
  if (callee === "" || !names.has(callee)) return undefined;
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return undefined;
  const named = args.namedChildren.filter((c) => c.type !== "comment");
  if (named.length !== 1) return undefined;
  const arg = named[0] as SyntaxNode;
  return arg.type === "keyword_argument" || arg.type === "list_splat" || arg.type === "dictionary_splat" ? undefined : arg;
}

/** `f` for a call `f(...)` of a bare name; "" for any other node. */
function bareCalleeOf(node: SyntaxNode): string {
  let name = bareCallees.get(node);
  if (name === undefined) {
    const fn = node.type === "call" ? node.childForFieldName("function") : null;
    name = fn?.type === "identifier" ? fn.text : "";
    bareCallees.set(node, name);
  }
  return name;
}

function unparenthesize(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === "parenthesized_expression" && n.namedChildren.length === 1) n = n.namedChildren[0] as SyntaxNode;
  return n;
}

/** Statements and expressions that hold a truth position, grouped in the order positions are listed. */
const TRUTH_HOLDERS: readonly (readonly string[])[] = [
  ["if_statement", "elif_clause", "while_statement"],
  ["conditional_expression"],
  ["not_operator"],
  ["assert_statement"],
  ["if_clause"],
];
const TRUTH_HOLDER_TYPES = TRUTH_HOLDERS.flat();

/** Conditions whose value only matters as true/false. */
function truthPositions(source: NodeSource): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const add = (n: SyntaxNode | null | undefined): void => {
    if (n) out.push(n);
  };
  // One traversal for every holder type, then grouped (each group keeps source order).
  const holders = nodesIn(source, TRUTH_HOLDER_TYPES).map((node) => ({ node, type: node.type }));
  const ofGroup = (i: number): SyntaxNode[] => holders.filter((h) => TRUTH_HOLDERS[i]!.includes(h.type)).map((h) => h.node);
  for (const n of ofGroup(0)) add(n.childForFieldName("condition"));
  for (const n of ofGroup(1)) add(n.namedChildren[1]);
  for (const n of ofGroup(2)) add(n.childForFieldName("argument"));
  for (const n of ofGroup(3)) add(n.namedChildren[0]);
  for (const n of ofGroup(4)) add(n.namedChildren[0]);
  for (const n of nodesIn(source, "call")) add(soleArgumentOfBuiltin(n, BOOL));
  return out;
}

const BOOL = new Set(["bool"]);

/**
 * Expressions whose truthiness is all that is used: conditions, `not x`, `bool(x)`, and the operands
 * of `and`/`or` that sit in such a position. `not` operands are listed once (as the operand).
 */
export function truthTestedExpressions(source: NodeSource): SyntaxNode[] {
  // DJP103 and DJP105 both ask for the file's list: computed once per facts object.
  const known = "nodesOfType" in source ? truthTested.get(source) : undefined;
  if (known) return [...known];
  const found = readTruthTested(source);
  if ("nodesOfType" in source) truthTested.set(source, found);
  return [...found];
}

function readTruthTested(source: NodeSource): SyntaxNode[] {
  const out = new Map<number, SyntaxNode>();
  const visit = (node: SyntaxNode): void => {
    const n = unparenthesize(node);
    if (n.type === "boolean_operator") {
      for (const side of ["left", "right"]) {
        const operand = n.childForFieldName(side);
        if (operand) visit(operand);
      }
      return;
    }
    if (n.type === "not_operator") return; // its operand is a truth position of its own
    out.set(n.startIndex * 4096 + (n.endIndex - n.startIndex), n);
  };
  for (const position of truthPositions(source)) visit(position);
  return [...out.values()];
}

/** Builtins that evaluate their iterable argument completely. */
const EVALUATING_BUILTINS = new Set(["list", "tuple", "set", "frozenset", "sorted", "len", "any", "all", "sum", "max", "min", "dict"]);

export type EvaluationKind = "iterated" | "converted" | "truth" | "indexed" | "membership";

export interface EvaluationSite {
  node: SyntaxNode;
  kind: EvaluationKind;
}

/**
 * Expressions Python evaluates as a collection: iterated by a `for`/comprehension, passed to
 * `list()`/`len()`/…, truth-tested, indexed with a non-slice (`qs[0]`), or the container of a
 * membership test (`x in qs`: a QuerySet has no `__contains__`, so Python iterates it). Whether the
 * value is a QuerySet is for the caller to prove.
 */
export function collectionEvaluationSites(source: NodeSource): EvaluationSite[] {
  const sites: EvaluationSite[] = [];
  for (const loop of nodesIn(source, ["for_statement", "for_in_clause"])) {
    const it = loop.childForFieldName("right");
    if (it) sites.push({ node: unparenthesize(it), kind: "iterated" });
  }
  for (const call of nodesIn(source, "call")) {
    const arg = soleArgumentOfBuiltin(call, EVALUATING_BUILTINS);
    if (arg) sites.push({ node: unparenthesize(arg), kind: "converted" });
  }
  for (const node of truthTestedExpressions(source)) sites.push({ node, kind: "truth" });
  for (const sub of nodesIn(source, "subscript")) {
    const index = sub.childForFieldName("subscript");
    const value = sub.childForFieldName("value");
    if (value && index && index.type !== "slice") sites.push({ node: value, kind: "indexed" });
  }
  for (const cmp of nodesIn(source, "comparison_operator")) {
    const children = cmp.children;
    children.forEach((op, i) => {
      const container = children[i + 1];
      if (!op.isNamed && (op.type === "in" || op.type === "not in") && container) sites.push({ node: unparenthesize(container), kind: "membership" });
    });
  }
  return sites;
}
