/**
 * A loop that keeps every row it walks: each path through the body appends the row to a list made
 * before the loop (`to_update.append(obj)`, in `try` and in `except` alike), for a `bulk_update` or a
 * summary after it (rotation set 11: a backfill that collects every DomainInformation for one
 * bulk_update), or stores it in a dict made before the loop (`by_uuid[str(org.uuid)] = org`, rotation set 14: a
 * sync that indexes every existing row by its remote key before comparing). All rows are in memory when the loop ends whatever the QuerySet does, so
 * `.iterator()` would not lower the peak: DJP504's advice does not apply.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";
import { attributeName, enclosingFunction, unwrapParens } from "../../src/analysis/django/syntax.js";

const EXITS = new Set(["continue_statement", "break_statement", "return_statement", "raise_statement"]);
const APPENDS = new Set(["append", "add"]);

export function retainsEveryRow(loop: LoopInfo): boolean {
  const row = loop.targets.length === 1 ? loop.targets[0]!.name : undefined;
  const body = loop.node.childForFieldName("body");
  const fn = enclosingFunction(loop.node);
  if (!row || !body || !fn) return false;
  const lists = listsMadeBefore(fn, loop.node);
  return lists.size > 0 && blockRetains(body, row, lists) === "kept";
}

/** `name = []` / `name = set()` statements of the function before the loop. */
function listsMadeBefore(fn: SyntaxNode, loop: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const assignment of fn.descendantsOfType("assignment")) {
    if (assignment.startIndex >= loop.startIndex) break;
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    const value = right ? unwrapParens(right) : undefined;
    const empty =
      value?.type === "list" || value?.type === "dictionary" ? value.namedChildren.length === 0 : value?.type === "call" && /^(list|set|dict)\(\)$/.test(value.text);
    if (left?.type === "identifier" && empty) out.add(left.text);
  }
  return out;
}

type Outcome = "kept" | "open" | "left";

/** Walks a block's statements in order: "kept" once the row is appended, "left" when the path exits first, "open" otherwise. */
function blockRetains(block: SyntaxNode, row: string, lists: ReadonlySet<string>): Outcome {
  for (const stmt of block.namedChildren) {
    const outcome = statementRetains(stmt, row, lists);
    if (outcome !== "open") return outcome;
  }
  return "open";
}

function statementRetains(stmt: SyntaxNode, row: string, lists: ReadonlySet<string>): Outcome {
  if (EXITS.has(stmt.type)) return "left";
  if (stmt.type === "expression_statement") return appendsRow(stmt.namedChildren[0], row, lists) ? "kept" : "open";
  if (stmt.type === "if_statement") {
    const branches = [stmt.childForFieldName("consequence"), ...stmt.childrenForFieldName("alternative").map((a) => a.childForFieldName("body") ?? a.childForFieldName("consequence"))];
    const hasElse = stmt.childrenForFieldName("alternative").some((a) => a.type === "else_clause");
    const outcomes = branches.map((b) => (b ? blockRetains(b, row, lists) : "open"));
    if (hasElse && outcomes.every((o) => o === "kept")) return "kept";
    // A branch that leaves the iteration without keeping the row breaks "every row".
    return outcomes.some((o) => o === "left") ? "left" : "open";
  }
  if (stmt.type === "try_statement") {
    const body = blockRetains(stmt.childForFieldName("body")!, row, lists);
    const handlers = stmt.namedChildren.filter((c) => c.type === "except_clause").map((c) => blockRetains(c.namedChildren.find((n) => n.type === "block") ?? c, row, lists));
    if (body === "kept" && handlers.every((h) => h === "kept")) return "kept";
    return body === "left" || handlers.some((h) => h === "left") ? "left" : "open";
  }
  // Other compound statements (with, nested loops) may or may not run their body: look for exits only.
  return stmt.descendantsOfType([...EXITS]).some((e) => !nestedLoopExit(e, stmt)) ? "left" : "open";
}

/** A `continue` / `break` of a loop nested in the statement leaves that loop, not ours. */
function nestedLoopExit(exit: SyntaxNode, stmt: SyntaxNode): boolean {
  if (exit.type !== "continue_statement" && exit.type !== "break_statement") return false;
  for (let n = exit.parent; n && n.id !== stmt.id; n = n.parent) if (n.type === "for_statement" || n.type === "while_statement") return true;
  return stmt.type === "for_statement" || stmt.type === "while_statement";
}

/** `kept.append(row)` / `kept.add(row)` on a list made before the loop, or `by_key[row.code] = row` on a dict made before it. */
function appendsRow(expr: SyntaxNode | undefined, row: string, lists: ReadonlySet<string>): boolean {
  if (expr?.type === "assignment") {
    const left = expr.childForFieldName("left");
    const right = expr.childForFieldName("right");
    const target = left?.type === "subscript" ? left.childForFieldName("value") : undefined;
    return target?.type === "identifier" && lists.has(target.text) && right?.type === "identifier" && right.text === row;
  }
  if (expr?.type !== "call") return false;
  const fn = expr.childForFieldName("function");
  const arg = expr.childForFieldName("arguments")?.namedChildren[0];
  return fn?.type === "attribute" && APPENDS.has(attributeName(fn) ?? "") && lists.has(fn.childForFieldName("object")?.text ?? "") && arg?.type === "identifier" && arg.text === row;
}
