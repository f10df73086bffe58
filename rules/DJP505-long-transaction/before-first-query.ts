/**
 * A wait that comes before anything in the transaction touches the database. Django's `atomic()` only
 * turns autocommit off: the database driver sends `BEGIN` with the first query, so until then no
 * server transaction, row lock or snapshot exists (rotation set 9: a remote fetch as the first
 * statement of an `@transaction.atomic` import function). Proven only when nothing before the call
 * can query: the statements before it in the block only bind literals, settings, names, f-strings
 * and concatenations of those (a docstring, `url = "https://..."`), or log; the call's own arguments
 * are of the same kind; the call is a statement of the block itself (not in a loop or branch, whose
 * second pass follows queries); and the block is the outermost transaction in the file (a nested
 * `atomic()` opens a savepoint inside a transaction that may have queried). An attribute chain on an
 * object (`order.supplier.url`) may load a relation: not proven.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { AtomicBlock } from "../../src/analysis/django/transactions.js";
import { isWithin, unwrapParens } from "../../src/analysis/django/syntax.js";

/** Receivers of logging calls. */
const LOGGERS = /^(logger|log|logging|_logger|LOGGER|_log)\.\w+$/;

export function waitsBeforeFirstQuery(block: AtomicBlock, call: SyntaxNode, blocks: readonly AtomicBlock[]): boolean {
  if (blocks.some((other) => other !== block && isWithin(block.node, other.body))) return false;
  const statement = statementOf(call, block.body);
  if (!statement || !argumentsInert(call)) return false;
  if (!statementHoldsOnly(statement, call)) return false;
  for (const before of block.body.namedChildren) {
    if (before.id === statement.id) return true;
    if (!inertStatement(before)) return false;
  }
  return false;
}

/** The statement of the block's own body that holds the call. */
function statementOf(call: SyntaxNode, body: SyntaxNode): SyntaxNode | undefined {
  let node: SyntaxNode = call;
  while (node.parent && node.parent.id !== body.id) node = node.parent;
  return node.parent?.id === body.id ? node : undefined;
}

/** `resp = requests.get(url)` / `requests.post(url, json=payload)`: the call and nothing else that runs. */
function statementHoldsOnly(statement: SyntaxNode, call: SyntaxNode): boolean {
  if (statement.type !== "expression_statement") return false;
  const inner = statement.namedChildren[0];
  if (!inner) return false;
  if (inner.id === call.id) return true;
  if (inner.type !== "assignment") return false;
  const left = inner.childForFieldName("left");
  const right = inner.childForFieldName("right");
  return left?.type === "identifier" && right !== null && unwrapParens(right).id === call.id;
}

function argumentsInert(call: SyntaxNode): boolean {
  const args = call.childForFieldName("arguments");
  return !args || args.namedChildren.every((arg) => {
    const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : arg;
    return value !== null && inertValue(value);
  });
}

function inertStatement(statement: SyntaxNode): boolean {
  if (statement.type === "pass_statement" || statement.type === "comment") return true;
  if (statement.type !== "expression_statement") return false;
  const inner = statement.namedChildren[0];
  if (!inner) return true;
  if (inner.type === "string") return true;
  if (inner.type === "call") {
    const fn = inner.childForFieldName("function");
    return fn !== null && LOGGERS.test(fn.text) && argumentsInert(inner);
  }
  if (inner.type !== "assignment") return false;
  const left = inner.childForFieldName("left");
  const right = inner.childForFieldName("right");
  return left?.type === "identifier" && right !== null && inertValue(right);
}

/** Values whose evaluation cannot query: literals, names, `settings.X`, f-strings and operators over them. */
function inertValue(node: SyntaxNode): boolean {
  const n = unwrapParens(node);
  switch (n.type) {
    case "string":
      return n.namedChildren.every((c) => c.type !== "interpolation" || c.namedChildren.every((e) => e.type === "type_conversion" || e.type === "format_specifier" || inertValue(e)));
    case "integer":
    case "float":
    case "true":
    case "false":
    case "none":
    case "identifier":
    case "concatenated_string":
      return true;
    case "attribute":
      return n.childForFieldName("object")?.text === "settings";
    case "binary_operator":
      return [n.childForFieldName("left"), n.childForFieldName("right")].every((side) => side !== null && inertValue(side));
    case "list":
    case "tuple":
    case "dictionary":
    case "pair":
      return n.namedChildren.every((c) => c.type === "comment" || inertValue(c));
    default:
      return false;
  }
}
