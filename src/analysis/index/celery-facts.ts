/**
 * What the Celery part of the index reads out of one module (plain data, cacheable per blob sha):
 * task definitions and their `queue=` options, route tables (`task_routes`, `CELERY_TASK_ROUTES`),
 * declared queues, the default queue, and calls that pick a queue at the call site. Names that point
 * elsewhere (`queue=STREAMS`, `base=MyTask`) are kept as written and resolved across modules later.
 */

/** A queue name as written: a literal, a module-level name to resolve, or something only known at run time. */
export type QueueValue = { kind: "literal"; name: string } | { kind: "ref"; dotted: string } | { kind: "dynamic"; text: string };

export interface CeleryTaskFacts {
  /** Function or class name in the module. */
  name: string;
  line: number;
  kind: "function" | "class";
  /** The decorator as written (`shared_task`, `app.task`); `class` for class-based tasks. */
  decorator: string;
  /** `name="..."`: the registered task name when given explicitly. */
  explicitName?: string;
  /** `queue=` on the decorator (or a `queue =` attribute of a task class). */
  queue?: QueueValue;
  /** `base=Cls` on the decorator, as written, resolved through the module's imports. */
  base?: string;
  /** Other routing options on the decorator (`routing_key=`, `exchange=`, `options={"queue": ...}`). */
  routedByOptions?: boolean;
  /** The task's body only queues other tasks (dispatch-only.ts): running it inline costs broker publishes. */
  dispatchOnly?: true;
}

export interface RouteEntryFacts {
  /** Exact task name or a glob (`apps.*.tasks.etl_*`). */
  pattern: string;
  /** The queue the entry sends to; undefined when it routes by exchange / routing key only. */
  queue?: QueueValue;
}

export interface CeleryRouteTableFacts {
  line: number;
  /** Where it was written: `CELERY_TASK_ROUTES`, `app.conf.task_routes`, `Celery(task_routes=)`. */
  source: string;
  entries: RouteEntryFacts[];
  /** Parts that cannot be read statically: router functions, regex keys, non-literal tables. */
  unknown: string[];
}

export interface CeleryRoutedCallFacts {
  /** The task expression as written, resolved through imports when it is a plain name (`orders.tasks.rebuild`). */
  callee: string;
  queue: QueueValue;
  line: number;
}

export interface CeleryModuleFacts {
  tasks: CeleryTaskFacts[];
  routeTables: CeleryRouteTableFacts[];
  declaredQueues: { queue: QueueValue; line: number }[];
  defaultQueue?: QueueValue;
  routedCalls: CeleryRoutedCallFacts[];
  /**
   * A management command module (`<app>/management/commands/<name>.py`): its name, and whether its
   * `Command.handle` only queues tasks (dispatch-only.ts).
   */
  command?: { name: string; dispatchOnly: boolean };
  /** Module-level names bound to `Celery(...)`. */
  apps: { name: string; line: number }[];
  /** Task classes (and task base classes) of this module that set a `queue` attribute. */
  classesWithQueue: string[];
  /** Module-level `NAME = "literal"` strings, to resolve `queue=NAME`. */
  constants: Map<string, string>;
  /** Module-level imports, local name → dotted target. */
  imports: Map<string, string>;
}
