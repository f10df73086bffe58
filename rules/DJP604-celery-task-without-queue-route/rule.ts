/**
 * DJP604 celery-task-without-queue-route: a Celery task with no queue of its own (no `queue=` option,
 * no base class setting one, no `task_routes` entry, no call site choosing one) that runs long (bulk
 * name, a loop over a table's rows, writes or remote calls repeated over an input, known heavy calls,
 * bulk write, long time limit: heavy-task.ts). Quick tasks, and tasks whose work the rule cannot see
 * (project code), belong on the default queue as far as the code shows, and stay silent. Router
 * functions and tables built at run time make routing unknown: silent.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { CeleryTask } from "../../src/analysis/index/celery.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { heavyEvidence } from "./heavy-task.js";
import { moduleFunctions } from "../../src/analysis/index/dispatch-only.js";

export default defineRule({
  id: "DJP604",
  name: "celery-task-without-queue-route",
  category: "scalability",
  status: "preview",
  level: "info",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "A long-running Celery task (bulk loops, remote calls, bulk writes, long time limits) runs on the default queue: no queue option or route.",
  messages: {
    separatedQueues:
      "The Celery task {{task}} {{evidence}}, and it has no queue of its own: no `queue=` option and no `task_routes` entry matches {{name}}, so it lands on the default queue {{default}} beside the quick tasks while this project routes other work to {{queues}}. A long run then delays every task behind it. Route it: `@shared_task(queue=\"...\")` or a `task_routes` entry for {{name}}. Intended? `# djperf: ignore[DJP604] <reason>`.",
    heavyOnDefault:
      "The Celery task {{task}} {{evidence}}, so it runs long, but it has no queue of its own: no `queue=` option and no `task_routes` entry matches {{name}}, so it shares the default queue {{default}} with quick, user-facing tasks, and a long run delays them all. Give bulk work its own queue and worker: `@shared_task(queue=\"etl\")` or `task_routes = {\"<app>.tasks.import_*\": {\"queue\": \"etl\"}}`, then `celery worker -Q etl`. Intended? `# djperf: ignore[DJP604] <reason>`.",
  },
  check(ctx) {
    const celery = ctx.index.celery;
    const tasks = celery.tasksIn(ctx.file.path);
    if (tasks.length === 0) return;
    ctx.applies();
    const queues = celery.nonDefaultQueues();
    // A project that routes nothing and creates no Celery app in the code djperf reads may never queue
    // these tasks at all (held-out: tendenci runs its "tasks" by calling `.run()` from a command, with
    // Celery switched off): where a queue is not proven to exist, its crowding is not either.
    if (queues.length === 0 && celery.apps.length === 0) return;
    for (const task of tasks) {
      const routing = celery.routingOf(task);
      if (routing.by !== "none" && routing.by !== "unknown") continue;
      // A dispatcher (it reads what to queue, once, and queues the work: dispatch-only.ts) publishes
      // messages; the long work runs in the tasks it queues, which this rule judges on their own.
      if (task.dispatchOnly) continue;
      const found = definitionOf(ctx, task);
      if (!found) continue;
      // A task that only replaces itself with routed tasks hands its work to their queue.
      if (replacedByRoutedTasks(ctx, found.def)) continue;
      // Quick tasks (one row, one mail) belong on the default queue, beside the other quick ones; so
      // does a task whose work sits in code the rule cannot see, until the code shows it runs long.
      const evidence = heavyEvidence(ctx.django, task.functionName, found.def, found.decorator);
      if (!evidence) continue;
      if (routing.by === "unknown") {
        ctx.unverified(`the route of ${task.functionName} cannot be read statically (${routing.reasons[0] ?? "unknown"})`);
        continue;
      }
      const data = {
        task: codeSpan(task.functionName),
        name: codeSpan(task.taskName),
        default: codeSpan(celery.defaultQueue),
        queues: queues.map((q) => codeSpan(q)).join(", "),
        evidence,
      };
      const anchor = task.kind === "class" ? (found.def.childForFieldName("name") ?? found.def) : (found.decorator ?? found.def);
      ctx.report({ node: anchor, messageId: queues.length > 0 ? "separatedQueues" : "heavyOnDefault", data });
    }
  },
});

/** The task's definition and, for a function task, its task decorator (where `queue=` goes). */
function definitionOf(ctx: RuleContext, task: CeleryTask): { def: SyntaxNode; decorator?: SyntaxNode } | undefined {
  const type = task.kind === "class" ? "class_definition" : "function_definition";
  const def = ctx.django
    .nodesOfType(type)
    .find((d) => d.startPosition.row + 1 === task.line && d.childForFieldName("name")?.text === task.functionName);
  if (!def) return undefined;
  if (task.kind === "class") return { def };
  const decorated = def.parent?.type === "decorated_definition" ? def.parent : undefined;
  const decorator = decorated?.namedChildren.find((d) => d.type === "decorator" && d.text.includes(task.decorator));
  return decorator ? { def, decorator } : { def };
}

