/**
 * How much a per-row finding costs, as far as the code shows (issue: accuracy, "Value"): a loop that
 * also calls the network or the file system per row is dominated by that I/O; a loop over the rows of
 * one parent object, a page slice, or ids given on the command line walks a handful. Such findings are
 * right but low in impact: they go to the check run at info, not inline. Tables listed in the config's
 * `large_models` raise a finding to high (applied by the engine, which has the config).
 */
import type { SyntaxNode } from "../parser.js";
import type { Impact } from "../finding.js";
import type { DjangoFacts, LoopInfo, QuerySetInfo } from "./types.js";
import { isVariableRead, perIterationNodes } from "./loop-scope.js";
import { isSliced } from "./rows.js";
import { attributeName, calleeName, dottedParts } from "./syntax.js";

/** Call roots and names that do network or file I/O. */
const IO_MODULES = new Set(["requests", "httpx", "urllib", "urllib3", "aiohttp", "boto3", "smtplib", "subprocess", "shutil", "socket", "ftplib", "paramiko"]);
const IO_FUNCTIONS = new Set(["urlopen", "send_mail", "send_mass_mail", "mail_admins", "mail_managers", "open", "copyfile", "copytree", "check_output", "check_call"]);
const IO_METHODS = new Set(["send", "send_messages", "upload_file", "download_file", "put_object", "get_object", "urlopen", "post", "put", "request"]);
/** Project helpers that send something per row (notifications, mail, webhooks, federation). */
const SENDING_FUNCTIONS = /notif|^send_|_send$|_send_|email|mail|webhook|publish|broadcast|notify/i;

export function loopImpact(django: DjangoFacts, loop: LoopInfo, qs?: QuerySetInfo, iterable?: SyntaxNode | null): Impact {
  const io = ioCallIn(loop);
  if (io) return { level: "low", reason: `each iteration also does network or file I/O (\`${io}\`), which dominates the cost` };
  if (qs) {
    if (isSliced(qs, iterable)) return { level: "low", reason: "the loop walks a slice of at most a page of rows" };
    const parent = qs.via?.instance;
    if (qs.root === "related-manager" && parent && parent.source !== "loop") {
      return { level: "low", reason: `the loop walks the ${qs.model.name} rows of one ${parent.model.name}` };
    }
    if (filteredByCommandLine(django, qs)) return { level: "low", reason: "the rows are the ids given on the command line" };
    const pinned = pinnedParents(qs);
    if (pinned.length >= 2) return { level: "low", reason: `the loop walks the ${qs.model.name} rows of one ${pinned.join(" and one ")}` };
  }
  // Only model rows the arguments select: rows a project helper read from a file or an API the
  // arguments point at are that input's rows, however few the arguments were.
  if (qs && iterable && fromCommandLine(django, iterable)) return { level: "low", reason: "the loop walks what the command line named" };
  return materialEvidence(django, loop, qs, iterable) ? { level: "normal" } : { level: "low", reason: UNPROVEN };
}

const UNPROVEN =
  "nothing shows that the loop walks many rows or runs while a request waits (it is not in a view, serializer or request handler, does not walk a whole table, and does not walk an import's input)";

/**
 * Evidence that a per-row cost matters (issue: accuracy, "Value": post only material findings inline):
 * the loop runs while a request waits (a page of rows per request), walks a whole table (grows with
 * the data), or walks the records of a file or remote payload being imported. Without any of these —
 * a task or command over filtered rows, a helper over a list it was given — the finding is reported at
 * info: right, but nothing in the code says it is worth a review comment.
 */
function materialEvidence(django: DjangoFacts, loop: LoopInfo, qs: QuerySetInfo | undefined, iterable: SyntaxNode | null | undefined): boolean {
  const where = django.contextOf(loop.node);
  if (where.request || where.view || where.serializer || where.graphql) return true;
  if (qs && wholeTable(qs)) return true;
  return iterable !== null && iterable !== undefined && walksInput(iterable, qs);
}

/** Calls that keep every row of the table (ordering, eager loading, iteration style, annotations). */
const KEEPS_ALL_ROWS = new Set(["all", "order_by", "select_related", "prefetch_related", "iterator", "only", "defer", "annotate", "alias", "using", "values", "values_list", "distinct", "reverse", "select_for_update"]);

