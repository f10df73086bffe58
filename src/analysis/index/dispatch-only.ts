/**
 * A function whose body only hands work to Celery: it queues at least one task (`.delay(...)`,
 * `.apply_async(...)`, `send_task(...)`, directly or through a function of its own module that does
 * only that) and does nothing else that takes time: no ORM write, no known slow call (remote HTTP,
 * mail, subprocess, sleep, a management command, file reads), no statement calling code it cannot
 * see. Values it computes for the queued calls (a date, a key list, `YearMonth.from_str(...)`, a
 * helper of its own module that is light in the same sense) are allowed, and so are the reads that
 * choose what to queue: a QuerySet built and read outside any loop (`countries = Country.objects
 * .exclude(...)`, then `for c in countries: task.delay(c.code)`), one query for the whole fan-out.
 * A read inside a loop is a query per item: work. Running such a function in a request costs a
 * query and broker publishes, not the work (rotation 8: a management command whose `handle` only
 * queues the reporting task, a task that fans out one task per reporter; rotation 9: a task that
 * queues one task per tenant). Syntax only: a function of the module's text, cached with the Celery
 * facts.
 */
import type { SyntaxNode } from "../parser.js";

/** Methods that queue a task (on a task, a signature, a group or chain). */
const ENQUEUE_METHODS = new Set(["delay", "apply_async", "send_task"]);
/** ORM and I/O methods: any call of these is work, whatever the receiver. */
const WORK_METHODS = new Set([
  "save", "delete", "create", "bulk_create", "bulk_update", "update", "get_or_create", "update_or_create", "filter", "exclude",
  "all", "aggregate", "annotate", "count", "exists", "iterator", "values_list", "first", "last", "refresh_from_db",
  "select_for_update", "read", "write", "send", "post", "put", "patch", "request", "urlopen", "sleep", "wait",
]);
/**
 * QuerySet methods that build or read one query (not a write): allowed outside loops, where they run
 * once to choose the rows to queue work for.
 */
const READ_METHODS = new Set([
  "all", "filter", "exclude", "order_by", "distinct", "only", "defer", "values", "values_list", "select_related",
  "prefetch_related", "using", "get", "first", "last", "exists", "count", "iterator",
]);
/** Statements that repeat their body. */
const LOOPS = new Set(["for_statement", "while_statement", "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
/** `self.stdout.write(...)`: a management command printing its status line. */
const COMMAND_OUTPUT = /^self\.(stdout|stderr)\.write$/;
/** Receivers of logging calls. */
const LOGGERS = /^(logger|log|logging|_logger|LOGGER|_log)$/;
/** Methods of a local list, set or dict filled for the queued calls. */
const CONTAINER_FILLS = new Set(["append", "extend", "add", "insert", "setdefault"]);
/** Builtins that only shape values. */
const BUILTINS = new Set([
  "str", "int", "float", "bool", "len", "list", "dict", "tuple", "set", "frozenset", "sorted", "reversed", "range", "enumerate", "zip",
  "min", "max", "isinstance", "getattr", "hasattr", "repr", "print", "any", "all", "iter", "next", "map", "filter", "round", "abs",
]);
/** Modules whose functions only compute values (dates, ids, formats). */
const VALUE_MODULES = /^(datetime|time|uuid|json|math|decimal|re|random|secrets|itertools|functools|operator|django\.utils\.timezone|dateutil|dateutil\.[\w.]+)$/;
/** Modules whose functions, run as statements, only set the interpreter's own state (`sys.setrecursionlimit(5000)`, `random.seed(1)`). */
const PROCESS_STATE_MODULES = /^(sys|random)$/;
/** Builders of task signatures and canvases, queued by the `.delay()` / `.apply_async()` around them. */
const CANVAS = new Set(["s", "si", "signature", "group", "chain", "chord", "celery.group", "celery.chain", "celery.chord"]);

export interface DispatchScope {
  /** The module's own top-level functions, by name. */
  functions: ReadonlyMap<string, SyntaxNode>;
  /** Local name → absolute dotted target of the module's imports. */
  imports: ReadonlyMap<string, string>;
}

/** Module-level function definitions (also decorated ones, and those inside module-level `if` / `try`). */
export function moduleFunctions(root: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
      if (def?.type === "function_definition") {
        const name = def.childForFieldName("name")?.text;
        if (name && !out.has(name)) out.set(name, def);
      } else if (child.type === "if_statement" || child.type === "try_statement" || child.type === "block" || child.type.endsWith("_clause")) visit(child);
    }
  };
  visit(root);
  return out;
}

/** The function queues work and does nothing slow besides (see the file comment). */
export function dispatchesOnly(fn: SyntaxNode, scope: DispatchScope): boolean {
  return new DispatchReader(scope).read(fn) === "dispatch";
}

type Verdict = "dispatch" | "light" | "work";

class DispatchReader {
  private readonly verdicts = new Map<number, Verdict>();

  constructor(private readonly scope: DispatchScope) {}

