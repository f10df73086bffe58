/**
 * Calls that take long or wait on something outside the process: remote HTTP APIs, mail, sleeps,
 * subprocesses, pandas file reads, PDF rendering, image processing, management commands, and Celery
 * tasks run synchronously or waited for. Shared by DJP601 (in a request) and DJP505 (in a transaction).
 * Every answer is proven through imports (or the Celery index); an unresolved name is not slow.
 */
import type { SyntaxNode } from "../parser.js";
import type { CeleryTask } from "../index/celery.js";
import type { DjangoFacts } from "./types.js";
import { attributeName, enclosingFunction, stringValue, unwrapParens } from "./syntax.js";
import { codeSpan } from "../markdown-safe.js";
import { SpanTree } from "./span-tree.js";
import { spanOf, type NodeSpan } from "./state.js";

export type SlowCallKind =
  | "http"
  | "mail"
  | "sleep"
  | "subprocess"
  | "pandas"
  | "pdf"
  | "image"
  | "command"
  | "celery-sync"
  | "celery-wait"
  | "custom";

export interface SlowCall {
  kind: SlowCallKind;
  call: SyntaxNode;
  /** What the call does, a verb phrase for messages: "calls a remote service (`requests.post`)". */
  what: string;
  task?: CeleryTask;
}

const HTTP_VERBS = ["get", "post", "put", "patch", "delete", "head", "options", "request", "stream"];
const HTTP = new Set([
  ...HTTP_VERBS.map((v) => `requests.${v}`),
  ...HTTP_VERBS.map((v) => `httpx.${v}`),
  "urllib.request.urlopen",
  "urllib2.urlopen",
  "six.moves.urllib.request.urlopen",
]);
const MAIL = new Set(["send_mail", "send_mass_mail", "mail_admins", "mail_managers"].map((f) => `django.core.mail.${f}`));
const MAIL_MESSAGES = new Set(["django.core.mail.EmailMessage", "django.core.mail.EmailMultiAlternatives", "django.core.mail.message.EmailMessage", "django.core.mail.message.EmailMultiAlternatives"]);
const SUBPROCESS = new Set([
  ...["run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput"].map((f) => `subprocess.${f}`),
  "os.system",
  "os.popen",
]);
const PDF = new Set([
  "pdfkit.from_string",
  "pdfkit.from_url",
  "pdfkit.from_file",
  "xhtml2pdf.pisa.CreatePDF",
  "xhtml2pdf.pisa.pisaDocument",
  "reportlab.pdfgen.canvas.Canvas",
  "reportlab.platypus.SimpleDocTemplate",
  "fpdf.FPDF",
]);
const IMAGE_CONSTRUCTORS = new Set(["PIL.Image.open", "PIL.Image.new", "PIL.Image.frombytes"]);
const IMAGE_WORK = new Set(["thumbnail", "resize", "rotate", "transpose", "convert", "filter", "crop", "save", "reduce"]);
const IMAGE_FUNCTIONS = /^(PIL\.ImageOps\.\w+|sorl\.thumbnail\.get_thumbnail|easy_thumbnails\.files\.get_thumbnailer|cv2\.(resize|imread|imwrite|GaussianBlur))$/;
const RESULT_WAITS = new Set(["get", "wait", "join"]);
const RESULT_SOURCES = new Set(["delay", "apply_async"]);
const ASYNC_RESULT = /(^|\.)AsyncResult$/;

export interface SlowCallOptions {
  /** Extra dotted prefixes (`reports.pdf.render`) the project knows to be slow. */
  extraSinks?: readonly string[];
}

export function slowCallOf(django: DjangoFacts, call: SyntaxNode, options: SlowCallOptions = {}): SlowCall | undefined {
  const fn = call.childForFieldName("function");
  if (!fn) return undefined;
  if (fn.type === "attribute") {
    const viaMethod = slowMethodCall(django, call, fn);
    if (viaMethod) return viaMethod;
  }
  if (fn.type !== "identifier" && fn.type !== "attribute") return undefined;
  const dotted = django.qualifiedName(fn);
  if (dotted !== undefined) {
    const known = slowFunction(dotted, call);
    if (known) return known;
    for (const prefix of options.extraSinks ?? []) {
      if (dotted === prefix || dotted.startsWith(`${prefix}.`)) return { kind: "custom", call, what: `calls ${codeSpan(dotted)}, which the configuration lists as slow,` };
    }
  }
  const task = taskOf(django, fn);
  if (task) return { kind: "celery-sync", call, what: `runs the Celery task ${codeSpan(task.functionName)} in this process (calling a task function does not queue it)`, task };
  return undefined;
}

