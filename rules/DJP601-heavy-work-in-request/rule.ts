/**
 * DJP601 heavy-work-in-request: slow work done while an HTTP request waits (a view, a GraphQL
 * resolver or mutation, a function taking `request`): a Celery task called directly or waited for,
 * `time.sleep`, subprocesses, pandas file reads, PDF rendering, image processing, management commands;
 * remote HTTP calls and mail at info (warn when repeated in a loop). A remote call whose answer the
 * response needs (a token exchange, a payment capture) cannot be queued: it is reported only when it
 * has no timeout, with timeout / retry advice instead of Celery. Work that runs rarely (staff only,
 * first use of an empty table, a pause of a second: rare-work.ts) is reported at info with the reason.
 */
import { z } from "zod";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { Level } from "../../src/analysis/finding.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { defineRule } from "../../src/analysis/rule.js";
import { calleeName, decoratorsOf, enclosingFunction } from "../../src/analysis/django/syntax.js";
import type { ProjectIndex } from "../../src/analysis/index/types.js";
import { isSmallLiteralLoop } from "../../src/analysis/django/bounded-loops.js";
import { handedToAnotherThread } from "../../src/analysis/django/thread-handoff.js";
import { slowCallOf, type SlowCall } from "../../src/analysis/django/slow-calls.js";
import { SpanTree, type Span } from "../../src/analysis/django/span-tree.js";
import { spanOf } from "../../src/analysis/django/state.js";
import { codeSpan, shortSource } from "../../src/analysis/markdown-safe.js";
import { EXITS, hasTimeout, responseFlow } from "./response-flow.js";
import { readsFinishedResult } from "./finished-result.js";
import { queuedInAnotherBranch } from "./queued-elsewhere.js";
import { onlyQueuesTasks } from "./only-queues.js";
import { rareReason } from "./rare-work.js";
import { hotPathOf } from "./hot-path.js";
import { passIdsAdvice } from "./task-arguments.js";
import { offWhereUsersAre } from "../../src/analysis/django/test-flags.js";

const options = z.object({
  /** Dotted names (a function, or a module prefix) that are slow in this project, e.g. `reports.pdf.render`. */
  sinks: z.array(z.string()).default([]),
});
type Options = z.infer<typeof options>;

/** Kinds that are often one quick call: info, unless the view repeats them in a loop. */
const USUALLY_QUICK = new Set<SlowCall["kind"]>(["http", "mail"]);


/** Said after the advice when the project defines no Celery task, app or route table. */
const NO_TASK_QUEUE =
  "(This project runs no task queue yet: no Celery task or app was found. Queueing means running one (Celery, RQ, django-q) beside the web processes; until then, a timeout on the call bounds the wait.)";

