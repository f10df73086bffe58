/**
 * One parsed module → CeleryModuleFacts. Reads module-level task definitions, the routing part of the
 * Celery configuration (`task_routes`, `task_queues`, `task_default_queue`) in its three spellings (Django settings `CELERY_*`, `app.conf.<key>` / `app.conf.update(...)` /
 * `Celery(..., key=...)`, and plain `task_routes = ...` in a celeryconfig module), and every call in the
 * module that routes a task to a queue by itself (`apply_async(queue=...)`, `.set(queue=...)`).
 */
import type { SyntaxNode, Tree } from "../parser.js";
import { collectImports, MODULE_LEVEL_CONTAINERS } from "../imports.js";
import { stringValue } from "./expr.js";
import { isCommandPath } from "../code-kind.js";
import { enclosingFunction } from "../django/syntax.js";
import { dispatchesOnly, moduleFunctions, type DispatchScope } from "./dispatch-only.js";
import type {
  CeleryModuleFacts,
  CeleryRouteTableFacts,
  CeleryTaskFacts,
  QueueValue,
  RouteEntryFacts,
} from "./celery-facts.js";

/** Cheap text test: a module that mentions none of these has nothing for the Celery index. */
export const CELERY_TEXT = /celery|shared_task|periodic_task|\.task\b|task_routes|apply_async|send_task|\.set\(\s*queue/i;

/** A management command module that queues a task (`rebuild.delay()`) without naming Celery: read for `command`. */
export function queuingCommandModule(path: string, text: string): boolean {
  return isCommandPath(path) && /\.(delay|apply_async)\(/.test(text);
}

/** Libraries whose `.task` decorator is not Celery's. */
const OTHER_TASK_LIBRARIES = /^(huey|dramatiq|rq|django_rq|procrastinate|django_q|taskiq|arq|spinach|django_tasks)(\.|$)/;

/** Old (Celery 3) setting names → the canonical new names. */
const OLD_SETTING_NAMES: Record<string, string> = {
  CELERY_ROUTES: "task_routes",
  CELERY_QUEUES: "task_queues",
  CELERY_DEFAULT_QUEUE: "task_default_queue",
};

/**
 * The settings that decide routing. Other Celery settings (time limits, events) are read by the
 * settings index (`index.settings.celery`), which evaluates settings modules properly.
 */
const KNOWN_SETTINGS = new Set(["task_routes", "task_queues", "task_default_queue"]);

export interface CeleryModuleInput {
  path: string;
  tree: Tree;
  module: string;
  isPackage: boolean;
}

export function extractCeleryFacts(mod: CeleryModuleInput): CeleryModuleFacts {
  const imports = collectImports(mod).names;
  const facts: CeleryModuleFacts = {
    tasks: [],
    routeTables: [],
    declaredQueues: [],
    routedCalls: [],
    apps: [],
    classesWithQueue: [],
    constants: new Map(),
    imports: new Map(imports),
  };
  const reader = new ModuleReader(mod, imports, facts);
  for (const stmt of mod.tree.rootNode.namedChildren) reader.statement(stmt);
  const command = commandOf(mod, imports);
  if (command) facts.command = command;
  reader.routedCalls(mod.tree.rootNode);
  if (mod.tree.rootNode.text.includes("task_routes")) runtimeRouteChanges(mod.tree.rootNode, facts);
  return facts;
}

/** `<app>/management/commands/<name>.py` with a `Command` class: the command's name and what its `handle` does. */
function commandOf(mod: CeleryModuleInput, imports: ReadonlyMap<string, string>): CeleryModuleFacts["command"] {
  const match = /(?:^|\/)management\/commands\/([A-Za-z_]\w*)\.py$/.exec(mod.path);
  if (!match?.[1] || match[1] === "__init__") return undefined;
  const root = mod.tree.rootNode;
  const cls = root.namedChildren.map((c) => (c.type === "decorated_definition" ? c.childForFieldName("definition") : c)).find((c) => c?.type === "class_definition" && c.childForFieldName("name")?.text === "Command");
  const handle = cls?.childForFieldName("body")?.namedChildren.map((c) => (c.type === "decorated_definition" ? c.childForFieldName("definition") : c)).find((c) => c?.type === "function_definition" && c.childForFieldName("name")?.text === "handle");
  if (!handle) return undefined;
  return { name: match[1], dispatchOnly: dispatchesOnly(handle, { functions: moduleFunctions(root), imports }) };
}

/**
 * `app.conf.task_routes.update({...})`, `app.conf.task_routes[name] = {...}`, `app.conf.task_routes = ...`
 * inside a function: routes added while the program runs (a queue registry filling them at start-up), so
 * which tasks are routed cannot be read statically. Module-level assignments are read as tables above.
 */
function runtimeRouteChanges(root: SyntaxNode, facts: CeleryModuleFacts): void {
  const routesAttr = (node: SyntaxNode | null | undefined): boolean =>
    node?.type === "attribute" && node.childForFieldName("attribute")?.text === "task_routes" && node.childForFieldName("object")?.type === "attribute" && node.childForFieldName("object")?.childForFieldName("attribute")?.text === "conf";
  const add = (node: SyntaxNode, source: string): void =>
    void facts.routeTables.push({ line: node.startPosition.row + 1, source, entries: [], unknown: ["routes added at run time"] });
  for (const call of root.descendantsOfType("call")) {
    const fn = call.childForFieldName("function");
    if (fn?.type === "attribute" && ["update", "setdefault"].includes(fn.childForFieldName("attribute")?.text ?? "") && routesAttr(fn.childForFieldName("object")) && enclosingFunction(call)) add(call, `${fn.childForFieldName("object")!.text}.${fn.childForFieldName("attribute")!.text}(...)`);
  }
  for (const assignment of root.descendantsOfType("assignment")) {
    const left = assignment.childForFieldName("left");
    const target = left?.type === "subscript" ? left.childForFieldName("value") : left;
    if (routesAttr(target) && enclosingFunction(assignment)) add(assignment, target!.text);
  }
}

class ModuleReader {
  /** Plain lower-case settings (`task_routes = {...}`) count only in a Celery config module. */
  private readonly celeryConfigModule: boolean;
  private readonly appNames = new Set<string>();

  constructor(
    private readonly mod: CeleryModuleInput,
    private readonly imports: ReadonlyMap<string, string>,
    private readonly facts: CeleryModuleFacts,
  ) {
    this.celeryConfigModule = /(^|\.)[a-z_]*celery[a-z_]*$/i.test(mod.module);
  }

  statement(stmt: SyntaxNode): void {
    switch (stmt.type) {
      case "decorated_definition": {
        const def = stmt.childForFieldName("definition");
        if (def?.type === "function_definition") this.taskFunction(def, stmt);
        else if (def?.type === "class_definition") this.taskClass(def);
        return;
      }
      case "class_definition":
        this.taskClass(stmt);
        return;
      case "expression_statement": {
        const inner = stmt.namedChildren[0];
        if (inner?.type === "assignment") this.assignment(inner);
        else if (inner?.type === "call") this.configCall(inner);
        return;
      }
      default:
        if (MODULE_LEVEL_CONTAINERS.has(stmt.type)) for (const child of stmt.namedChildren) this.statement(child);
    }
  }

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────────

  private taskFunction(fn: SyntaxNode, decorated: SyntaxNode): void {
    const name = fn.childForFieldName("name")?.text;
    if (!name) return;
    for (const decorator of decorated.namedChildren.filter((c) => c.type === "decorator")) {
      const expr = decorator.namedChildren.find((c) => c.type !== "comment");
      if (!expr) continue;
      const target = expr.type === "call" ? expr.childForFieldName("function") : expr;
      if (!target || !this.isTaskDecorator(target)) continue;
      const task: CeleryTaskFacts = { name, line: fn.startPosition.row + 1, kind: "function", decorator: target.text };
      if (expr.type === "call") this.readTaskOptions(expr.childForFieldName("arguments"), task);
      if (dispatchesOnly(fn, this.dispatchScope())) task.dispatchOnly = true;
      this.facts.tasks.push(task);
      return;
    }
  }

  private scope: DispatchScope | undefined;

  private dispatchScope(): DispatchScope {
    this.scope ??= { functions: moduleFunctions(this.mod.tree.rootNode), imports: this.imports };
    return this.scope;
  }

  private isTaskDecorator(target: SyntaxNode): boolean {
    if (target.type === "identifier") {
      const imported = this.imports.get(target.text);
      if (target.text === "shared_task" || target.text === "periodic_task") return imported === undefined || imported.startsWith("celery");
      // A bare `@task` only when it is Celery's.
      return target.text === "task" && (imported ?? "").startsWith("celery");
    }
    if (target.type !== "attribute") return false;
    const attr = target.childForFieldName("attribute")?.text;
    const object = target.childForFieldName("object");
    if (!object || (attr !== "task" && attr !== "shared_task" && attr !== "periodic_task")) return false;
    if (object.type !== "identifier") return false;
    const head = object.text;
    const imported = this.imports.get(head);
    if (imported !== undefined && OTHER_TASK_LIBRARIES.test(imported)) return false;
    if (head === "celery" || this.appNames.has(head)) return true;
    if (imported !== undefined && (/celery/i.test(imported) || /\.(app|celery_app|capp)$/.test(imported))) return true;
    return /^(app|celery|celery_app|capp|celeryapp)$/i.test(head);
  }

  private readTaskOptions(args: SyntaxNode | null, task: CeleryTaskFacts): void {
    for (const arg of args?.namedChildren ?? []) {
      if (arg.type !== "keyword_argument") continue;
      const key = arg.childForFieldName("name")?.text;
      const value = arg.childForFieldName("value");
      if (!key || !value) continue;
      if (key === "name") {
        const literal = stringValue(value);
        if (literal !== undefined) task.explicitName = literal;
      } else if (key === "queue") task.queue = this.queueValue(value);
      else if (key === "base") task.base = this.dotted(value);
      else if (key === "routing_key" || key === "exchange") task.routedByOptions = true;
      else if (key === "options") {
        const queue = value.type === "dictionary" ? dictEntry(value, "queue") : undefined;
        if (queue) task.queue = this.queueValue(queue);
        else task.routedByOptions = true;
      }
    }
  }

  /**
   * `class ImportTask(Task)` with a `run` method (or `app.Task`, `celery.Task`): a class-based task.
   * Any class that sets a `queue` attribute is remembered, so that `base=ThatClass` counts as routed.
   */
  private taskClass(cls: SyntaxNode): void {
    const name = cls.childForFieldName("name")?.text;
    if (!name) return;
    const bases = (cls.childForFieldName("superclasses")?.namedChildren ?? []).filter((b) => b.type !== "keyword_argument");
    const body = cls.childForFieldName("body");
    let queue: QueueValue | undefined;
    let explicitName: string | undefined;
    let abstract = false;
    let hasRun = false;
    for (const stmt of body?.namedChildren ?? []) {
      const inner = stmt.type === "expression_statement" ? stmt.namedChildren[0] : stmt;
      if (inner?.type === "assignment") {
        const left = inner.childForFieldName("left")?.text;
        const right = inner.childForFieldName("right");
        if (!right) continue;
        if (left === "queue") queue = this.queueValue(right);
        else if (left === "name") explicitName = stringValue(right);
        else if (left === "abstract" && right.text === "True") abstract = true;
      } else if (inner?.type === "function_definition" && inner.childForFieldName("name")?.text === "run") hasRun = true;
      else if (inner?.type === "decorated_definition" && inner.childForFieldName("definition")?.childForFieldName("name")?.text === "run") hasRun = true;
    }
    const taskBase = bases.some((b) => this.isTaskBase(b));
    if (queue && (taskBase || bases.some((b) => /Task$/.test(b.text)))) this.facts.classesWithQueue.push(name);
    if (!taskBase || abstract || !hasRun) return;
    const task: CeleryTaskFacts = { name, line: cls.startPosition.row + 1, kind: "class", decorator: "class" };
    if (queue) task.queue = queue;
    if (explicitName !== undefined) task.explicitName = explicitName;
    this.facts.tasks.push(task);
  }

  private isTaskBase(base: SyntaxNode): boolean {
    if (base.type === "identifier") return base.text === "Task" && (this.imports.get("Task") ?? "").startsWith("celery");
    if (base.type !== "attribute" || base.childForFieldName("attribute")?.text !== "Task") return false;
    const head = base.childForFieldName("object")?.text ?? "";
    return head === "celery" || this.appNames.has(head) || /celery/i.test(this.imports.get(head) ?? "");
  }

  // ── configuration ──────────────────────────────────────────────────────────────────────────────

  private assignment(node: SyntaxNode): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!left || !right || right.type === "assignment") return;
    if (left.type === "identifier") {
      const literal = stringValue(right);
      if (literal !== undefined) this.facts.constants.set(left.text, literal);
      if (right.type === "call" && this.isCeleryConstructor(right.childForFieldName("function"))) {
        this.appNames.add(left.text);
        this.facts.apps.push({ name: left.text, line: node.startPosition.row + 1 });
        this.configKeywords(right.childForFieldName("arguments"), "Celery(...)");
        return;
      }
      const key = settingKeyOfName(left.text, this.celeryConfigModule);
      if (key) this.setting(key, right, left.text);
      return;
    }
    // `app.conf.task_routes = ...`, `app.conf["task_routes"] = ...`
    const confKey = confTargetKey(left);
    if (confKey && KNOWN_SETTINGS.has(confKey.key)) this.setting(confKey.key, right, `${confKey.conf}.${confKey.key}`);
  }

  private isCeleryConstructor(fn: SyntaxNode | null): boolean {
    if (!fn) return false;
    if (fn.type === "identifier") return fn.text === "Celery" && (this.imports.get("Celery") ?? "celery").startsWith("celery");
    return fn.type === "attribute" && fn.text === "celery.Celery";
  }

  /** `app.conf.update(task_routes=..., ...)` / `app.conf.update({"task_routes": ...})`; `app.config_from_object(Config)`. */
  private configCall(call: SyntaxNode): void {
    const fn = call.childForFieldName("function");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "config_from_object") {
      this.configObject(call);
      return;
    }
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "update") return;
    const conf = fn.childForFieldName("object");
    if (conf?.type !== "attribute" || conf.childForFieldName("attribute")?.text !== "conf") return;
    const args = call.childForFieldName("arguments");
    this.configKeywords(args, `${conf.text}.update(...)`);
    const dict = args?.namedChildren.find((c) => c.type === "dictionary");
    if (!dict) return;
    for (const pair of dict.namedChildren) {
      if (pair.type !== "pair") continue;
      const key = stringValue(pair.childForFieldName("key") ?? pair);
      const value = pair.childForFieldName("value");
      if (key && value && KNOWN_SETTINGS.has(key)) this.setting(key, value, `${conf.text}.update(...)`);
    }
  }

  /**
   * `app.config_from_object(CeleryConfig)`: a class, instance or dict whose attributes Celery reads as
   * its configuration, `task_routes` (a router class, often) included. The index reads route tables
   * from settings and Celery modules, not from such an object, so routing is unknown. A string names
   * Django settings or a module, which are read where they are written.
   */
  private configObject(call: SyntaxNode): void {
    const first = call.childForFieldName("arguments")?.namedChildren.find((c) => c.type !== "comment" && c.type !== "keyword_argument");
    if (!first || stringValue(unwrap(first)) !== undefined) return;
    const text = first.text.length > 60 ? `${first.text.slice(0, 60)}…` : first.text;
    this.facts.routeTables.push({ line: call.startPosition.row + 1, source: `config_from_object(${text})`, entries: [], unknown: ["a config object the index does not read (its task_routes may route every task)"] });
  }

  private configKeywords(args: SyntaxNode | null, where: string): void {
    for (const arg of args?.namedChildren ?? []) {
      if (arg.type !== "keyword_argument") continue;
      const key = arg.childForFieldName("name")?.text;
      const value = arg.childForFieldName("value");
      if (key && value && KNOWN_SETTINGS.has(key)) this.setting(key, value, where);
    }
  }

  private setting(key: string, value: SyntaxNode, source: string): void {
    const line = value.startPosition.row + 1;
    if (key === "task_routes") this.facts.routeTables.push(this.routeTable(value, source, line));
    else if (key === "task_queues") this.queues(value);
    else if (key === "task_default_queue") this.facts.defaultQueue = this.queueValue(value);
  }

  private routeTable(value: SyntaxNode, source: string, line: number): CeleryRouteTableFacts {
    const table: CeleryRouteTableFacts = { line, source, entries: [], unknown: [] };
    this.routeTableInto(value, table, 0);
    return table;
  }

  private routeTableInto(value: SyntaxNode, table: CeleryRouteTableFacts, depth: number): void {
    const node = unwrap(value);
    if (node.type === "dictionary") {
      for (const pair of node.namedChildren) {
        if (pair.type === "dictionary_splat") table.unknown.push(`a spread (${pair.text})`);
        if (pair.type !== "pair") continue;
        const keyNode = pair.childForFieldName("key");
        const valueNode = pair.childForFieldName("value");
        const pattern = keyNode ? stringValue(keyNode) : undefined;
        if (pattern === undefined || !valueNode) {
          table.unknown.push(`a key that is not a string (${keyNode?.text ?? "?"})`);
          continue;
        }
        table.entries.push(this.routeEntry(pattern, valueNode));
      }
      return;
    }
    if ((node.type === "list" || node.type === "tuple") && depth === 0) {
      for (const item of node.namedChildren) {
        if (item.type === "comment") continue;
        const inner = unwrap(item);
        if (inner.type === "dictionary") this.routeTableInto(inner, table, depth + 1);
        else table.unknown.push(`a router (${inner.text.length > 60 ? `${inner.text.slice(0, 60)}…` : inner.text})`);
      }
      return;
    }
    if (node.type === "identifier" && depth === 0) {
      table.unknown.push(`a table defined elsewhere (${node.text})`);
      return;
    }
    table.unknown.push(`a value that is not a literal table (${node.text.length > 60 ? `${node.text.slice(0, 60)}…` : node.text})`);
  }

  private routeEntry(pattern: string, value: SyntaxNode): RouteEntryFacts {
    const node = unwrap(value);
    if (stringValue(node) !== undefined) return { pattern, queue: this.queueValue(node) };
    if (node.type === "dictionary") {
      const queue = dictEntry(node, "queue");
      return queue ? { pattern, queue: this.queueValue(queue) } : { pattern };
    }
    return { pattern, queue: { kind: "dynamic", text: node.text } };
  }

  private queues(value: SyntaxNode): void {
    const node = unwrap(value);
    const line = node.startPosition.row + 1;
    if (node.type === "dictionary") {
      for (const pair of node.namedChildren) {
        const key = pair.type === "pair" ? pair.childForFieldName("key") : null;
        const name = key ? stringValue(key) : undefined;
        if (name !== undefined) this.facts.declaredQueues.push({ queue: { kind: "literal", name }, line });
      }
      return;
    }
    const items = node.type === "list" || node.type === "tuple" || node.type === "set" ? node.namedChildren : [];
    for (const item of items) {
      const inner = unwrap(item);
      if (inner.type !== "call") continue;
      const first = inner.childForFieldName("arguments")?.namedChildren.find((a) => a.type !== "comment" && a.type !== "keyword_argument");
      const nameKw = inner.childForFieldName("arguments")?.namedChildren.find(
        (a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "name",
      );
      const nameNode = first ?? nameKw?.childForFieldName("value");
      if (nameNode) this.facts.declaredQueues.push({ queue: this.queueValue(nameNode), line: inner.startPosition.row + 1 });
    }
  }

  // ── call sites ─────────────────────────────────────────────────────────────────────────────────

  /** Calls anywhere in the module that choose a queue themselves. */
  routedCalls(root: SyntaxNode): void {
    for (const call of root.descendantsOfType("call")) {
      const fn = call.childForFieldName("function");
      if (fn?.type !== "attribute") continue;
      const method = fn.childForFieldName("attribute")?.text;
      const args = call.childForFieldName("arguments");
      const queueNode = keyword(args, "queue");
      if (!queueNode) continue;
      const object = fn.childForFieldName("object");
      if (!object) continue;
      let callee: string | undefined;
      if (method === "apply_async" || method === "signature" || method === "s" || method === "si") callee = this.dotted(object);
      else if (method === "set") callee = signatureCallee(object, (n) => this.dotted(n));
      else if (method === "send_task") {
        const first = args?.namedChildren.find((a) => a.type !== "comment" && a.type !== "keyword_argument");
        callee = first ? stringValue(first) : undefined;
      }
      if (callee) this.facts.routedCalls.push({ callee, queue: this.queueValue(queueNode), line: call.startPosition.row + 1 });
    }
  }

  // ── values ─────────────────────────────────────────────────────────────────────────────────────

  private queueValue(node: SyntaxNode): QueueValue {
    const n = unwrap(node);
    const literal = stringValue(n);
    if (literal !== undefined) return { kind: "literal", name: literal };
    if (n.type === "identifier" || n.type === "attribute") {
      const dotted = this.dotted(n);
      if (dotted) return { kind: "ref", dotted };
    }
    return { kind: "dynamic", text: n.text.length > 80 ? `${n.text.slice(0, 80)}…` : n.text };
  }

  /** `name` / `a.b.c` with its head resolved through the module's imports (recorded for later resolution). */
  private dotted(node: SyntaxNode): string | undefined {
    const n = unwrap(node);
    if (n.type !== "identifier" && n.type !== "attribute") return undefined;
    if (!/^[A-Za-z_][\w.]*$/.test(n.text)) return undefined;
    const [head = "", ...rest] = n.text.split(".");
    const imported = this.imports.get(head);
    if (imported !== undefined) return [imported, ...rest].join(".");
    return this.mod.module ? `${this.mod.module}.${n.text}` : n.text;
  }
}