function slowFunction(dotted: string, call: SyntaxNode): SlowCall | undefined {
  if (HTTP.has(dotted)) return { kind: "http", call, what: `calls a remote service (${codeSpan(dotted)})` };
  if (MAIL.has(dotted)) return { kind: "mail", call, what: `sends mail (${codeSpan(shortName(dotted))})` };
  if (dotted === "time.sleep") return { kind: "sleep", call, what: "sleeps (`time.sleep`)" };
  if (SUBPROCESS.has(dotted) && (dotted !== "subprocess.Popen" || waitsFor(call))) return { kind: "subprocess", call, what: `starts a subprocess and waits for it (${codeSpan(dotted)})` };
  if (/^pandas\.read_\w+$/.test(dotted)) return { kind: "pandas", call, what: `reads a whole file with pandas (${codeSpan(shortName(dotted))})` };
  if (PDF.has(dotted)) return { kind: "pdf", call, what: `renders a PDF (${codeSpan(dotted)})` };
  if (IMAGE_FUNCTIONS.test(dotted)) return { kind: "image", call, what: `processes an image (${codeSpan(dotted)})` };
  if (dotted === "django.core.management.call_command") return { kind: "command", call, what: "runs a management command (`call_command`)" };
  return undefined;
}

function slowMethodCall(django: DjangoFacts, call: SyntaxNode, fn: SyntaxNode): SlowCall | undefined {
  const method = attributeName(fn);
  const receiver = fn.childForFieldName("object");
  if (!method || !receiver) return undefined;
  if (method === "write_pdf") return { kind: "pdf", call, what: "renders a PDF (`write_pdf`)" };
  if (method === "to_excel") return { kind: "pandas", call, what: "writes a spreadsheet (`to_excel`)" };
  if (method === "send" && producedBy(django, receiver, (c) => MAIL_MESSAGES.has(calleeDotted(django, c) ?? ""))) {
    return { kind: "mail", call, what: "sends mail (`EmailMessage.send`)" };
  }
  if (IMAGE_WORK.has(method) && producedBy(django, receiver, (c) => isImageSource(django, c))) {
    return { kind: "image", call, what: `processes an image (${codeSpan(`.${method}()`)} on a PIL image)` };
  }
  if (RESULT_WAITS.has(method) && producedBy(django, receiver, (c) => isAsyncResultSource(django, c))) {
    return { kind: "celery-wait", call, what: `waits for a Celery result (${codeSpan(`.${method}()`)})` };
  }
  if (method === "apply") {
    const task = taskOf(django, receiver) ?? signatureTask(django, receiver);
    if (task) return { kind: "celery-sync", call, what: `runs the Celery task ${codeSpan(task.functionName)} in this process (\`.apply()\` executes it locally)`, task };
  }
  return undefined;
}

/** `Image.open(...)` or a PIL method applied to one (`Image.open(f).convert("RGB")`). */
function isImageSource(django: DjangoFacts, call: SyntaxNode, depth = 0): boolean {
  if (IMAGE_CONSTRUCTORS.has(calleeDotted(django, call) ?? "")) return true;
  const fn = call.childForFieldName("function");
  if (depth > 8 || fn?.type !== "attribute" || !IMAGE_WORK.has(attributeName(fn) ?? "")) return false;
  const receiver = fn.childForFieldName("object");
  return !!receiver && producedBy(django, receiver, (c) => isImageSource(django, c, depth + 1));
}

/** `task.delay(...)`, `task.apply_async(...)`, `AsyncResult(id)`, `app.AsyncResult(id)`. */
function isAsyncResultSource(django: DjangoFacts, call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  if (!fn) return false;
  if (fn.type === "attribute" && RESULT_SOURCES.has(attributeName(fn) ?? "")) return true;
  return ASYNC_RESULT.test(fn.text) && (fn.type === "attribute" || (django.qualifiedName(fn) ?? "").startsWith("celery"));
}

