/**
 * A Celery result read only once the task has finished: the poll-status view the rule recommends
 * (`if not result.ready(): return pending`, then `result.get()`), which returns at once instead of
 * waiting on a worker. Recognised: the wait sits inside `if r.ready():` / `if r.successful():` /
 * `if r.state == "SUCCESS":`, or follows an `if not r.ready(): return …` (or `raise`) of the same
 * function. Anything else (a check on another name, a guard that falls through) still waits.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { consequenceConditions, enclosingFunction } from "../../src/analysis/django/syntax.js";
import { EXITS } from "./response-flow.js";

const FINISHED = new Set(["ready", "successful", "failed"]);

export function readsFinishedResult(wait: SyntaxNode): boolean {
  const receiver = wait.childForFieldName("function")?.childForFieldName("object");
  if (!receiver || receiver.type !== "identifier") return false;
  const name = receiver.text;
  const fn = enclosingFunction(wait);
  // Inside the branch taken once the task has finished.
  if (consequenceConditions(wait, fn).some((condition) => provesFinished(condition, name, false))) return true;
  // After a guard that leaves the function while the task is still running.
  const body = fn?.childForFieldName("body");
  if (!body) return false;
  return body.namedChildren.some(
    (stmt) => stmt.type === "if_statement" && stmt.endIndex <= wait.startIndex && provesFinished(stmt.childForFieldName("condition"), name, true) && leaves(stmt.childForFieldName("consequence")) && !stmt.childForFieldName("alternative"),
  );
}

/** `r.ready()` (or, negated, `not r.ready()`), `r.successful()`, `r.state == "SUCCESS"`. */
function provesFinished(condition: SyntaxNode | null, name: string, negated: boolean): boolean {
  if (!condition) return false;
  if (condition.type === "parenthesized_expression") return provesFinished(condition.namedChildren[0] ?? null, name, negated);
  if (negated) return condition.type === "not_operator" && provesFinished(condition.childForFieldName("argument"), name, false);
  if (condition.type === "call") {
    const fn = condition.childForFieldName("function");
    return fn?.type === "attribute" && fn.childForFieldName("object")?.text === name && FINISHED.has(fn.childForFieldName("attribute")?.text ?? "");
  }
  if (condition.type === "comparison_operator") {
    const [left, right] = condition.namedChildren;
    return left?.text === `${name}.state` && /^["'](SUCCESS|FAILURE)["']$/.test(right?.text ?? "");
  }
  return false;
}

/** The block ends the function: its last statement returns or raises. */
function leaves(block: SyntaxNode | null): boolean {
  const last = block?.namedChildren.at(-1);
  return last !== undefined && EXITS.has(last.type);
}