/** `CELERY_TASK_ROUTES` / `CELERY_ROUTES` → `task_routes`; lower-case names only in a Celery config module. */
export function settingKeyOfName(name: string, celeryConfigModule: boolean): string | undefined {
  const old = OLD_SETTING_NAMES[name];
  if (old) return old;
  if (name.startsWith("CELERY_")) {
    const key = name.slice("CELERY_".length).toLowerCase();
    return KNOWN_SETTINGS.has(key) ? key : undefined;
  }
  return celeryConfigModule && KNOWN_SETTINGS.has(name) ? name : undefined;
}

function confTargetKey(left: SyntaxNode): { conf: string; key: string } | undefined {
  if (left.type === "attribute") {
    const conf = left.childForFieldName("object");
    const key = left.childForFieldName("attribute")?.text;
    if (conf?.type === "attribute" && conf.childForFieldName("attribute")?.text === "conf" && key) return { conf: conf.text, key };
  }
  if (left.type === "subscript") {
    const conf = left.childForFieldName("value");
    const sub = left.childForFieldName("subscript");
    const key = sub ? stringValue(sub) : undefined;
    if (conf?.type === "attribute" && conf.childForFieldName("attribute")?.text === "conf" && key) return { conf: conf.text, key };
  }
  return undefined;
}