export default defineRule<Options>({
  id: "DJP601",
  name: "heavy-work-in-request",
  category: "scalability",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "Slow work (a task run inline, waiting on a result, sleeps, subprocesses, PDFs, images, remote calls) done while an HTTP request waits.",
  messages: {
    heavy:
      "{{call}} {{what}} while the HTTP request waits: the user waits, and this web worker serves no other request meanwhile. Hand it to a Celery task: `some_task.delay(...)` (inside `transaction.on_commit(...)` when it needs rows saved in this request), and answer at once (202 with a status URL when the client needs the result).{{after}}{{ids}} Intended? `# djperf: ignore[DJP601] <reason>`.",
    heavyCached:
      "{{call}} {{what}} while the HTTP request waits. The view's page is cached (`cache_page`), so this runs once per cache key and period, not on every request: reported at info. When the first request of each period must be fast too, hand it to a Celery task (`some_task.delay(...)`) and serve the last result meanwhile. Intended? `# djperf: ignore[DJP601] <reason>`.",
    waitsForTask:
      "{{call}} {{what}} inside the HTTP request: the request blocks until a worker has run the task, which is what queueing it was meant to avoid, and a busy queue turns into request timeouts. Return the task id (202 with a status URL) and let the client poll, or do the work without Celery if it must be synchronous. Intended? `# djperf: ignore[DJP601] <reason>`.",
    quick:
      "{{call}} {{what}} while the HTTP request waits. One fast call may be fine; when the remote side can be slow or down, the request hangs with it. Consider a Celery task (`some_task.delay(...)` inside `transaction.on_commit(...)`). Intended? `# djperf: ignore[DJP601] <reason>`.",
    neededResult:
      "{{call}} {{what}} with no timeout, and the response is built from its answer, so it cannot move to a background task: but a slow or hung remote side now holds this web worker for as long as it takes. Give it a timeout (`timeout=(3.05, 10)`), retry with backoff or guard it with a circuit breaker, and cache the answer when the call is idempotent (`cache.get_or_set(...)`). Intended? `# djperf: ignore[DJP601] <reason>`.",
    rare:
      "{{call}} {{what}} while the HTTP request waits, but {{reason}}: reported at info. When it can take longer than the web server's timeout, hand it to a Celery task (`some_task.delay(...)`) and answer at once. Intended? `# djperf: ignore[DJP601] <reason>`.",
    neededOnHotPath:
      "{{call}} {{what}} with no timeout in {{where}}, and the code goes on with its answer: every one of those requests waits for the remote side, and a slow or hung service holds every web worker. Give it a timeout (`timeout=(3.05, 10)`) and a fallback when it fails, cache the answer when the call is idempotent (`cache.get_or_set(...)`), or move the call out of the per-request path. Intended? `# djperf: ignore[DJP601] <reason>`.",
    quickOnHotPath:
      "{{call}} {{what}} in {{where}}: every one of those requests waits for the remote side, and hangs with it when it is slow or down. Hand it to a Celery task (`some_task.delay(...)` inside `transaction.on_commit(...)`), and give the call a timeout. Intended? `# djperf: ignore[DJP601] <reason>`.",
    quickInLoop:
      "{{call}} {{what}} once per loop iteration while the HTTP request waits: N items, N remote round trips before the response. Queue one Celery task for the batch (`some_task.delay(ids)` inside `transaction.on_commit(...)`). Intended? `# djperf: ignore[DJP601] <reason>`.",
  },
  options,
  check(ctx) {
    if (hasRequestFunction(ctx.django)) ctx.applies();
    // One finding per function and kind of work: resizing an image is several calls, one problem.
    const seen = new Set<string>();
    let skipped: SkippedCode | undefined;
    let usedInResponse: ReturnType<typeof responseFlow> | undefined;
    for (const call of ctx.django.nodesOfType("call")) {
      const slow = slowCallOf(ctx.django, call, { extraSinks: ctx.options.sinks });
      if (!slow) continue;
      const context = ctx.django.contextOf(call);
      if (!context.request || context.task || context.test) continue;
      // Asked first: the checks below only ever skip a call, and one finding per function and kind is
      // all a later call of that kind could give (a nest of d loops each saving or calling out used to
      // run them all, d² in parent reads).
      const key = `${context.function?.id ?? 0}:${slow.kind}`;
      if (seen.has(key)) continue;
      skipped ??= skippedCode(ctx.django, (name) => offWhereUsersAre(ctx.index.settings, name));
      if (skipped.covers(call, context.function)) continue;
      if (startedOnThreadsOnly(ctx.index, ctx.file.module, call)) continue;
      if (slow.kind === "celery-wait" && readsFinishedResult(call)) continue;
      if (slow.kind === "celery-sync" && queuedInAnotherBranch(call)) continue;
      if (onlyQueuesTasks(ctx.index.celery, slow)) continue;
      const repeated = USUALLY_QUICK.has(slow.kind) && ctx.django.enclosingLoops(call).some((loop) => !isSmallLiteralLoop(loop));
      // A single remote exchange the response depends on: queueing is no option, a timeout is the fix.
      usedInResponse ??= responseFlow(ctx.django);
      const needed = slow.kind === "http" && !repeated && usedInResponse(call, context.function);
      if (needed && hasTimeout(call)) continue;
      seen.add(key);
      const data = { call: codeSpan(shortSource(call.text)), what: slow.what };
      // Advice to queue the work names Celery; a project without a task queue would have to run one first.
      const queue = ctx.index.celery.used || slow.kind.startsWith("celery") ? {} : { note: NO_TASK_QUEUE };
      // Rare work (staff only, first use, a short pause) holds a worker now and then: info, with why.
      const rare = needed || (USUALLY_QUICK.has(slow.kind) && !repeated) ? undefined : rareReason(ctx.django, call, slow, context.function);
      if (rare) {
        ctx.report({ node: call, messageId: "rare", data: { ...data, reason: rare }, level: "info", ...queue });
      } else if (slow.kind === "celery-wait") {
        ctx.report({ node: call, messageId: "waitsForTask", data });
      } else if (needed) {
        // On a path settings run for every request (a middleware) or login, the wait is paid by all of them.
        const where = hotPathOf(ctx.index, ctx.file.module, call);
        if (where) ctx.report({ node: call, messageId: "neededOnHotPath", data: { ...data, where }, level: "warn" });
        else ctx.report({ node: call, messageId: "neededResult", data, level: "info" });
      } else if (USUALLY_QUICK.has(slow.kind)) {
        // Not one view's call: settings run it on every login, or every request.
        const where = repeated ? undefined : hotPathOf(ctx.index, ctx.file.module, call);
        if (where) {
          ctx.report({ node: call, messageId: "quickOnHotPath", data: { ...data, where }, level: "warn", ...queue });
          continue;
        }
        const level: Level = repeated ? "warn" : "info";
        ctx.report({ node: call, messageId: repeated ? "quickInLoop" : "quick", data, level, ...queue });
      } else {
        // A cached page runs it once per cache key and period, not on every request.
        if (pageIsCached(context.function)) ctx.report({ node: call, messageId: "heavyCached", data, level: "info", ...queue });
        else ctx.report({ node: call, messageId: "heavy", data: { ...data, after: slow.kind === "celery-sync" ? followUpAdvice(ctx.django, call) : "", ids: slow.kind === "celery-sync" ? passIdsAdvice(ctx.django, ctx.index, call) : "" }, ...queue });
      }
    }
  },
});

