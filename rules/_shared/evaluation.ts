/**
 * Where Python evaluates a value that might be a QuerySet: truth tests, `len()`/`list()`-style calls,
 * iteration, indexing, and `.method()` calls. Shared by DJP103 (queries in loops) and DJP105
 * (python-side count/exists). Syntax only: the rules ask `ctx.django.querySetOf` whether it is a QS.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";

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
  const args = node.childForFieldName("arguments");
  if (fn?.type !== "attribute" || !args || args.type !== "argument_list") return undefined;
  const object = fn.childForFieldName("object");
  const name = fn.childForFieldName("attribute");
  if (!object || !name) return undefined;
  return { call: node, object, name: name.text, args };
}

/** Every `obj.<name>(...)` call in the tree whose name is in `names`. */
export function methodCallsNamed(root: SyntaxNode, names: ReadonlySet<string>): MethodCall[] {
  const out: MethodCall[] = [];
  for (const call of root.descendantsOfType("call")) {
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

/** Conditions whose value only matters as true/false. */
function truthPositions(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const add = (n: SyntaxNode | null | undefined): void => {
    if (n) out.push(n);
  };
  for (const n of root.descendantsOfType(["if_statement", "elif_clause", "while_statement"])) add(n.childForFieldName("condition"));
  for (const n of root.descendantsOfType("conditional_expression")) add(n.namedChildren[1]);
  for (const n of root.descendantsOfType("not_operator")) add(n.childForFieldName("argument"));
  for (const n of root.descendantsOfType("assert_statement")) add(n.namedChildren[0]);
  for (const n of root.descendantsOfType("if_clause")) add(n.namedChildren[0]);
  for (const n of root.descendantsOfType("call")) add(soleArgumentOfBuiltin(n, BOOL));
  return out;
}

const BOOL = new Set(["bool"]);

/**
 * Expressions whose truthiness is all that is used: conditions, `not x`, `bool(x)`, and the operands
 * of `and`/`or` that sit in such a position. `not` operands are listed once (as the operand).
 */
export function truthTestedExpressions(root: SyntaxNode): SyntaxNode[] {
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
  for (const position of truthPositions(root)) visit(position);
  return [...out.values()];
}

/** Builtins that evaluate their iterable argument completely. */
const EVALUATING_BUILTINS = new Set(["list", "tuple", "set", "frozenset", "sorted", "len", "any", "all", "sum", "max", "min", "dict"]);

export type EvaluationKind = "iterated" | "converted" | "truth" | "indexed";

export interface EvaluationSite {
  node: SyntaxNode;
  kind: EvaluationKind;
}

/**
 * Expressions Python evaluates as a collection: iterated by a `for`/comprehension, passed to
 * `list()`/`len()`/…, truth-tested, or indexed with a non-slice (`qs[0]`). Whether the value is a
 * QuerySet is for the caller to prove.
 */
export function collectionEvaluationSites(root: SyntaxNode): EvaluationSite[] {
  const sites: EvaluationSite[] = [];
  for (const loop of root.descendantsOfType(["for_statement", "for_in_clause"])) {
    const it = loop.childForFieldName("right");
    if (it) sites.push({ node: unparenthesize(it), kind: "iterated" });
  }
  for (const call of root.descendantsOfType("call")) {
    const arg = soleArgumentOfBuiltin(call, EVALUATING_BUILTINS);
    if (arg) sites.push({ node: unparenthesize(arg), kind: "converted" });
  }
  for (const node of truthTestedExpressions(root)) sites.push({ node, kind: "truth" });
  for (const sub of root.descendantsOfType("subscript")) {
    const index = sub.childForFieldName("subscript");
    const value = sub.childForFieldName("value");
    if (value && index && index.type !== "slice") sites.push({ node: value, kind: "indexed" });
  }
  return sites;
}