/** `task.s(...).set(queue=...)`: the task of the signature the `.set` is applied to. */
function signatureCallee(object: SyntaxNode, dotted: (n: SyntaxNode) => string | undefined): string | undefined {
  if (object.type !== "call") return undefined;
  const fn = object.childForFieldName("function");
  if (fn?.type !== "attribute") return undefined;
  const method = fn.childForFieldName("attribute")?.text;
  if (method !== "s" && method !== "si" && method !== "signature") return undefined;
  const task = fn.childForFieldName("object");
  return task ? dotted(task) : undefined;
}

function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === "parenthesized_expression") {
    const inner = n.namedChildren.find((c) => c.type !== "comment");
    if (!inner) break;
    n = inner;
  }
  return n;
}

function keyword(args: SyntaxNode | null, name: string): SyntaxNode | undefined {
  for (const arg of args?.namedChildren ?? []) {
    if (arg.type === "keyword_argument" && arg.childForFieldName("name")?.text === name) return arg.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

function dictEntry(dict: SyntaxNode, key: string): SyntaxNode | undefined {
  for (const pair of dict.namedChildren) {
    if (pair.type !== "pair") continue;
    const k = pair.childForFieldName("key");
    if (k && stringValue(k) === key) return pair.childForFieldName("value") ?? undefined;
  }
  return undefined;
}
