/**
 * A task run inline on purpose: the direct call sits in one branch of an `if` whose other branch queues
 * the same task (`if settings.HAS_CELERY: t.delay(x) else: t(x)`, `if wait: r = t(x) else: t.delay(x)`).
 * The project already offers the queued path; the inline one is its fallback when no worker runs, or
 * what a client asked for by waiting (rotation set 6: an admin action without Celery, an API `?wait=`).
 * Moving it to Celery is not the fix, so the rule stays silent.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";

const QUEUE = new Set(["delay", "apply_async"]);

export function queuedInAnotherBranch(call: SyntaxNode): boolean {
  const callee = call.childForFieldName("function")?.text;
  if (!callee) return false;
  for (let n = call.parent; n && n.type !== "function_definition"; n = n.parent) {
    if (n.type !== "if_statement") continue;
    const branches = branchesOf(n);
    const mine = branches.find((b) => b.startIndex <= call.startIndex && call.endIndex <= b.endIndex);
    if (!mine) continue;
    if (branches.some((b) => b !== mine && queues(b, callee))) return true;
  }
  return false;
}

/** The blocks an `if` chooses between: its body, each `elif` body and the `else` body. */
function branchesOf(ifStatement: SyntaxNode): SyntaxNode[] {
  const blocks: SyntaxNode[] = [];
  const body = ifStatement.childForFieldName("consequence");
  if (body) blocks.push(body);
  for (const alt of ifStatement.childrenForFieldName("alternative")) {
    const block = alt.childForFieldName(alt.type === "elif_clause" ? "consequence" : "body");
    if (block) blocks.push(block);
  }
  return blocks;
}

/** The block calls `<callee>.delay(...)` or `<callee>.apply_async(...)`. */
function queues(block: SyntaxNode, callee: string): boolean {
  return block.descendantsOfType("call").some((c) => {
    const fn = c.childForFieldName("function");
    return fn?.type === "attribute" && QUEUE.has(fn.childForFieldName("attribute")?.text ?? "") && fn.childForFieldName("object")?.text === callee;
  });
}
