/**
 * Loops whose length is fixed by the code: a literal collection of a few items, `range(3)`, a module
 * constant holding such a literal, or a `range(start, stop, step)` batch walk. A query or write per
 * iteration in such a loop costs a constant, not N (RULES.md DJP103 false positives).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";

/** Loops at or below this many literal items are not reported. */
export const SMALL_LITERAL_LIMIT = 5;

/** True when the loop walks a literal collection (or `range(k)`) of at most `limit` items. */
export function isSmallLiteralLoop(loop: LoopInfo, limit = SMALL_LITERAL_LIMIT): boolean {
  if (loop.kind === "while" || !loop.iterable) return false;
  const size = literalSize(loop.iterable, 0);
  return size !== undefined && size <= limit;
}

const SIZE_PRESERVING_CALLS = new Set(["enumerate", "reversed", "sorted", "list", "tuple", "set", "frozenset"]);
const DICT_VIEWS = new Set(["items", "keys", "values"]);

/** Number of items a literal iterable yields, or undefined when it is not provably literal. */
export function literalSize(node: SyntaxNode, depth: number): number | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case "parenthesized_expression": {
      const inner = node.namedChildren[0];
      return inner ? literalSize(inner, depth + 1) : undefined;
    }
    case "list":
    case "tuple":
    case "set":
      return node.namedChildren.some((c) => c.type === "list_splat" || c.type === "comment")
        ? undefined
        : node.namedChildren.length;
    case "dictionary":
      return node.namedChildren.every((c) => c.type === "pair") ? node.namedChildren.length : undefined;
    case "identifier":
      return moduleConstantSize(node, depth);
    case "call":
      return callSize(node, depth);
    default:
      return undefined;
  }
}

function callSize(call: SyntaxNode, depth: number): number | undefined {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  if (fn?.type === "identifier" && fn.text === "range") return rangeSize(args);
  if (fn?.type === "identifier" && SIZE_PRESERVING_CALLS.has(fn.text) && args[0] && args[0].type !== "keyword_argument") {
    return literalSize(args[0], depth + 1);
  }
  if (fn?.type === "attribute" && args.length === 0 && DICT_VIEWS.has(fn.childForFieldName("attribute")?.text ?? "")) {
    const obj = fn.childForFieldName("object");
    return obj ? literalSize(obj, depth + 1) : undefined;
  }
  return undefined;
}

function rangeSize(args: SyntaxNode[]): number | undefined {
  const ints = args.map((a) => (a.type === "integer" && /^\d+$/.test(a.text) ? Number(a.text) : undefined));
  if (ints.some((n) => n === undefined) || ints.length === 0 || ints.length > 3) return undefined;
  const [a, b, step] = ints.length === 1 ? [0, ints[0], 1] : [ints[0], ints[1], ints[2] ?? 1];
  if (a === undefined || b === undefined || step === undefined || step <= 0) return undefined;
  return Math.max(0, Math.ceil((b - a) / step));
}

/** `STATUSES = ("a", "b")` at module level, assigned exactly once: its literal size. */
function moduleConstantSize(id: SyntaxNode, depth: number): number | undefined {
  const module = id.tree.rootNode;
  let value: SyntaxNode | undefined;
  let count = 0;
  for (const stmt of module.namedChildren) {
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== "assignment" && assign?.type !== "augmented_assignment") continue;
    const left = assign.childForFieldName("left");
    if (left?.type === "identifier" && left.text === id.text) {
      count++;
      value = assign.childForFieldName("right") ?? undefined;
    }
  }
  return count === 1 && value ? literalSize(value, depth + 1) : undefined;
}

/** `range(start, stop, step)`: a loop that walks batches, each one query by design. */
export function isSteppedRangeLoop(loop: LoopInfo): boolean {
  const it = loop.iterable;
  if (it?.type !== "call") return false;
  const fn = it.childForFieldName("function");
  return fn?.type === "identifier" && fn.text === "range" && (it.childForFieldName("arguments")?.namedChildren.length ?? 0) === 3;
}
