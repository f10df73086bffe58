/**
 * The Celery registry (RULES.md §3 "C"): every task the project defines, where it is routed, and which
 * queues exist. Other Celery settings (time limits, events) are the settings index's
 * (`index.settings.celery`). Built from per-module CeleryModuleFacts; pure.
 *
 * Routing follows Celery's own order: a `queue=` option on the task (or its base class), then the
 * route tables (`task_routes`: exact names first, then globs, where `*` matches one or more characters
 * and a pattern must match from the start of the name), then the call site (`apply_async(queue=...)`).
 * A router function, a regex key or a table built at run time makes routing *unknown*: rules then
 * stay silent and say so.
 */
import type { CeleryModuleFacts, QueueValue, RouteEntryFacts } from "./celery-facts.js";
import { importableModuleName } from "../source-file.js";

export interface CeleryTask {
  /** `<module>.<function>` (or class), the key of the registry. */
  qualifiedName: string;
  /**
   * The name Celery registers: `name=` when given, else the module's importable name and the function
   * (`shop.tasks.rebuild` for `src/shop/tasks.py` when `src/` is a source root, no package).
   */
  taskName: string;
  /** `name=` gives the task its name. */
  explicitName: boolean;
  functionName: string;
  module: string;
  path: string;
  line: number;
  kind: "function" | "class";
  decorator: string;
  /** The task's own queue option; `undefined` when it sets none. A run-time value is `{ dynamic }`. */
  queue?: { name: string } | { dynamic: string };
  /** A `base=` class: routed when the class sets `queue`; unknown when the class is not in the index. */
  base?: { dotted: string; setsQueue: boolean | "unknown" };
  routedByOptions: boolean;
  /** The body only queues other tasks: run inline, it costs broker publishes, not the work. */
  dispatchOnly: boolean;
}

export interface ResolvedRouteEntry {
  pattern: string;
  /** Queue name; "?" when only known at run time; undefined for exchange/routing-key routes. */
  queue?: string;
  path: string;
  line: number;
}

export type TaskRouting =
  | { by: "option"; queue: string }
  | { by: "base"; base: string }
  | { by: "route"; pattern: string; queue?: string; path: string; line: number }
  | { by: "call-site"; queue: string; path: string; line: number }
  | { by: "unknown"; reasons: string[] }
  | { by: "none" };

export interface CeleryIndex {
  /** Tasks by qualified name. */
  readonly tasks: ReadonlyMap<string, CeleryTask>;
  readonly routes: readonly ResolvedRouteEntry[];
  /** Where route tables are written (also empty ones). */
  readonly routeTables: readonly { path: string; line: number; source: string }[];
  /** Why routing cannot be read statically (router functions, regex keys, tables built at run time). */
  readonly unknownRouting: readonly { path: string; line: number; reason: string }[];
  /** Queues named anywhere: `task_queues`, route tables, task options, call sites. */
  readonly queues: ReadonlySet<string>;
  /** `task_default_queue`, or Celery's `celery`. */
  readonly defaultQueue: string;
  /** Where Celery apps are created (`app = Celery(...)`). */
  readonly apps: readonly { path: string; line: number; name: string }[];
  /** The project defines a task, an app or a route table. */
  readonly used: boolean;
  /** The task a dotted name refers to (`orders.tasks.rebuild`, or a unique suffix of one). */
  taskNamed(dotted: string): CeleryTask | undefined;
  /** Tasks defined in a file. */
  tasksIn(path: string): readonly CeleryTask[];
  routingOf(task: CeleryTask): TaskRouting;
  /** Queues other than the default one. */
  nonDefaultQueues(): string[];
  /**
   * The project's management command of that name only queues tasks from its `handle`: true when
   * every command module of the name the index read does so; undefined when none was read.
   */
  commandDispatchesOnly(name: string): boolean | undefined;
}

export interface CeleryModuleInput {
  path: string;
  module: string;
  facts: CeleryModuleFacts;
}

const CELERY_DEFAULT_QUEUE = "celery";