/**
 * `result = some_task(...)` and the function goes on with `result` (rotation set 14: a form's save()
 * runs the Slack task inline to get the message's timestamp and channel, then creates an alert row from
 * them): `.delay()` returns an AsyncResult, not that value, so the work that uses it has to move into
 * the task (or a task chained after it). Said after the advice, with the first use's line.
 */
function followUpAdvice(django: DjangoFacts, call: SyntaxNode): string {
  const assignment = call.parent?.type === "assignment" ? call.parent : undefined;
  const left = assignment?.childForFieldName("left");
  const fn = enclosingFunction(call);
  if (!assignment || !fn) return "";
  const names = left?.type === "identifier" ? [left.text] : (left?.descendantsOfType("identifier") ?? []).map((id) => id.text);
  if (names.length === 0) return "";
  const use = fn.descendantsOfType("identifier").find((id) => id.startIndex >= assignment.endIndex && names.includes(id.text) && !(id.parent?.type === "attribute" && id.parent.childForFieldName("attribute")?.id === id.id));
  if (!use) return "";
  return ` The code goes on with its return value (${codeSpan(use.text)}, line ${use.startPosition.row + 1}), which \`.delay()\` does not give back: move that follow-up work into the task too (or into a task chained after it), so the request only queues it.`;
}

/**
 * The call's module-level function is only ever handed to another thread (`Thread(target=f, args=(request,
 * ...)).start()` in a view): it takes the request, but the view has answered while it runs (rotation
 * set 8: an import run on a thread after the upload page redirected).
 */
function startedOnThreadsOnly(index: ProjectIndex, module: string, call: SyntaxNode): boolean {
  let top: SyntaxNode | undefined;
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) top = fn;
  const name = top?.childForFieldName("name")?.text;
  const holder = top?.parent?.type === "decorated_definition" ? top.parent.parent : top?.parent;
  return name !== undefined && holder?.type === "module" && index.callers?.runsOnlyOnOtherThreads(module, name) === true;
}

/** The view is wrapped in `cache_page(...)` (directly or through `method_decorator(cache_page(...))`). */
function pageIsCached(fn: SyntaxNode | undefined): boolean {
  return fn !== undefined && decoratorsOf(fn).some((d) => d.descendantsOfType("call").some((c) => calleeName(c) === "cache_page"));
}

/** The file has a view, a GraphQL resolver or another function that runs while a request waits. */
function hasRequestFunction(django: DjangoFacts): boolean {
  return django.nodesOfType("function_definition").some((fn) => {
    const body = fn.childForFieldName("body");
    return body !== null && django.contextOf(body).request;
  });
}

