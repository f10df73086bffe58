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

/** `seen.append(x)` / `seen.add(x)`: collects what the loop saw. */
const COLLECTS = new Set(["append", "add", "extend", "update"]);
/** `left.remove(key)` / `left.discard(key)`: strikes what the loop saw off a list of what was there. */
const STRIKES = new Set(["remove", "discard", "pop"]);
/** What retires a row: deleted, or marked gone. */
const RETIRES = new Set(["delete", "update"]);

/**
 * The transaction mirrors its input into a table: after the loop that writes the input's rows, it
 * retires the rows the input no longer lists (rotation set 14: WFS and manifest imports of a reference
 * table). Either
 * - a queryset that excludes what the loop collected (`seen.append(zone.pk)` in the loop, then
 *   `Zone.objects.exclude(pk__in=seen).delete()` / `.update(active=False)`, or a loop over that
 *   queryset), or
 * - the loop itself walks what an earlier loop of the transaction left after striking off what it saw
 *   (`left = set(existing)`, `left.remove(key)` in the first loop, then `for key in left: ...update(...)`):
 *   `leftover` is set for that case.
 * Readers must see the old rows or the new ones, never half of each, and a failed run must not delete
 * rows the input still lists: the one transaction is the design, and per-batch commits would break it.
 */
export function retiresUnseen(django: DjangoFacts, block: AtomicBlock, loop: LoopInfo): (TailStep & { leftover?: true }) | undefined {
  const inBlock = (n: SyntaxNode): boolean => n.startIndex >= block.body.startIndex && n.endIndex <= block.body.endIndex && runsInside(block, n);
  // The loop walks what an earlier loop of the transaction struck its keys off.
  const iterable = loop.iterable ? unwrapParens(loop.iterable) : undefined;
  if (iterable?.type === "identifier") {
    const struck = django.nodesOfType("call").find((call) => {
      const m = methodCallOf(call);
      return m !== undefined && STRIKES.has(m.name) && m.object.type === "identifier" && m.object.text === iterable.text && call.endIndex <= loop.node.startIndex && inBlock(call) &&
        django.enclosingLoops(call).some((l) => l.node.id !== loop.node.id && inBlock(l.node));
    });
    if (struck) return { what: `walks what is left of \`${iterable.text}\` after an earlier loop struck off what the input lists`, line: struck.startPosition.row + 1, leftover: true };
  }
  const collected = new Set<string>();
  const struck = new Set<string>();
  for (const call of django.nodesOfType("call")) {
    if (call.startIndex < loop.node.startIndex) continue;
    if (call.startIndex >= loop.node.endIndex) break;
    const m = methodCallOf(call);
    if (m && COLLECTS.has(m.name) && m.object.type === "identifier") collected.add(m.object.text);
    if (m && STRIKES.has(m.name) && m.object.type === "identifier") struck.add(m.object.text);
  }
  // A later loop of the transaction walks what this one left after striking off what it saw.
  const later = django.loops().find((l) => {
    if (l.kind !== "for" || !l.iterable || l.node.startIndex < loop.node.endIndex || !inBlock(l.node)) return false;
    const it = unwrapParens(l.iterable);
    return it.type === "identifier" && struck.has(it.text);
  });
  if (later) return { what: `then walks what is left of \`${unwrapParens(later.iterable!).text}\` once the loop struck off what the input lists`, line: later.node.startPosition.row + 1 };
  if (collected.size === 0) return undefined;
  for (const call of django.nodesOfType("call")) {
    if (call.startIndex < loop.node.endIndex) continue;
    if (call.startIndex >= block.body.endIndex) break;
    const m = methodCallOf(call);
    if (m?.name !== "exclude" || !inBlock(call)) continue;
    const excludesSeen = m.args.namedChildren.some((arg) => {
      const value = arg.type === "keyword_argument" && /__in$/.test(arg.childForFieldName("name")?.text ?? "") ? arg.childForFieldName("value") : null;
      return value?.type === "identifier" && collected.has(value.text);
    });
    if (!excludesSeen || !retiresRows(django, call, block)) continue;
    return { what: `retires the rows its input no longer lists (\`${shortText(call)}\`)`, line: call.startPosition.row + 1 };
  }
  return undefined;
}

/** The excluding queryset is deleted or updated (in its chain, or through the name it is bound to), or walked by a later loop. */
function retiresRows(django: DjangoFacts, exclude: SyntaxNode, block: AtomicBlock): boolean {
  let top: SyntaxNode = exclude;
  for (;;) {
    const parent = top.parent;
    if (parent?.type === "attribute" && parent.parent?.type === "call") {
      const name = parent.childForFieldName("attribute")?.text ?? "";
      if (RETIRES.has(name)) return true;
      top = parent.parent;
      continue;
    }
    break;
  }
  const assignment = top.parent?.type === "assignment" ? top.parent : undefined;
  const bound = assignment?.childForFieldName("left");
  const name = bound?.type === "identifier" ? bound.text : undefined;
  return django.loops().some((l) => {
    if (l.kind !== "for" || !l.iterable || l.node.startIndex < top.endIndex || l.node.startIndex >= block.body.endIndex) return false;
    const it = unwrapParens(l.iterable);
    return it.id === top.id || (name !== undefined && it.type === "identifier" && it.text === name);
  }) || (name !== undefined && django.nodesOfType("call").some((c) => {
    const m = methodCallOf(c);
    return m !== undefined && RETIRES.has(m.name) && c.startIndex > top.endIndex && c.startIndex < block.body.endIndex && m.object.type === "identifier" && m.object.text === name;
  }));
}

function shortText(call: SyntaxNode): string {
  let top: SyntaxNode = call;
  while (top.parent?.type === "attribute" && top.parent.parent?.type === "call") top = top.parent.parent;
  const text = top.text.replace(/\s+/g, " ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