/** `known`: every module name the index read (packages among them), to find source roots. */
export function buildCeleryIndex(modules: readonly CeleryModuleInput[], known: ReadonlySet<string> = new Set()): CeleryIndex {
  const byModule = new Map<string, CeleryModuleInput>();
  for (const m of modules) if (!byModule.has(m.module)) byModule.set(m.module, m);
  const resolver = new ConstantResolver(byModule);

  const tasks = new Map<string, CeleryTask>();
  const byPath = new Map<string, CeleryTask[]>();
  const routes: ResolvedRouteEntry[] = [];
  const routeTables: { path: string; line: number; source: string }[] = [];
  const unknownRouting: { path: string; line: number; reason: string }[] = [];
  const queues = new Set<string>();
  const apps: { path: string; line: number; name: string }[] = [];
  const routedCalls: { callee: string; queue: string; path: string; line: number }[] = [];
  let defaultQueue: string | undefined;
  const classesWithQueue = new Set<string>();
  const commands = new Map<string, boolean>();

  for (const m of byModule.values()) {
    for (const cls of m.facts.classesWithQueue) classesWithQueue.add(`${m.module}.${cls}`);
  }

  for (const m of byModule.values()) {
    const { facts, path, module } = m;
    for (const t of facts.tasks) {
      const qualifiedName = module ? `${module}.${t.name}` : t.name;
      const importable = module ? `${importableModuleName(module, known)}.${t.name}` : t.name;
      const queue = t.queue ? resolver.queue(t.queue, m) : undefined;
      const task: CeleryTask = {
        qualifiedName,
        taskName: t.explicitName ?? importable,
        explicitName: t.explicitName !== undefined,
        functionName: t.name,
        module,
        path,
        line: t.line,
        kind: t.kind,
        decorator: t.decorator,
        ...(queue !== undefined ? { queue: queue === "?" ? { dynamic: queueText(t.queue!) } : { name: queue } } : {}),
        ...(t.base ? { base: { dotted: t.base, setsQueue: baseSetsQueue(t.base, classesWithQueue, byModule) } } : {}),
        routedByOptions: t.routedByOptions === true,
        dispatchOnly: t.dispatchOnly === true,
      };
      if (!tasks.has(qualifiedName)) tasks.set(qualifiedName, task);
      const list = byPath.get(path) ?? [];
      list.push(task);
      byPath.set(path, list);
      if (queue && queue !== "?") queues.add(queue);
    }
    for (const table of facts.routeTables) {
      routeTables.push({ path, line: table.line, source: table.source });
      for (const reason of table.unknown) unknownRouting.push({ path, line: table.line, reason: `${table.source} has ${reason}` });
      for (const entry of table.entries) {
        const queue = entry.queue ? resolver.queue(entry.queue, m) : undefined;
        routes.push({ pattern: entry.pattern, ...(queue !== undefined ? { queue } : {}), path, line: table.line });
        if (queue && queue !== "?") queues.add(queue);
      }
    }
    for (const { queue, line } of facts.declaredQueues) {
      const name = resolver.queue(queue, m);
      if (name !== "?") queues.add(name);
      else unknownRouting.push({ path, line, reason: "a queue declared with a name known only at run time" });
    }
    if (facts.defaultQueue) {
      const name = resolver.queue(facts.defaultQueue, m);
      if (name !== "?") defaultQueue = name;
    }
    for (const app of facts.apps) apps.push({ ...app, path });
    if (facts.command) commands.set(facts.command.name, (commands.get(facts.command.name) ?? true) && facts.command.dispatchOnly);
    for (const call of facts.routedCalls) {
      const queue = resolver.queue(call.queue, m);
      routedCalls.push({ callee: call.callee, queue, path, line: call.line });
      if (queue !== "?") queues.add(queue);
    }
  }

  const effectiveDefault = defaultQueue ?? CELERY_DEFAULT_QUEUE;
  const suffixes = suffixTable(tasks.keys());
  const matchers = routes.map((r) => ({ route: r, match: routeMatcher(r.pattern) }));

  const taskNamed = (dotted: string): CeleryTask | undefined => {
    const exact = tasks.get(dotted);
    if (exact) return exact;
    const candidates = suffixes.get(dotted);
    return candidates && candidates.length === 1 ? tasks.get(candidates[0]!) : undefined;
  };

  return {
    tasks,
    routes,
    routeTables,
    unknownRouting,
    queues,
    defaultQueue: effectiveDefault,
    apps,
    used: tasks.size > 0 || apps.length > 0 || routes.length > 0,
    taskNamed,
    tasksIn: (path) => byPath.get(path) ?? [],
    nonDefaultQueues: () => [...queues].filter((q) => q !== effectiveDefault && q !== CELERY_DEFAULT_QUEUE).sort(),
    commandDispatchesOnly: (name) => commands.get(name),
    routingOf(task) {
      if (task.queue) return { by: "option", queue: "name" in task.queue ? task.queue.name : "?" };
      if (task.routedByOptions) return { by: "option", queue: "?" };
      if (task.base && task.base.setsQueue !== false) {
        if (task.base.setsQueue === true) return { by: "base", base: task.base.dotted };
      }
      // Celery tries exact names first, then patterns in order; any match routes the task.
      const names = candidateNames(task);
      for (const { route, match } of matchers) {
        if (names.some(match)) return { by: "route", pattern: route.pattern, ...(route.queue ? { queue: route.queue } : {}), path: route.path, line: route.line };
      }
      const call = routedCalls.find((c) => callMatches(c.callee, task, taskNamed));
      if (call) return { by: "call-site", queue: call.queue, path: call.path, line: call.line };
      const reasons = unknownRouting.map((u) => `${u.path}:${u.line}: ${u.reason}`);
      if (task.base?.setsQueue === "unknown") reasons.push(`base class ${task.base.dotted} is not in the index`);
      return reasons.length > 0 ? { by: "unknown", reasons } : { by: "none" };
    },
  };
}

