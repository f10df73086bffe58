/**
 * A step the transaction takes after its loop, which the loop's writes commit or roll back with: the
 * rows record that the step happened, or the step marks the input done, so committing per batch would
 * break what the single transaction was written for (rotation set 13):
 * - a message sent after the rows are written (`send_mail(...)`, a remote call, or a project helper
 *   named for sending: `_send_license_utilization_email(...)`): a failed send rolls the rows back, so
 *   they never say "sent" for a message that was not;
 * - an update of the rows the loop's input was drawn from (`cases.select_for_update().update(
 *   sla_updated_at=today)` after `for a in CaseQueue.objects.filter(case__in=cases)`): the marker that
 *   makes a rerun skip the cases, committed with the counts it guards.
 * The transaction is still held across the loop: the rule reports it at info, without the
 * commit-per-batch advice.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts, LoopInfo } from "../../src/analysis/django/types.js";
import { runsInside, type AtomicBlock } from "../../src/analysis/django/transactions.js";
import { slowCallOf } from "../../src/analysis/django/slow-calls.js";
import { methodCallOf } from "../../src/analysis/django/evaluation.js";
import { calleeName, unwrapParens } from "../../src/analysis/django/syntax.js";

/** Project helpers named for sending a message: `send_welcome_email`, `_notify_admins`, `publish_event`. */
const SENDS = /^_?(send|notify|email|mail|publish|post|push)(_\w+)?$|_(email|emails|mail|notification|notifications)$/;

export interface TailStep {
  /** What the step is, for the message: "sends `…`" / "marks `cases` done with `….update(…)`". */
  what: string;
  line: number;
}

export function tailStep(django: DjangoFacts, block: AtomicBlock, loop: LoopInfo): TailStep | undefined {
  const inputs = inputNames(loop);
  for (const call of django.nodesOfType("call")) {
    if (call.startIndex < loop.node.endIndex) continue;
    if (call.startIndex >= block.body.endIndex) break;
    if (!runsInside(block, call) || django.enclosingLoops(call).some((l) => l.node.startIndex >= block.body.startIndex && l.node.startIndex < block.body.endIndex)) continue;
    const line = call.startPosition.row + 1;
    const slow = slowCallOf(django, call);
    if (slow && (slow.kind === "mail" || slow.kind === "http")) return { what: `${slow.kind === "mail" ? "sends mail" : "calls a remote service"} (\`${calleeText(call)}\`)`, line };
    const name = calleeName(call) ?? "";
    if (call.parent?.type === "expression_statement" && SENDS.test(name)) return { what: `runs \`${name}()\``, line };
    const m = methodCallOf(call);
    if (m?.name === "update" && django.querySetOf(m.object) && inputs.has(receiverRoot(m.object))) {
      return { what: `updates the rows the loop's input was drawn from (\`${receiverRoot(m.object)}\`)`, line };
    }
  }
  return undefined;
}

/** Names the loop's iterable reads (`cases` in `CaseQueue.objects.filter(case__in=cases)`). */
function inputNames(loop: LoopInfo): Set<string> {
  const iterable = loop.iterable ? unwrapParens(loop.iterable) : undefined;
  if (!iterable) return new Set();
  const ids = iterable.type === "identifier" ? [iterable] : iterable.descendantsOfType("identifier");
  // Variables only: not keyword names (`case__in=`), attribute names (`.objects`) or classes (`CaseQueue`).
  const variable = (id: SyntaxNode): boolean =>
    /^[a-z_]/.test(id.text) &&
    !(id.parent?.type === "keyword_argument" && id.parent.childForFieldName("name")?.id === id.id) &&
    !(id.parent?.type === "attribute" && id.parent.childForFieldName("attribute")?.id === id.id);
  return new Set(ids.filter(variable).map((id) => id.text));
}

/** The leftmost name of `cases.select_for_update()` → `cases`. */
function receiverRoot(node: SyntaxNode): string {
  let n: SyntaxNode | null = unwrapParens(node);
  while (n && (n.type === "call" || n.type === "attribute")) n = n.type === "call" ? n.childForFieldName("function") : n.childForFieldName("object");
  return n?.type === "identifier" ? n.text : "";
}

function calleeText(call: SyntaxNode): string {
  return call.childForFieldName("function")?.text ?? "";
}