/** Canvas builders whose arguments are the signatures they run. */
const CANVAS = new Set(["group", "chain", "chord", "signature"]);

/**
 * The task's body (after its docstring) is only `return self.replace(<work>)`, and every task the
 * work names has a queue of its own (rotation set 14: `import_all_oll_files` replaces itself with the
 * group `get_content_tasks(...)` builds, a task routed to `edx_content`): the worker that took this
 * task runs only the call that builds the signatures, and the long work is published to the routed
 * queue. A replacement by tasks with no queue of their own, or by something the rule cannot name,
 * keeps the finding.
 */
function replacedByRoutedTasks(ctx: RuleContext, def: SyntaxNode): boolean {
  const statements = (def.childForFieldName("body")?.namedChildren ?? []).filter((s) => s.type !== "comment" && !(s.type === "expression_statement" && s.namedChildren[0]?.type === "string"));
  if (statements.length !== 1 || statements[0]!.type !== "return_statement") return false;
  const value = statements[0]!.namedChildren[0];
  const fn = value?.type === "call" ? value.childForFieldName("function") : undefined;
  if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "replace" || fn.childForFieldName("object")?.text !== "self") return false;
  const work = value!.childForFieldName("arguments")?.namedChildren[0];
  if (!work) return false;
  const celery = ctx.index.celery;
  const taskOf = (id: SyntaxNode) => celery.taskNamed(ctx.django.qualifiedName(id) ?? `${ctx.file.module}.${id.text}`);
  const routed = (id: SyntaxNode): boolean => {
    const task = taskOf(id);
    if (!task) return false;
    const routing = celery.routingOf(task);
    return routing.by !== "none" && routing.by !== "unknown";
  };
  const functions = moduleFunctions(def.tree.rootNode);
  const visited = new Set<number>();
  // Every signature the work builds names a routed task.
  const routedWork = (node: SyntaxNode): boolean => {
    const n = node.type === "parenthesized_expression" && node.namedChildren[0] ? node.namedChildren[0] : node;
    if (n.type === "list" || n.type === "tuple") return n.namedChildren.length > 0 && n.namedChildren.every(routedWork);
    // `[get_files.si(ids) for ids in chunks]`: the element built for each item.
    if (n.type === "list_comprehension" || n.type === "generator_expression") return n.namedChildren[0] !== undefined && routedWork(n.namedChildren[0]);
    if (n.type !== "call") return false;
    const callee = n.childForFieldName("function");
    const calleeName = callee?.type === "identifier" ? callee.text : callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : undefined;
    if (calleeName && CANVAS.has(calleeName)) {
      const parts = n.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "keyword_argument" && a.type !== "comment") ?? [];
      return parts.length > 0 && parts.every(routedWork);
    }
    // `task.s(...)` / `task.si(...)`: a signature of that task.
    if (callee?.type === "attribute" && /^(s|si|signature)$/.test(callee.childForFieldName("attribute")?.text ?? "")) {
      const head = callee.childForFieldName("object");
      return head?.type === "identifier" && routed(head);
    }
    if (callee?.type !== "identifier") return false;
    // `task(...)` run here to build the work, routed itself.
    if (taskOf(callee)) return routed(callee);
    // A function of this module that builds the signatures (`get_content_tasks(...)` returning a group): what it returns.
    const helper = functions.get(callee.text);
    if (!helper || visited.has(helper.id)) return false;
    visited.add(helper.id);
    const returns = helper.descendantsOfType("return_statement").filter((r) => !r.parent || enclosingDef(r)?.id === helper.id);
    return returns.length > 0 && returns.every((r) => r.namedChildren[0] !== undefined && routedWork(r.namedChildren[0]));
  };
  return routedWork(work);
}

function enclosingDef(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === "function_definition") return n;
  return undefined;
}

