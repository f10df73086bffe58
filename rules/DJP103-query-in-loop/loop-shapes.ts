/**
 * Loop shapes where a query per iteration is the intended design (RULES.md DJP103 false positives):
 * search loops that stop at the first hit, and batch loops whose variable is itself a batch of keys.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";
import { containsNode, referencedNames, sameNode, statementOf, targetNames } from "../_shared/loop-scope.js";

const LOOPS = new Set(["for_statement", "while_statement"]);
const SCOPES = new Set(["function_definition", "lambda", "class_definition"]);

/**
 * The query's answer decides, right away, whether the loop ends: `if <query>: break/return`, or
 * `x = <query>` directly followed by `if x…: break/return`, or `if <query>: continue` directly
 * followed by `return`/`break` (first miss wins). Such loops usually stop after a few iterations.
 */
export function exitsOnHit(loop: LoopInfo, query: SyntaxNode): boolean {
  const stmt = statementOf(query);
  if (!stmt || !loop.body.some((b) => containsNode(b, stmt))) return false;
  // Inside a nested loop, `break`/`continue` act on that loop; only `return` still ends this one.
  const nested = loopBetween(stmt, loop.node);
  const exits = nested ? ["return_statement"] : ["break_statement", "return_statement"];
  if (stmt.type === "if_statement" && conditionsOf(stmt).some((c) => containsNode(c, query))) {
    return branchesLeave(stmt, exits) || (!nested && branchesLeave(stmt, ["continue_statement"]) && leaves(nextStatement(stmt)));
  }
  const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  const left = assign?.type === "assignment" ? assign.childForFieldName("left") : null;
  const right = assign?.childForFieldName("right");
  if (!left || !right || !containsNode(right, query)) return false;
  const names = new Set(targetNames(left));
  const next = nextStatement(stmt);
  if (next?.type !== "if_statement") return false;
  const tests = conditionsOf(next).some((c) => [...referencedNames(c)].some((n) => names.has(n)));
  return tests && branchesLeave(next, exits);
}

function loopBetween(stmt: SyntaxNode, loopNode: SyntaxNode): boolean {
  for (let n = stmt.parent; n && !sameNode(n, loopNode); n = n.parent) if (LOOPS.has(n.type)) return true;
  return false;
}

function conditionsOf(ifStmt: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const first = ifStmt.childForFieldName("condition");
  if (first) out.push(first);
  for (const clause of ifStmt.namedChildren) {
    const c = clause.type === "elif_clause" ? clause.childForFieldName("condition") : null;
    if (c) out.push(c);
  }
  return out;
}

/** Some branch of the if holds one of `kinds` that acts on the enclosing loop (not a nested loop's break). */
function branchesLeave(ifStmt: SyntaxNode, kinds: string[]): boolean {
  for (const exit of ifStmt.descendantsOfType(kinds)) {
    let ownLoop = true;
    for (let n = exit.parent; n && !sameNode(n, ifStmt); n = n.parent) {
      if (SCOPES.has(n.type) || (exit.type !== "return_statement" && LOOPS.has(n.type))) ownLoop = false;
    }
    if (ownLoop) return true;
  }
  return false;
}

function leaves(stmt: SyntaxNode | undefined): boolean {
  return stmt?.type === "return_statement" || stmt?.type === "break_statement";
}

function nextStatement(stmt: SyntaxNode): SyntaxNode | undefined {
  for (let n = stmt.nextNamedSibling; n; n = n.nextNamedSibling) if (n.type !== "comment") return n;
  return undefined;
}

/**
 * `filter(pk__in=batch)` where `batch` is the loop variable (or a slice): the loop walks batches of
 * keys, one query per batch by design.
 */
export function isBatchLookup(args: SyntaxNode, loop: LoopInfo): boolean {
  const targets = new Set(loop.targets.map((t) => t.name));
  return args.namedChildren.some((a) => {
    if (a.type !== "keyword_argument") return false;
    const name = a.childForFieldName("name")?.text ?? "";
    const value = a.childForFieldName("value");
    if (!/__(in|range)$/.test(name) || !value) return false;
    if (value.type === "identifier") return targets.has(value.text);
    return value.type === "subscript" && value.childForFieldName("subscript")?.type === "slice";
  });
}