/**
 * The expression is a call satisfying `test`, or a name whose last assignment before it in the same
 * function is one.
 */
function producedBy(django: DjangoFacts, expr: SyntaxNode, test: (call: SyntaxNode) => boolean): boolean {
  const node = unwrapParens(expr);
  if (node.type === "call") return test(node);
  if (node.type !== "identifier") return false;
  const value = lastAssignedValue(django, node);
  return value?.type === "call" ? test(value) : false;
}

/**
 * The value of the last `name = value` before `id` in the same function; never the assignment `id`
 * itself sits in (`qs = qs.filter(...)` would otherwise lead back to itself forever).
 */
export function lastAssignedValue(django: DjangoFacts, id: SyntaxNode): SyntaxNode | undefined {
  const table = assignmentTable(django);
  const scope = innermostFunction(table, id);
  const idStart = id.startIndex;
  const idEnd = id.endIndex;
  const name = id.text;
  // Only assignments to this name, and only those inside the scope (or at module level) can match.
  const list = (scope ? table.byName : table.moduleByName).get(name) ?? [];
  const scopeStart = scope ? scope.startIndex : 0;
  const scopeEnd = scope ? scope.endIndex : Infinity;
  let last: AssignmentSpan | undefined;
  for (let i = firstStartingAtOrAfter(list, scopeStart); i < list.length; i++) {
    const a = list[i]!;
    if (a.start >= idStart) break;
    if (a.start <= idStart && idEnd <= a.end) continue;
    if (a.end > scopeEnd) continue;
    last = a;
  }
  const best = last?.node.childForFieldName("right");
  return best ? unwrapParens(best) : undefined;
}

interface AssignmentSpan {
  node: SyntaxNode;
  start: number;
  end: number;
}

interface AssignmentTable {
  /** Assignments to a plain name, by that name, in source order. */
  byName: Map<string, AssignmentSpan[]>;
  /** The same, only those outside every function. */
  moduleByName: Map<string, AssignmentSpan[]>;
  /** The file's `def`s by position. */
  functions: SpanTree<NodeSpan>;
}

/**
 * The nearest `def` around `id`, found by position: walking `parent` up to it cost the identifier's
 * depth in `parent` reads (each itself a descent from the root in tree-sitter), so a view of loops
 * nested d deep, each saving its row (`o.save()` is asked "a PIL image?"), was d² (DJP601, issue 12).
 * A zero-width node (error recovery) may sit on a function's edge: it takes the parent walk.
 */
function innermostFunction(table: AssignmentTable, id: SyntaxNode): SyntaxNode | undefined {
  const start = id.startIndex;
  const end = id.endIndex;
  if (start === end) return enclosingFunction(id);
  const inner = table.functions.innermost(start, end);
  return inner < 0 ? undefined : table.functions.spans[inner]!.node;
}

const assignmentTables = new WeakMap<readonly SyntaxNode[], AssignmentTable>();

/**
 * The file's `name = value` assignments by name, read once per file: scanning every assignment of
 * the file for every name asked about made files of many functions quadratic.
 */