  read(fn: SyntaxNode): Verdict {
    const known = this.verdicts.get(fn.id);
    if (known) return known;
    // A cycle (mutual recursion) proves nothing light: work until shown otherwise.
    this.verdicts.set(fn.id, "work");
    const verdict = this.body(fn.childForFieldName("body"));
    this.verdicts.set(fn.id, verdict);
    return verdict;
  }

  private body(body: SyntaxNode | null): Verdict {
    if (!body) return "work";
    let queues = false;
    for (const call of callsIn(body)) {
      const verdict = this.call(call, body);
      if (verdict === "work") return "work";
      if (verdict === "dispatch") queues = true;
    }
    return queues ? "dispatch" : "light";
  }

  /** `chord(...)`, `group(...)`, `celery.chain(...)`: a call of a canvas builder imported from Celery. */
  private isCanvas(call: SyntaxNode): boolean {
    const fn = call.childForFieldName("function");
    if (fn?.type !== "identifier") return false;
    const imported = this.scope.imports.get(fn.text);
    return imported !== undefined && /^celery(\.canvas)?\.(group|chain|chord)$/.test(imported);
  }

  /** `Model.objects.filter(...)`, or a method of a local name (a QuerySet bound above), not of an imported module (`requests.get`). */
  private readsRows(fn: SyntaxNode): boolean {
    if (fn.text.includes(".objects")) return true;
    const head = headName(fn);
    return head !== undefined && !this.scope.imports.has(head) && !this.scope.functions.has(head);
  }

  private call(call: SyntaxNode, body: SyntaxNode): Verdict {
    const fn = call.childForFieldName("function");
    if (!fn) return "work";
    const statement = isStatement(call);
    const method = fn.type === "attribute" ? (fn.childForFieldName("attribute")?.text ?? "") : "";
    // One read that chooses what to queue; in a loop it would be one query per item.
    if (READ_METHODS.has(method) && !statement && !inLoop(call, body) && this.readsRows(fn)) return "light";
    if (fn.text.includes(".objects")) return "work";
    if (fn.type === "attribute") {
      const receiver = fn.childForFieldName("object");
      if (ENQUEUE_METHODS.has(method)) return "dispatch";
      if (CANVAS.has(method)) return "light";
      if (COMMAND_OUTPUT.test(fn.text)) return "light";
      if (receiver?.type === "identifier" && LOGGERS.test(receiver.text)) return "light";
      if (WORK_METHODS.has(method)) return "work";
      const head = headName(fn);
      const imported = head ? this.scope.imports.get(head) : undefined;
      if (imported !== undefined && !VALUE_MODULES.test(imported) && !PROCESS_STATE_MODULES.test(imported) && !isClassName(head!)) return "work";
      if (statement && imported !== undefined && PROCESS_STATE_MODULES.test(imported) && receiver?.type === "identifier") return "light";
      if (statement) return receiver?.type === "identifier" && CONTAINER_FILLS.has(method) ? "light" : "work";
      return "light";
    }
    // `chord(header)(callback)`, `group(sigs)()`, `chain(a, b)()`: calling a canvas queues it.
    if (fn.type === "call" && this.isCanvas(fn)) return "dispatch";
    if (fn.type !== "identifier") return "work";
    const name = fn.text;
    const own = this.scope.functions.get(name);
    if (own) return this.read(own);
    const imported = this.scope.imports.get(name);
    if (imported !== undefined && CANVAS.has(imported)) return "light";
    if (imported !== undefined && VALUE_MODULES.test(imported.slice(0, Math.max(imported.lastIndexOf("."), 0)))) return "light";
    if (imported === undefined && BUILTINS.has(name)) return "light";
    // A class built for a value (`YearMonth(...)`), not a statement run for its effect.
    if (!statement && isClassName(name)) return "light";
    return "work";
  }
}

/** Calls of the body, outside nested functions and classes (those run when called, not here). */
function callsIn(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "decorated_definition") continue;
      if (child.type === "call") out.push(child);
      visit(child);
    }
  };
  visit(body);
  return out;
}

/** The call repeats: a loop or comprehension of the body holds it (a `for` statement's iterable runs once). */
function inLoop(call: SyntaxNode, body: SyntaxNode): boolean {
  let child = call;
  for (let node = call.parent; node && node.id !== body.id; child = node, node = node.parent) {
    if (node.type === "for_statement" && node.childForFieldName("right")?.id === child.id) continue;
    if (LOOPS.has(node.type)) return true;
  }
  return false;
}

/** The call is a statement of its own (`do_work(x)`), run for its effect. */
function isStatement(call: SyntaxNode): boolean {
  let node = call;
  if (node.parent?.type === "await") node = node.parent;
  return node.parent?.type === "expression_statement";
}

/** The leftmost name of `a.b.c(...)`. */
function headName(fn: SyntaxNode): string | undefined {
  let node: SyntaxNode | null = fn;
  while (node?.type === "attribute") node = node.childForFieldName("object");
  return node?.type === "identifier" ? node.text : undefined;
}

function isClassName(name: string): boolean {
  return /^_?[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(name);
}
