/**
 * DJP604 celery-task-without-queue-route: a Celery task with no queue of its own (no `queue=`
 * option, no base class setting one, no `task_routes` entry, no call site choosing one), in a project
 * that already separates work into queues, or whose name says it is bulk work (`import_`, `export_`,
 * `etl_`, `report_`). Router functions and tables built at run time make routing unknown: silent.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { CeleryTask } from "../../src/analysis/index/celery.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

/** Names of bulk work that should not share a queue with quick, user-facing tasks. */
const BULK_NAME = /^(etl|import|export|report|sync|backfill|rebuild|reindex)_/;

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
  summary: "A Celery task runs on the default queue (no queue option or route) in a project that separates queues, or looks like bulk work.",
  messages: {
    separatedQueues:
      "The Celery task {{task}} has no queue of its own: no `queue=` option and no `task_routes` entry matches {{name}}, so it runs on the default queue {{default}} while this project routes other work to {{queues}}. Tasks of different kinds then wait behind each other on one worker pool. Route it: `@shared_task(queue=\"...\")` or a `task_routes` entry for {{name}}. Intended? `# djperf: ignore[DJP604] <reason>`.",
    bulkName:
      "The Celery task {{task}} looks like bulk work (its name starts with {{prefix}}) but has no queue of its own: no `queue=` option and no `task_routes` entry matches {{name}}, so it shares the default queue {{default}} with quick, user-facing tasks, and a long run delays them all. Give bulk work its own queue and worker: `@shared_task(queue=\"etl\")` or `task_routes = {\"<app>.tasks.import_*\": {\"queue\": \"etl\"}}`, then `celery worker -Q etl`. Intended? `# djperf: ignore[DJP604] <reason>`.",
  },
  check(ctx) {
    const celery = ctx.index.celery;
    const tasks = celery.tasksIn(ctx.file.path);
    if (tasks.length === 0) return;
    ctx.applies();
    const queues = celery.nonDefaultQueues();
    for (const task of tasks) {
      const routing = celery.routingOf(task);
      const prefix = BULK_NAME.exec(task.functionName)?.[1];
      if (queues.length === 0 && !prefix) continue;
      if (routing.by === "unknown") {
        ctx.unverified(`the route of ${task.functionName} cannot be read statically (${routing.reasons[0] ?? "unknown"})`);
        continue;
      }
      if (routing.by !== "none") continue;
      const anchor = anchorOf(ctx, task);
      if (!anchor) continue;
      const data = {
        task: codeSpan(task.functionName),
        name: codeSpan(task.taskName),
        default: codeSpan(celery.defaultQueue),
        queues: queues.map((q) => codeSpan(q)).join(", "),
        prefix: codeSpan(`${prefix ?? ""}_`),
      };
      ctx.report({ node: anchor, messageId: queues.length > 0 ? "separatedQueues" : "bulkName", data });
    }
  },
});

/** The task decorator of a function task (where `queue=` goes), or the class line of a class task. */
function anchorOf(ctx: RuleContext, task: CeleryTask): SyntaxNode | undefined {
  const type = task.kind === "class" ? "class_definition" : "function_definition";
  const def = ctx.django
    .nodesOfType(type)
    .find((d) => d.startPosition.row + 1 === task.line && d.childForFieldName("name")?.text === task.functionName);
  if (!def) return undefined;
  if (task.kind === "class") return def.childForFieldName("name") ?? def;
  const decorated = def.parent?.type === "decorated_definition" ? def.parent : undefined;
  const decorator = decorated?.namedChildren.find((d) => d.type === "decorator" && d.text.includes(task.decorator));
  return decorator ?? def;
}