/**
 * Code whose calls do not run while the request waits, found once per file and asked by position:
 * the true branch of `if settings.DEBUG:` / `if DEBUG:` (development only: production takes the other
 * branch, typically the queued one) and what follows `if not settings.DEBUG: return`, and a lambda handed to another thread (`Thread(target=lambda:
 * work())`, `executor.submit(lambda: ...)`). Only such code inside the call's own function counts.
 */
interface SkippedCode {
  covers(call: SyntaxNode, fn: SyntaxNode | undefined): boolean;
}

/** A setting off wherever users are (test-flags.ts). */
type IsOff = (name: string) => boolean;

function skippedCode(django: DjangoFacts, isOff: IsOff): SkippedCode {
  const ifs = django.nodesOfType("if_statement");
  const debugBranches = ifs.flatMap((n) => {
    const branch = debugBranch(n, isOff);
    return branch ? [spanOf(branch)] : [];
  });
  // Their own tree: a tail starts where its `if` ends, so among the branches it would break source order.
  const developmentTails = ifs.flatMap((n) => afterProductionExit(n, isOff) ?? []).sort((a, b) => a.start - b.start || b.end - a.end);
  const offloaded = django.nodesOfType("lambda").filter((n) => n.isNamed && handedToAnotherThread(n)).map((n) => spanOf(n));
  const trees: SpanTree<Span>[] = [new SpanTree(debugBranches), new SpanTree(developmentTails), new SpanTree(offloaded)];
  return {
    covers(call, fn) {
      const start = call.startIndex;
      const end = call.endIndex;
      // A zero-width node (error recovery) cannot be placed by position: its parents decide.
      if (start === end) return skippedByParents(call, isOff);
      // Spans and functions nest: the innermost span around the call is inside its function, or none is.
      return trees.some((tree) => {
        const i = tree.innermost(start, end);
        return i >= 0 && (fn === undefined || tree.spans[i]!.start > fn.startIndex);
      });
    },
  };
}

/** The definition `skippedCode` answers by position: a walk up to the enclosing `def`. */
function skippedByParents(call: SyntaxNode, isOff: IsOff): boolean {
  for (let child: SyntaxNode = call, n = call.parent; n && n.type !== "function_definition"; child = n, n = n.parent) {
    if (n.type === "lambda" && handedToAnotherThread(n)) return true;
    if (n.type === "if_statement" && debugBranch(n, isOff)?.id === child.id) return true;
  }
  return false;
}

/** `settings.X` or a bare `DEBUG`: the setting's name. */
const SETTING_TEST = /^(?:settings\.([A-Z][A-Z0-9_]*)|(DEBUG))$/;

/** The setting a condition tests (`settings.X`, `DEBUG`), or after `not` when `negated`. */
function testedSetting(condition: SyntaxNode, negated: boolean): string | undefined {
  const text = condition.text.trim();
  const m = SETTING_TEST.exec(negated ? text.replace(/^not\s+/, "") : text);
  return m && (!negated || /^not\s/.test(text)) ? (m[1] ?? m[2]) : undefined;
}

/** The true branch of an `if settings.DEBUG:` / `if DEBUG:` statement, or of another setting off where users are. */
function debugBranch(ifStatement: SyntaxNode, isOff: IsOff): SyntaxNode | undefined {
  const condition = ifStatement.childForFieldName("condition");
  const consequence = ifStatement.childForFieldName("consequence");
  const name = condition ? testedSetting(condition, false) : undefined;
  return consequence && name !== undefined && isOff(name) ? consequence : undefined;
}

/**
 * `if not settings.DEBUG: return …` (or raise) with no else: production leaves here, so the rest of
 * the enclosing block runs in development only (rotation set 5: a staff view that runs the test
 * script when DEBUG is on). The span from the end of the `if` to the end of its block.
 */
function afterProductionExit(ifStatement: SyntaxNode, isOff: IsOff): Span | undefined {
  const condition = ifStatement.childForFieldName("condition");
  const consequence = ifStatement.childForFieldName("consequence");
  const block = ifStatement.parent;
  if (!condition || !consequence || !block || ifStatement.childForFieldName("alternative")) return undefined;
  const name = testedSetting(condition, true);
  if (name === undefined || !isOff(name)) return undefined;
  const last = consequence.namedChildren[consequence.namedChildren.length - 1];
  return last && EXITS.has(last.type) ? { start: ifStatement.endIndex, end: block.endIndex } : undefined;
}
