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

/**
 * What DJP103, DJP105 and the bulk rules all derive from the file's calls, worked out once per file.
 * Keyed by the facts' (cached, per-file) list of calls: one entry per file, gone with the file. (Not
 * keyed per node: a weak map with an entry per node keeps every node's tree alive far longer.)
 */
interface FileCalls {
  /**
   * Calls of an attribute (`x.name(…)`), with that name. The rest of `methodCallOf` is worked out only
   * for the names asked about (`parts`; null when the call is not a plain method call after all).
   */
  attributeCalls: { call: SyntaxNode; fn: SyntaxNode; name: string | undefined; parts?: MethodCall | null }[];
  /** Calls of a bare name (`len(x)`, `bool(x)`), with that name. */
  bareCalls: { call: SyntaxNode; callee: string }[];
  truthTested?: readonly SyntaxNode[];
}
const perFile = new WeakMap<readonly SyntaxNode[], FileCalls>();

function fileCalls(source: NodeSource): FileCalls | undefined {
  if (!("nodesOfType" in source)) return undefined;
  const calls = source.nodesOfType("call");
  let known = perFile.get(calls);
  if (!known) {
    known = { attributeCalls: [], bareCalls: [] };
    for (const call of calls) {
      const fn = call.childForFieldName("function");
      if (!fn) continue;
      const fnType = fn.type;
      if (fnType === "identifier") known.bareCalls.push({ call, callee: fn.text });
      else if (fnType === "attribute") known.attributeCalls.push({ call, fn, name: fn.childForFieldName("attribute")?.text });
    }
    perFile.set(calls, known);
  }
  return known;
}

/** Calls that may be `name(x)` for a name in `names`, in source order (every call when not known per file). */
function callsOfBuiltins(source: NodeSource, names: ReadonlySet<string>): readonly SyntaxNode[] {
  const known = fileCalls(source);
  return known ? known.bareCalls.filter((c) => names.has(c.callee)).map((c) => c.call) : nodesIn(source, "call");
}

export interface MethodCall {
  call: SyntaxNode;
  /** `qs` in `qs.count()`. */
  object: SyntaxNode;
  name: string;
  args: SyntaxNode;
}

/** `obj.name(args)` split into parts, or undefined for any other node. */
export function methodCallOf(node: SyntaxNode): MethodCall | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  return fn?.type === "attribute" ? methodCallParts(node, fn) : undefined;
}

/** The parts of a call whose function `fn` is an attribute. */
function methodCallParts(node: SyntaxNode, fn: SyntaxNode): MethodCall | undefined {
  const args = node.childForFieldName("arguments");
  if (!args || args.type !== "argument_list") return undefined;
  const object = fn.childForFieldName("object");
  const name = fn.childForFieldName("attribute");
  if (!object || !name) return undefined;
  return { call: node, object, name: name.text, args };
}

/** Every `obj.<name>(...)` call in the tree whose name is in `names`. */
export function methodCallsNamed(source: NodeSource, names: ReadonlySet<string>): MethodCall[] {
  const known = fileCalls(source);
  if (known) {
    const out: MethodCall[] = [];
    for (const c of known.attributeCalls) {
      if (c.name === undefined || !names.has(c.name)) continue;
      if (c.parts === undefined) c.parts = methodCallParts(c.call, c.fn) ?? null;
      if (c.parts) out.push(c.parts);
    }
    return out;
  }
  const out: MethodCall[] = [];
  for (const call of nodesIn(source, "call")) {
    const m = methodCallOf(call);
    if (m && names.has(m.name)) out.push(m);
  }
  return out;
}

/** The only positional argument of a call to the builtin `name(...)`, e.g. `len(x)` → x. */
export function soleArgumentOfBuiltin(call: SyntaxNode, names: ReadonlySet<string>): SyntaxNode | undefined {
  if (call.type !== "call") return undefined;
  const fn = call.childForFieldName("function");
  if (fn?.type !== "identifier" || !names.has(fn.text)) return undefined;
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return undefined;
  const named = args.namedChildren.filter((c) => c.type !== "comment");
  if (named.length !== 1) return undefined;
  const arg = named[0] as SyntaxNode;
  return arg.type === "keyword_argument" || arg.type === "list_splat" || arg.type === "dictionary_splat" ? undefined : arg;
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
  for (const n of callsOfBuiltins(source, BOOL)) add(soleArgumentOfBuiltin(n, BOOL));
  return out;
}

const BOOL = new Set(["bool"]);

/**
 * Expressions whose truthiness is all that is used: conditions, `not x`, `bool(x)`, and the operands
 * of `and`/`or` that sit in such a position. `not` operands are listed once (as the operand).
 */
export function truthTestedExpressions(source: NodeSource): SyntaxNode[] {
  // DJP103 and DJP105 both ask for the file's list: computed once per file.
  const known = fileCalls(source);
  if (!known) return readTruthTested(source);
  known.truthTested ??= readTruthTested(source);
  return [...known.truthTested];
}

function readTruthTested(source: NodeSource): SyntaxNode[] {
  const out = new Map<number, SyntaxNode>();
  // An explicit stack, left operand first: `a and b and …` nests one level per term, and a generated
  // 50,000-term condition would overflow the call stack of a recursive walk (issue 12).
  const stack: SyntaxNode[] = [...truthPositions(source)].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    const n = unparenthesize(node);
    if (n.type === "boolean_operator") {
      const right = n.childForFieldName("right");
      const left = n.childForFieldName("left");
      if (right) stack.push(right);
      if (left) stack.push(left);
      continue;
    }
    if (n.type === "not_operator") continue; // its operand is a truth position of its own
    out.set(n.startIndex * 4096 + (n.endIndex - n.startIndex), n);
  }
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
  for (const call of callsOfBuiltins(source, EVALUATING_BUILTINS)) {
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