/**
 * The names Celery may register the task under. Module names come from paths, which can carry a
 * prefix the import system does not (`src/shop/tasks.py` imported as `shop.tasks`), so every dotted
 * suffix of the module counts: a route that matches any of them routes the task.
 */
function candidateNames(task: CeleryTask): string[] {
  if (task.explicitName) return [task.taskName];
  const parts = task.module.split(".").filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) out.push([...parts.slice(i), task.functionName].join("."));
  out.push(task.functionName);
  return out;
}

/** Celery's MapRoute: exact keys compare equal; keys with `*` are globs (`*` = `.+?`) matched from the start. */
function routeMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes("*")) return (name) => name === pattern;
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".+?" : /[\\^$.|?+()[\]{}]/.test(c) ? `\\${c}` : c))
    .join("");
  const re = new RegExp(`^${source}`);
  return (name) => re.test(name);
}

function callMatches(callee: string, task: CeleryTask, taskNamed: (d: string) => CeleryTask | undefined): boolean {
  if (callee === task.taskName) return true;
  const resolved = taskNamed(callee);
  if (resolved) return resolved.qualifiedName === task.qualifiedName;
  // An unresolved callee with the task's function name may well be this task: count it as routed.
  return callee.slice(callee.lastIndexOf(".") + 1) === task.functionName;
}

function baseSetsQueue(dotted: string, classesWithQueue: ReadonlySet<string>, modules: ReadonlyMap<string, CeleryModuleInput>): boolean | "unknown" {
  if (classesWithQueue.has(dotted)) return true;
  for (const qn of classesWithQueue) if (qn.endsWith(`.${dotted}`) || dotted.endsWith(`.${qn}`)) return true;
  // A base class from a library (celery.Task, a package's task class) sets no queue by itself.
  const module = dotted.slice(0, dotted.lastIndexOf("."));
  if (module.startsWith("celery")) return false;
  for (const name of modules.keys()) if (name === module || name.endsWith(`.${module}`) || module.endsWith(`.${name}`)) return false;
  return "unknown";
}

function queueText(q: QueueValue): string {
  return q.kind === "literal" ? q.name : q.kind === "ref" ? q.dotted : q.text;
}

function suffixTable(names: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of names) {
    const parts = name.split(".");
    for (let i = 1; i < parts.length; i++) {
      const suffix = parts.slice(i).join(".");
      const list = out.get(suffix) ?? [];
      list.push(name);
      out.set(suffix, list);
    }
  }
  return out;
}

/** `queue=STREAMS` where `STREAMS = "streams"` here or in a module it is imported from. */
class ConstantResolver {
  constructor(private readonly modules: ReadonlyMap<string, CeleryModuleInput>) {}

  /** A queue name, or "?" when only known at run time. */
  queue(q: QueueValue, from: CeleryModuleInput): string {
    if (q.kind === "literal") return q.name;
    if (q.kind === "dynamic") return "?";
    return this.constant(q.dotted, from, 0) ?? "?";
  }

  private constant(dotted: string, from: CeleryModuleInput, depth: number): string | undefined {
    if (depth > 4) return undefined;
    const dot = dotted.lastIndexOf(".");
    if (dot < 0) return from.facts.constants.get(dotted);
    const moduleName = dotted.slice(0, dot);
    const name = dotted.slice(dot + 1);
    const mod = this.find(moduleName);
    if (!mod) return undefined;
    const literal = mod.facts.constants.get(name);
    if (literal !== undefined) return literal;
    const imported = mod.facts.imports.get(name);
    return imported ? this.constant(imported, mod, depth + 1) : undefined;
  }

  private find(moduleName: string): CeleryModuleInput | undefined {
    const exact = this.modules.get(moduleName);
    if (exact) return exact;
    const matches = [...this.modules.values()].filter((m) => m.module.endsWith(`.${moduleName}`));
    return matches.length === 1 ? matches[0] : undefined;
  }
}

export function emptyCeleryIndex(): CeleryIndex {
  return buildCeleryIndex([]);
}

export type { RouteEntryFacts };