/** `M.objects.all()` and friends, or the rows of each row of such a loop (`order.items.all()` per order). */
function wholeTable(qs: QuerySetInfo, depth = 0): boolean {
  if (depth > 4 || !qs.calls.every((c) => KEEPS_ALL_ROWS.has(c.name))) return false;
  if (qs.root === "manager") return true;
  const outer = qs.via?.instance;
  return qs.root === "related-manager" && outer?.source === "loop" && outer.qs !== undefined && wholeTable(outer.qs, depth + 1);
}

/**
 * The loop walks an import's input: the iterable (or, for a queryset, a filter value) reads a file or a
 * remote payload, directly or through names assigned from one earlier in the same function
 * (`rows = csv.DictReader(f)`, `keys = [r["id"] for r in rows]`).
 */
function walksInput(iterable: SyntaxNode, qs: QuerySetInfo | undefined): boolean {
  if (readsFiles(iterable)) return true;
  const fn = enclosingFunction(iterable);
  if (!fn) return false;
  const tainted = namesAssignedFrom(fn, iterable, [], (right, names) => readsFiles(right) || readsAny(right, names));
  if (tainted.size === 0) return false;
  if (readsAny(iterable, tainted)) return true;
  return qs !== undefined && qs.calls.some((c) => c.name === "filter" && readsAny(c.args, tainted));
}

/** The first per-iteration call that does network or file I/O, as written (`requests.post`). */
function ioCallIn(loop: LoopInfo): string | undefined {
  for (const node of perIterationNodes(loop)) {
    if (node.type !== "call") continue;
    const fn = node.childForFieldName("function");
    if (!fn) continue;
    const parts = dottedParts(fn);
    const name = calleeName(node) ?? "";
    if ((parts && IO_MODULES.has(parts[0] ?? "")) || IO_FUNCTIONS.has(name) || SENDING_FUNCTIONS.test(name)) return fn.text;
    // `.send()` of a message, a notification template, a signal: no QuerySet method is called so.
    if (fn.type === "attribute" && name === "send") return fn.text;
    if (fn.type === "attribute" && IO_METHODS.has(name)) {
      const object = fn.childForFieldName("object")?.text ?? "";
      // `requests.post`, `session.post`, `client.send`, `email.send()`: not a QuerySet's `.get()` / `.update()`.
      if (/(session|client|http|api|mail|email|message|msg|s3|bucket|storage|conn|connection|smtp)/i.test(object)) return fn.text;
    }
  }
  return undefined;
}

/**
 * Foreign keys the filters pin to one object each (`filter(user=request.user, book=book)`): the rows of
 * one user's one book are a handful. One pin alone (`user=request.user`) can still be many rows.
 */
function pinnedParents(qs: QuerySetInfo): string[] {
  const parents: string[] = [];
  for (const call of qs.calls) {
    if (call.name !== "filter") continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type !== "keyword_argument") continue;
      const name = (arg.childForFieldName("name")?.text ?? "").replace(/(_id)?(__exact)?$/, "");
      const field = qs.model.fields.get(name);
      const value = arg.childForFieldName("value");
      if (!field || (field.kind !== "fk" && field.kind !== "o2o") || value?.type === "list" || value?.type === "tuple") continue;
      const target = field.target?.resolved ? field.target.model.split(".").pop() : undefined;
      parents.push(target ?? field.name);
    }
  }
  return [...new Set(parents)];
}

/**
 * In a management command's handle(): the iterable reads `options` / `args`, or a name assigned (in
 * handle, in order) from something that does: the ids, paths or names the operator passed.
 */
function fromCommandLine(django: DjangoFacts, iterable: SyntaxNode): boolean {
  const fn = enclosingFunction(iterable);
  if (!fn || fn.childForFieldName("name")?.text !== "handle") return false;
  const plain = (node: SyntaxNode) => !readsFiles(node) && onlyPlainCalls(django, node);
  const tainted = namesAssignedFrom(fn, iterable, ["options", "args"], (right, names) => readsAny(right, names) && plain(right));
  return readsAny(iterable, tainted) && plain(iterable);
}

/** Conversions of argument values (`int(x)`, `s.split(",")`, `options.get("ids")`) keep them the operator's values. */
const PLAIN_CALLS = new Set(["int", "str", "float", "list", "set", "tuple", "sorted", "frozenset", "split", "strip", "lower", "upper", "get", "range", "len", "map", "filter", "iter"]);

/**
 * Every call in `node` converts values or builds a queryset: a project helper (`load_rows(path)`,
 * `client.fetch(org)`) turns the arguments into rows of its own, which the command line did not name.
 */