function assignmentTable(django: DjangoFacts): AssignmentTable {
  const assignments = django.nodesOfType("assignment");
  let table = assignmentTables.get(assignments);
  if (table) return table;
  const functions = new SpanTree(django.nodesOfType("function_definition").map((node) => spanOf(node)));
  table = { byName: new Map(), moduleByName: new Map(), functions };
  for (const node of assignments) {
    const left = node.childForFieldName("left");
    if (left?.type !== "identifier") continue;
    const span = { node, start: node.startIndex, end: node.endIndex };
    const name = left.text;
    push(table.byName, name, span);
    if (functions.innermost(span.start, span.end) < 0) push(table.moduleByName, name, span);
  }
  assignmentTables.set(assignments, table);
  return table;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function firstStartingAtOrAfter(list: readonly AssignmentSpan[], pos: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function calleeDotted(django: DjangoFacts, call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName("function");
  return fn && (fn.type === "identifier" || fn.type === "attribute") ? django.qualifiedName(fn) : undefined;
}

/**
 * The Celery task a callee names: a task defined at module level in this file, or one imported from
 * a module the index read (`from .tasks import rebuild` → `shop.tasks.rebuild`).
 */
export function taskOf(django: DjangoFacts, fn: SyntaxNode): CeleryTask | undefined {
  const celery = django.index.celery;
  if (celery.tasks.size === 0) return undefined;
  if (fn.type === "identifier") {
    const local = celery.tasksIn(django.file.path).find((t) => t.functionName === fn.text);
    if (local && django.qualifiedName(fn) === undefined && definedAtModuleLevel(django, fn.text)) return local;
  }
  if (fn.type !== "identifier" && fn.type !== "attribute") return undefined;
  const dotted = django.qualifiedName(fn);
  return dotted !== undefined ? celery.taskNamed(dotted) : undefined;
}

/** `task.s(...)` / `task.si(...)` / `task.signature(...)`: the task. */
function signatureTask(django: DjangoFacts, expr: SyntaxNode): CeleryTask | undefined {
  const node = unwrapParens(expr);
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  if (fn?.type !== "attribute" || !["s", "si", "signature"].includes(attributeName(fn) ?? "")) return undefined;
  const task = fn.childForFieldName("object");
  return task ? taskOf(django, task) : undefined;
}

function definedAtModuleLevel(django: DjangoFacts, name: string): boolean {
  return django.nodesOfType("function_definition").some(
    (def) => def.childForFieldName("name")?.text === name && (def.parent?.type === "module" || def.parent?.parent?.type === "module"),
  );
}

/**
 * Words in a management command's name that say it walks a whole dataset: imports, exports, search
 * index rebuilds, dumps and loads, backfills, data migrations (`migrate_*`; Django's own `migrate`
 * changes a schema). Such a command runs as long as the data is large, wherever it is started.
 */
const WHOLE_DATASET_COMMAND = /import|export|index|elasticsearch|rebuild|backfill|dump|load|migrate_/i;

/**
 * The name of the command a `call_command(...)` runs: its first argument as a string, or the module of
 * a `Command()` instance passed instead (`importtournament.Command()`). Undefined when not literal.
 */
export function commandNameOf(call: SyntaxNode): string | undefined {
  const first = call.childForFieldName("arguments")?.namedChildren[0];
  if (!first) return undefined;
  const literal = stringValue(first);
  if (literal !== undefined) return literal;
  const fn = first.type === "call" ? first.childForFieldName("function") : undefined;
  if (fn?.type !== "attribute" || attributeName(fn) !== "Command") return undefined;
  const module = fn.childForFieldName("object")?.text;
  return module ? shortName(module) : undefined;
}

/** A management command named for work over a whole dataset (see WHOLE_DATASET_COMMAND). */
export function isWholeDatasetCommand(call: SyntaxNode): boolean {
  const name = commandNameOf(call);
  return name !== undefined && WHOLE_DATASET_COMMAND.test(name);
}

function shortName(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf(".") + 1);
}

const WAITS = new Set(["wait", "communicate"]);

/**
 * A `Popen(...)` the code waits for: `Popen(...).wait()`, `with Popen(...) as p:` (leaving the block
 * waits), or `p = Popen(...)` with `p.wait()` / `p.communicate()` later in the function. A Popen nobody
 * waits for starts work in the background and returns at once: that is how some projects run jobs.
 */
function waitsFor(call: SyntaxNode): boolean {
  let node = call;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const parent = node.parent;
  if (parent?.type === "attribute" && WAITS.has(attributeName(parent) ?? "")) return true;
  if (parent?.type === "with_item" || parent?.type === "as_pattern") return true;
  if (parent?.type !== "assignment" || parent.childForFieldName("right")?.id !== node.id) return false;
  const name = parent.childForFieldName("left");
  if (name?.type !== "identifier") return false;
  let scope: SyntaxNode | null = parent;
  while (scope && scope.type !== "function_definition" && scope.type !== "module") scope = scope.parent;
  return (scope?.descendantsOfType("attribute") ?? []).some(
    (a) => a.startIndex > parent.endIndex && a.childForFieldName("object")?.text === name.text && WAITS.has(attributeName(a) ?? ""),
  );
}