function onlyPlainCalls(django: DjangoFacts, node: SyntaxNode): boolean {
  const calls = node.type === "call" ? [node, ...node.descendantsOfType("call")] : node.descendantsOfType("call");
  return calls.every((call) => PLAIN_CALLS.has(calleeName(call) ?? "") || django.querySetOf(call) !== undefined);
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  let fn: SyntaxNode | null = node.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  return fn ?? undefined;
}

/**
 * The seed names plus every name assigned, in `fn` before `until`, from a value `derives` accepts given
 * the names collected so far (`ids = options["ids"]`, then `keys = [int(i) for i in ids]`).
 */
function namesAssignedFrom(fn: SyntaxNode, until: SyntaxNode, seed: string[], derives: (right: SyntaxNode, names: ReadonlySet<string>) => boolean): Set<string> {
  const names = new Set(seed);
  for (const assign of fn.descendantsOfType("assignment")) {
    if (assign.startIndex > until.startIndex) break;
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type === "identifier" && right && derives(right, names)) names.add(left.text);
  }
  return names;
}

/** A path from the command line names a file whose rows can be many: `csv.DictReader(open(options["path"]))`. */
const FILE_READERS = /^(open|reader|DictReader|load|loads|read|readlines|iterdir|glob|rglob|listdir|walk|scandir|read_csv|read_excel|read_json|urlopen|get)$/;
/** Argument names that name an input (`--file`, `--csv-path`, `--url`): what a call does with one is a read of it. */
const INPUT_OPTION = /^["'][\w-]*(file|path|csv|xlsx?|json|url|input|dump)[\w-]*["']$/i;

function readsFiles(node: SyntaxNode): boolean {
  const calls = node.type === "call" ? [node, ...node.descendantsOfType("call")] : node.descendantsOfType("call");
  return calls.some((call) => {
    const name = calleeName(call) ?? "";
    // `options.get("ids")` reads an option, not a file.
    const object = call.childForFieldName("function")?.childForFieldName("object")?.text;
    if (name === "get" && (object === "options" || object === "kwargs")) return false;
    if (FILE_READERS.test(name)) return true;
    // `load_rows(options["path"])`: a project helper given an input's name reads that input.
    return call.childForFieldName("arguments")?.namedChildren.some(namesInputOption) ?? false;
  });
}

/** `options["path"]`, `options.get("csv_file")`, `kwargs["url"]`. */
function namesInputOption(arg: SyntaxNode): boolean {
  const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : arg;
  if (!value) return false;
  if (value.type === "subscript") {
    const container = value.childForFieldName("value")?.text;
    return (container === "options" || container === "kwargs") && INPUT_OPTION.test(value.childForFieldName("subscript")?.text ?? "");
  }
  if (value.type !== "call") return false;
  const fn = value.childForFieldName("function");
  const container = fn?.childForFieldName("object")?.text;
  const key = value.childForFieldName("arguments")?.namedChildren[0]?.text ?? "";
  return fn?.type === "attribute" && attributeName(fn) === "get" && (container === "options" || container === "kwargs") && INPUT_OPTION.test(key);
}

function readsAny(node: SyntaxNode, names: ReadonlySet<string>): boolean {
  if (node.type === "identifier") return names.has(node.text);
  return node.descendantsOfType("identifier").some((id) => names.has(id.text) && isVariableRead(id));
}

/** `filter(pk__in=options["ids"])` / `filter(id__in=ids)` with ids from the command line, in a command's handle(). */
function filteredByCommandLine(django: DjangoFacts, qs: QuerySetInfo): boolean {
  for (const call of qs.calls) {
    if (call.name !== "filter") continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type !== "keyword_argument" || !/__in$/.test(arg.childForFieldName("name")?.text ?? "")) continue;
      const value = arg.childForFieldName("value")?.text ?? "";
      if (/\b(options|kwargs)\s*(\[|\.get\()|\bsys\.argv\b/.test(value) && inHandle(call.node)) return true;
    }
  }
  void django;
  return false;
}

function inHandle(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) if (n.type === "function_definition") return n.childForFieldName("name")?.text === "handle";
  return false;
}

/** The impact of a loop judged from its own iterable (the queryset it walks, when it walks one). */
export function impactOfLoop(django: DjangoFacts, loop: LoopInfo): Impact {
  const iterable = loop.targets[0]?.iterable ?? loop.iterable;
  const qs = iterable ? django.querySetOf(iterable) : undefined;
  return loopImpact(django, loop, qs, iterable);
}
