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
import type { FieldInfo, ModelInfo } from "../index/types.js";
import { firstFold, foldPerIteration, isVariableRead } from "./loop-scope.js";
import { isSliced } from "./rows.js";
import { attributeName, calleeName, dottedHead, dottedParts, enclosingFunction, parameterNodes } from "./syntax.js";
import { pinnedField, pinsUniqueKey } from "./uniqueness.js";
import { COMPARISON_LOOKUPS } from "./lookups.js";
import { nodesWithin } from "./within.js";
import { isCommandPath, isScriptPath } from "../code-kind.js";
import { ADMIN_ACTION_PARAMS } from "./admin-classes.js";
import { localAssignments } from "../index/returned-chains.js";
import { scheduleReason } from "./command-schedule.js";

/** Call roots and names that do network or file I/O. */
const IO_MODULES = new Set(["requests", "httpx", "urllib", "urllib3", "aiohttp", "boto3", "smtplib", "subprocess", "shutil", "socket", "ftplib", "paramiko"]);
const IO_FUNCTIONS = new Set(["urlopen", "send_mail", "send_mass_mail", "mail_admins", "mail_managers", "open", "copyfile", "copytree", "check_output", "check_call"]);
const IO_METHODS = new Set(["send", "send_messages", "upload_file", "download_file", "put_object", "get_object", "urlopen", "post", "put", "request"]);
/** Project helpers that send something per row (notifications, mail, webhooks, federation). */
const SENDING_FUNCTIONS = /notif|^send_|_send$|_send_|email|mail|webhook|publish|broadcast|notify/i;

export function loopImpact(django: DjangoFacts, loop: LoopInfo, qs?: QuerySetInfo, iterable?: SyntaxNode | null): Impact {
  const io = ioCallIn(loop);
  if (io) return { level: "low", reason: `each iteration also does network or file I/O (\`${io}\`), which dominates the cost` };
  const offline = runsByHand(django, loop, iterable);
  if (offline) return { level: "low", reason: offline };
  if (qs) {
    if (isSliced(qs, iterable)) return { level: "low", reason: "the loop walks a slice of at most a page of rows" };
    const listed = listedKeys(qs);
    if (listed !== undefined) return { level: "low", reason: `the loop walks at most ${listed} rows, picked by keys listed in the code` };
    const parent = qs.via?.instance;
    if (qs.root === "related-manager" && parent && parent.source !== "loop") {
      // Not raised by the project's traces of a large table: a large table can still hold a handful per parent.
      return { level: "low", reason: `the loop walks the ${qs.model.name} rows of one ${parent.model.name}` };
    }
    const owner = unknownOwner(django, qs, loop);
    if (owner) return { level: "low", reason: `the loop walks the ${qs.model.name} rows of one object (\`${owner}\`)` };
    if (filteredByCommandLine(django, qs)) return { level: "low", reason: "the rows are the ids given on the command line" };
    const pinned = pinnedParents(qs);
    if (pinned.length >= 2) return { level: "low", reason: `the loop walks the ${qs.model.name} rows of one ${pinned.join(" and one ")}` };
  }
  // Only model rows the arguments select: rows a project helper read from a file or an API the
  // arguments point at are that input's rows, however few the arguments were.
  if (qs && iterable && fromCommandLine(django, iterable)) return { level: "low", reason: "the loop walks what the command line named" };
  const fixed = iterable ? fixedSet(iterable) : undefined;
  if (fixed) return { level: "low", reason: fixed };
  const material = materialEvidence(django, loop, qs, iterable);
  if (material) return { level: "normal", reason: material, ...(qs ? { walks: qs.model.qualifiedName } : {}) };
  if (!qs) return { level: "low", reason: UNPROVEN_LIST };
  const low: Impact = { level: "low", reason: unproven(qs.model.name) };
  const oneParent = rowsOfOneParent(django, qs) || underOneObject(django, qs);
  // One parent's rows outside a request are few whatever the table holds; in a request they are what a
  // page shows on every view, raised only by evidence that one parent holds many (table-size.ts).
  if (oneParent && !inRequest(django, loop)) return low;
  const lines: [number, number] | undefined = iterable ? [iterable.startPosition.row + 1, iterable.endPosition.row + 1] : undefined;
  const parents = oneParent ? parentModels(qs) : undefined;
  return { ...low, walks: qs.model.qualifiedName, ...(oneParent ? { oneParent: true } : {}), ...(parents ? { parents } : {}), ...(lines ? { iterableLines: lines } : {}) };
}

/**
 * `self.lead.mission_set.all()`: a related manager whose owner the analysis cannot type (no `via`) is
 * still the rows of one object, unless the owner is reached from the row of an enclosing loop (then
 * the rows of many parents). The owner's text, or undefined.
 */
function unknownOwner(django: DjangoFacts, qs: QuerySetInfo, loop: LoopInfo): string | undefined {
  if (qs.root !== "related-manager" || qs.via) return undefined;
  const owner = qs.rootNode.type === "attribute" ? qs.rootNode.childForFieldName("object") : null;
  const root = owner ? dottedHead(owner)?.text : undefined;
  if (!owner || !root) return undefined;
  const fromLoop = [loop, ...django.enclosingLoops(loop.node)].some((l) => l.targets.some((t) => t.name === root));
  return fromLoop ? undefined : owner.text;
}

function inRequest(django: DjangoFacts, loop: LoopInfo): boolean {
  const where = django.contextOf(loop.node);
  return where.request || where.view || where.serializer || where.graphql;
}

/**
 * The rows of one parent object: a filter pinning a foreign key to one object (`user=request.user`,
 * `basket__owner=user`), the related manager of an instance that is not a loop row, or the rows one
 * object links to through a join table. A large table can still hold a handful per parent.
 */
export function rowsOfOneParent(django: DjangoFacts, qs: QuerySetInfo): boolean {
  if (qs.root === "related-manager" && qs.via && qs.via.instance.source !== "loop") return true;
  return pinnedParents(qs).length > 0 || pinsThroughRelation(django, qs) || linkedToOne(django, qs);
}


/**
 * A `filter(Q(a_id=x, …) | Q(b_id=x, …))` whose every OR branch pins a key by equality (a foreign key,
 * a one-to-one, a soft key such as a generic relation's `object_id`): the union of a few objects' rows,
 * each branch read through its key's index. `~Q(...)` and a branch without such a key pin nothing.
 */
export function pinnedInEveryBranch(qs: QuerySetInfo): boolean {
  if ((qs.branches ?? 1) > 1) return false;
  return qs.calls.some((call) => call.name === "filter" && call.args.namedChildren.some((arg) => arg.type !== "keyword_argument" && pinsInQ(qs.model, arg)));
}

function pinsInQ(model: ModelInfo, node: SyntaxNode): boolean {
  if (node.type === "parenthesized_expression") return node.namedChildren.length === 1 && pinsInQ(model, node.namedChildren[0]!);
  if (node.type === "binary_operator") {
    const op = node.childForFieldName("operator")?.type;
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!left || !right) return false;
    if (op === "|") return pinsInQ(model, left) && pinsInQ(model, right);
    if (op === "&") return pinsInQ(model, left) || pinsInQ(model, right);
    return false;
  }
  if (node.type !== "call" || !/^(models\.)?Q$/.test(node.childForFieldName("function")?.text ?? "")) return false;
  const args = node.childForFieldName("arguments")?.namedChildren ?? [];
  // Positional children of a Q are ANDed with its keywords.
  if (args.some((a) => a.type !== "keyword_argument" && a.type !== "comment" && pinsInQ(model, a))) return true;
  return args.some((a) => {
    if (a.type !== "keyword_argument") return false;
    const value = a.childForFieldName("value");
    const field = keyField(model, (a.childForFieldName("name")?.text ?? "").replace(/__exact$/, ""));
    if (!field || !value || ["list", "tuple", "set", "none"].includes(value.type)) return false;
    return field.kind === "fk" || field.kind === "o2o" || isSoftKey(field);
  });
}

/**
 * `filter(shelf__user=u)` / `filter(order__customer_id=pk)`: a lookup that starts at a foreign key and
 * pins the far end to one object: the rows under one object two hops away.
 */
function pinsThroughRelation(django: DjangoFacts, qs: QuerySetInfo): boolean {
  return someFilterKeyword(qs, (name, value) => {
    if (!name.includes("__") || COMPARISON_LOOKUPS.has(name.slice(name.lastIndexOf("__") + 2)) || ["list", "tuple", "set", "true", "false", "none"].includes(value.type)) return false;
    return pinsObjectAlong(django, qs.model, name.replace(/__(i?exact)$/, "").split("__"));
  });
}

/** Whether a keyword argument of one of the QuerySet's `filter()` calls passes `test` (its name, its value). */
function someFilterKeyword(qs: QuerySetInfo, test: (name: string, value: SyntaxNode) => boolean): boolean {
  for (const { name, value } of filterKeywords(qs)) if (test(name, value)) return true;
  return false;
}

/** The keyword arguments of the QuerySet's `filter()` calls, in order: the lookup as written and its value. */
function* filterKeywords(qs: QuerySetInfo): Generator<{ name: string; value: SyntaxNode; call: SyntaxNode }> {
  for (const call of qs.calls) {
    if (call.name !== "filter") continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type !== "keyword_argument") continue;
      const value = arg.childForFieldName("value");
      if (value) yield { name: arg.childForFieldName("name")?.text ?? "", value, call: call.node };
    }
  }
}

/** Every hop of the path is a foreign key (or one-to-one) and the last names one object: `shelf__user`, `order__customer_id`, `order__pk`. */
function pinsObjectAlong(django: DjangoFacts, model: ModelInfo, path: string[]): boolean {
  let current: ModelInfo | undefined = model;
  for (const [i, part] of path.entries()) {
    if (!current) return false;
    const last = i === path.length - 1;
    if (last && i > 0 && (part === "pk" || part === "id")) return true;
    const field = current.fields.get(last ? part.replace(/_id$/, "") : part);
    if (!field || (field.kind !== "fk" && field.kind !== "o2o")) return false;
    if (last) return i > 0;
    current = field.target?.resolved ? django.index.models.get(field.target.model) : undefined;
  }
  return false;
}

/**
 * `filter(pk__in=[a, b, c])`: the rows of keys listed in the code, at most as many as the list has
 * items (a unique field counts as a key). Undefined when no such filter bounds the rows.
 */
function listedKeys(qs: QuerySetInfo): number | undefined {
  let bound: number | undefined;
  for (const { name, value } of filterKeywords(qs)) {
    const match = /^(\w+?)__in$/.exec(name);
    if (!match || !["list", "tuple", "set"].includes(value.type)) continue;
    if (value.namedChildren.some((c) => c.type === "list_splat" || c.type === "comment")) continue;
    const field = pinnedField(qs.model, match[1]!);
    if (field === undefined || !pinsUniqueKey(qs.model, new Set([field]))) continue;
    bound = Math.min(bound ?? Infinity, value.namedChildren.length);
  }
  return bound;
}

const UNPROVEN_LIST = "the loop walks a collection the code does not show to be large (not a queryset of a table known to be large, an export, a whole table walked per request or task, or an import's input)";

function unproven(model: string): string {
  return `nothing shows that the loop walks many ${model} rows while a request or task waits (list ${model} in large_models if the table is large)`;
}

/**
 * Evidence that a per-row cost matters (issue: accuracy, "Value": post only material findings inline),
 * as the clause that says so, or undefined. Hot and unbounded: a request (view, serializer, GraphQL) or
 * a task walks a whole table, a request writes an export of the rows it walks, or walks the children of
 * many parents (`filter(round__in=rounds)`); or the loop walks an import's input outside a command.
 * Tables the project shows to be large are raised by the engine (`walks`).
 */
function materialEvidence(django: DjangoFacts, loop: LoopInfo, qs: QuerySetInfo | undefined, iterable: SyntaxNode | null | undefined): string | undefined {
  const where = django.contextOf(loop.node);
  const request = where.request || where.view || where.serializer || where.graphql;
  if (qs && (request || where.task) && wholeTable(qs)) return `the loop walks every ${qs.model.name} row while a ${request ? "request" : "task"} waits`;
  if (request && writesExport(loop)) return `the loop writes ${qs ? `every ${qs.model.name} row it walks` : "what it walks"} into an export while a request waits`;
  if (qs && request && qs.root === "manager" && !pinsAnything(qs)) return `the loop walks ${qs.model.name} rows selected by value, not by a parent object, while a request waits`;
  const background = where.task || TASK_MODULE.test(django.file.path);
  // `filter(thread=t, user__in=...)`: the children of many users, but all under one thread.
  const parents = qs && (request || background) && !rowsOfOneParent(django, qs) ? manyParents(qs) : undefined;
  if (parents) return `the loop walks the ${qs!.model.name} rows of many ${parents} while a ${request ? "request" : "background task"} waits`;
  if (iterable !== null && iterable !== undefined && walksInput(django, iterable, qs, request)) return "the loop walks an import's input";
  return undefined;
}
/** Modules of background jobs (`tasks.py`, `tasks/`): Celery's convention, and that of other job runners. */
const TASK_MODULE = /(^|\/)tasks(\.py$|\/)/;

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
function walksInput(django: DjangoFacts, iterable: SyntaxNode, qs: QuerySetInfo | undefined, request: boolean): boolean {
  // In a request, `request.POST.get(...)` or `json.loads(request.body)` is the form or payload the user
  // sent (a handful of items): only an uploaded file or a spreadsheet read is an import there.
  const reads = request ? readsUploadedFile : readsFiles;
  if (reads(iterable)) return true;
  const fn = django.contextOf(iterable).function;
  if (!fn) return false;
  const tainted = namesAssignedFrom(django, fn, request ? "upload" : "input", iterable, [], (right, names) => reads(right) || readsAny(right, names));
  if (tainted.size === 0) return false;
  if (readsAny(iterable, tainted)) return true;
  return qs !== undefined && qs.calls.some((c) => c.name === "filter" && readsAny(c.args, tainted));
}

/**
 * `filter(id__in=user.memberships.values("thread_id"))`: the rows one object links to through a join
 * table, the same handful as a pinned parent.
 */
function linkedToOne(django: DjangoFacts, qs: QuerySetInfo): boolean {
  return someFilterKeyword(qs, (name, value) => {
    if (!/^(pk|id)__in$/.test(name)) return false;
    const linked = django.querySetOf(value);
    if (linked) return linked.root === "related-manager" && linked.via?.instance.source !== "loop";
    // An object of unknown type (`kwargs["instance"]`): Django's default reverse accessor says it is one object's rows.
    return /^[\w.[\]"']+\.\w+_set\.values(_list)?\(/.test(value.text);
  });
}

/**
 * `filter(document__in=Document.objects.filter(family=f).values("pk"))`: the rows under the rows of one
 * object. Outside a request as few as one parent's rows, and only evidence that one parent holds many
 * raises them; in a request they are still the children of many parents (a tournament's rounds' rows).
 */
function underOneObject(django: DjangoFacts, qs: QuerySetInfo): boolean {
  return someFilterKeyword(qs, (name, value) => {
    const key = /^(\w+?)__in$/.exec(name)?.[1];
    const linked = key ? django.querySetOf(value) : undefined;
    return linked !== undefined && isKeyTo(qs.model, key!) && rowsOfOneParent(django, linked);
  });
}
/** `document` is a foreign key (or one-to-one) of the model: `document__in=` picks rows by their parent. */
function isKeyTo(model: ModelInfo, name: string): boolean {
  const field = model.fields.get(name.replace(/_id$/, ""));
  return field !== undefined && (field.kind === "fk" || field.kind === "o2o");
}

/**
 * A filter that pins a parent or a key: a lookup through a relation (`customer=c`, `shelf__user=u`,
 * `order_id=pk`) or on the primary key (`pk__in=ids`). Without one, the rows are a slice of the whole
 * table chosen by value (`status="paid", created_at__gte=since`), which grows with the table.
 */
function pinsAnything(qs: QuerySetInfo): boolean {
  return qs.calls.some(
    (call) =>
      (call.name === "filter" || call.name === "get") &&
      call.args.namedChildren.some((arg) => {
        if (arg.type !== "keyword_argument") return arg.type !== "comment";
        const written = (arg.childForFieldName("name")?.text ?? "").split("__")[0]!;
        const head = written.replace(/_id$/, "");
        if (head === "pk" || head === "id") return true;
        const field = keyField(qs.model, written);
        // A relation, or a column that names one row (`reference__in=ids` where reference is the primary key).
        return field !== undefined && (field.kind !== "concrete" || pinsUniqueKey(qs.model, new Set([field.name])) || isSoftKey(field));
      }),
  );
}

/** The first per-iteration call that does network or file I/O, as written (`requests.post`). */
function ioCallIn(loop: LoopInfo): string | undefined {
  return foldPerIteration(loop, FIRST_IO_CALL).first;
}

const FIRST_IO_CALL = firstFold((node): string | undefined => {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  if (!fn) return undefined;
  const parts = dottedParts(fn);
  const name = calleeName(node) ?? "";
  // A capitalised callee is a class being built (`Notification(user=u)`, a model row), not a sending helper.
  if ((parts && IO_MODULES.has(parts[0] ?? "")) || IO_FUNCTIONS.has(name) || (SENDING_FUNCTIONS.test(name) && !/^[A-Z]/.test(name))) return fn.text;
  // `.send()` of a message or a notification template: no QuerySet method is called so. A Django
  // signal's `send(sender=...)` runs its receivers in this process: no I/O of its own (rotation 12).
  if (fn.type === "attribute" && name === "send") return sendsSignal(node, fn) ? undefined : fn.text;
  if (fn.type === "attribute" && IO_METHODS.has(name)) {
    const object = fn.childForFieldName("object")?.text ?? "";
    // `requests.post`, `session.post`, `client.send`, `email.send()`: not a QuerySet's `.get()` / `.update()`.
    if (/(session|client|http|api|mail|email|message|msg|s3|bucket|storage|conn|connection|smtp)/i.test(object)) return fn.text;
  }
  return undefined;
});

/** `post_save.send(sender=...)`, `signals.archive_stored.send(...)`: a Django signal, not a message. */
function sendsSignal(call: SyntaxNode, fn: SyntaxNode): boolean {
  const object = fn.childForFieldName("object")?.text ?? "";
  if (/(^|\.)signals?\b|_signal$|^(pre|post)_(save|delete|init|migrate)$|^m2m_changed$/.test(object)) return true;
  return (call.childForFieldName("arguments")?.namedChildren ?? []).some((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "sender");
}

/**
 * The models whose one object the rows hang from (qualified names): the owner of a related manager, the
 * targets of keys pinned to one object. Undefined when a pin's model is not known (through a relation
 * path, a join table): then any evidence of many rows per parent may be about these rows.
 */
export function parentModels(qs: QuerySetInfo): string[] | undefined {
  const parents = new Set<string>();
  const owner = qs.root === "related-manager" ? qs.via?.instance : undefined;
  if (owner && owner.source !== "loop") parents.add(owner.model.qualifiedName);
  for (const field of pinnedKeys(qs)) {
    if (!field.target?.resolved) return undefined;
    parents.add(field.target.model);
  }
  return parents.size > 0 ? [...parents].sort() : undefined;
}

/**
 * Foreign keys the filters pin to one object each (`filter(user=request.user, book=book)`): the rows of
 * one user's one book are a handful. One pin alone (`user=request.user`) can still be many rows.
 */
function pinnedParents(qs: QuerySetInfo): string[] {
  const parents = pinnedKeys(qs).map((field) => (field.target?.resolved ? field.target.model.split(".").pop()! : field.name));
  return [...new Set(parents)];
}

/** The foreign keys (and one-to-ones) the filters pin by equality (`user=u`, `order_id=pk`), not to a list. */
function pinnedKeys(qs: QuerySetInfo): FieldInfo[] {
  const keys: FieldInfo[] = [];
  for (const { name, value } of filterKeywords(qs)) {
    const field = keyField(qs.model, name.replace(/__exact$/, ""));
    if (!field || value.type === "list" || value.type === "tuple") continue;
    // Not a many-to-many: the rows tagged with one tag, found by one scanner type, are often most of a table.
    if (field.kind === "fk" || field.kind === "o2o" || isSoftKey(field)) keys.push(field);
  }
  return keys;
}

/**
 * The field a filter's first lookup part names: a foreign key by its attname (`user_id`), else the
 * field of that very name (a soft key `account_id`, any column).
 */
function keyField(model: ModelInfo, written: string): FieldInfo | undefined {
  return model.fields.get(written.replace(/_id$/, "")) ?? model.fields.get(written);
}

/**
 * A key to another table kept as a plain number or UUID (`user_id = models.PositiveIntegerField()`:
 * the user lives in another service or database). Pinned by equality, it selects one object's rows
 * just like a foreign key; which model it points at is unknown.
 */
function isSoftKey(field: FieldInfo): boolean {
  return field.kind === "concrete" && field.name.endsWith("_id") && /(IntegerField|UUIDField)$/.test(field.fieldClass);
}

/**
 * In a management command's handle(): the iterable reads `options` / `args`, or a name assigned (in
 * handle, in order) from something that does: the ids, paths or names the operator passed.
 */
function fromCommandLine(django: DjangoFacts, iterable: SyntaxNode): boolean {
  const fn = django.contextOf(iterable).function;
  if (!fn || fn.childForFieldName("name")?.text !== "handle") return false;
  const plain = (node: SyntaxNode) => !readsFiles(node) && onlyPlainCalls(django, node);
  const tainted = namesAssignedFrom(django, fn, "command line", iterable, ["options", "args"], (right, names) => readsAny(right, names) && plain(right));
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

/**
 * Names assigned in `fn` up to `until` (in source order) from something `derives` accepts, given the
 * names found so far (`seed` to start with). Asked again for every loop of a long function, reading the
 * function up to each loop was quadratic: the function's assignments are judged once per question
 * (`question` names `seed` and `derives`), as far as the furthest loop asked about, each name kept with
 * the assignment that first made it one.
 */
function namesAssignedFrom(
  django: DjangoFacts,
  fn: SyntaxNode,
  question: string,
  until: SyntaxNode,
  seed: string[],
  derives: (right: SyntaxNode, names: ReadonlySet<string>) => boolean,
): Set<string> {
  let byFunction = derivedNames.get(django);
  if (!byFunction) derivedNames.set(django, (byFunction = new Map()));
  const key = `${question} ${fn.id}`;
  let pass = byFunction.get(key);
  if (!pass) byFunction.set(key, (pass = { assignments: nodesWithin(django, fn, "assignment"), next: 0, names: new Set(seed), firstAssigned: new Map() }));
  const at = until.startIndex;
  for (; pass.next < pass.assignments.length; pass.next++) {
    const assign = pass.assignments[pass.next]!;
    const start = assign.startIndex;
    if (start > at) break;
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type !== "identifier" || !right || pass.names.has(left.text) || !derives(right, pass.names)) continue;
    pass.names.add(left.text);
    pass.firstAssigned.set(left.text, start);
  }
  const names = new Set(seed);
  for (const [name, start] of pass.firstAssigned) if (start <= at) names.add(name);
  return names;
}

/** How far a question's pass over a function's assignments got, and what it found. */
interface AssignmentPass {
  assignments: readonly SyntaxNode[];
  next: number;
  names: Set<string>;
  firstAssigned: Map<string, number>;
}

const derivedNames = new WeakMap<DjangoFacts, Map<string, AssignmentPass>>();

/** A path from the command line names a file whose rows can be many: `csv.DictReader(open(options["path"]))`. */
const FILE_READERS = /^(open|reader|DictReader|load|loads|read|readlines|iterdir|glob|rglob|listdir|walk|scandir|read_csv|read_excel|read_json|urlopen|get)$/;
/** Argument names that name an input (`--file`, `--csv-path`, `--url`): what a call does with one is a read of it. */
const INPUT_OPTION = /^["'][\w-]*(file|path|csv|xlsx?|json|url|input|dump)[\w-]*["']$/i;

/** Objects whose `.get(url)` is an HTTP request. */
const HTTP_CLIENT = /^(requests|httpx|urllib3|session|self\.session|client|self\.client|http)$/i;

function readsFiles(node: SyntaxNode): boolean {
  const calls = node.type === "call" ? [node, ...node.descendantsOfType("call")] : node.descendantsOfType("call");
  return calls.some((call) => {
    const name = calleeName(call) ?? "";
    // `options.get("ids")` or `data.get("key")` reads a dict; `requests.get(url)` / `session.get(url)` fetches a payload.
    const object = call.childForFieldName("function")?.childForFieldName("object")?.text ?? "";
    // `json.loads(json_data)` of a parameter decodes what the caller passed (a form's JSON, a setting),
    // not a file or a download; a name assigned from a read is followed by the caller (rotation set 13).
    if (name === "loads" && decodesParameter(call)) return false;
    if (parsesFile(call)) return true;
    if (FILE_READERS.test(name) && (name !== "get" || HTTP_CLIENT.test(object))) return true;
    // `load_rows(options["path"])`: a project helper given an input's name reads that input.
    return call.childForFieldName("arguments")?.namedChildren.some(namesInputOption) ?? false;
  });
}

/** `loads(x)` where `x` is a parameter of the enclosing function. */
function decodesParameter(call: SyntaxNode): boolean {
  const arg = call.childForFieldName("arguments")?.namedChildren[0];
  if (arg?.type !== "identifier") return false;
  const fn = enclosingFunction(call);
  return fn !== undefined && parameterNodes(fn).some((p) => p.name === arg.text);
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

/** Readers of a file's rows: `csv.reader(upload)`, `load_workbook(f)`, `read_csv(f)`, `f.readlines()`. */
const UPLOAD_READERS = /^(reader|DictReader|readlines|read_csv|read_excel|load_workbook|iter_rows|iterparse)$/;

/** A project's parser class (`MeterParser`, `reader.XlsReader`): what it is given a file to read, it reads whole. */
const PARSER_CLASS = /^[A-Z]\w*(Parser|Reader)$/;
/** An argument that names a file: `request.FILES["f"]`, `upload`, `import_file.local_file`, `self.csv`. */
const FILE_ARGUMENT = /\bFILES\b|(^|[._])(\w*_)?(files?|uploads?|uploaded_file|attachment|csv|xlsx?|workbook|spreadsheet)\b/i;

function readsUploadedFile(node: SyntaxNode): boolean {
  const calls = node.type === "call" ? [node, ...node.descendantsOfType("call")] : node.descendantsOfType("call");
  return calls.some((call) => UPLOAD_READERS.test(calleeName(call) ?? "") || parsesFile(call));
}

/** `reader.MCMParser(import_file.local_file)`: a parser class given a file (rotation set 13, a meter-readings upload). */
function parsesFile(call: SyntaxNode): boolean {
  if (!PARSER_CLASS.test(calleeName(call) ?? "")) return false;
  return (call.childForFieldName("arguments")?.namedChildren ?? []).some((arg) => {
    const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : arg;
    return value !== null && ["attribute", "identifier", "subscript", "call"].includes(value.type) && FILE_ARGUMENT.test(value.text);
  });
}

function readsAny(node: SyntaxNode, names: ReadonlySet<string>): boolean {
  if (node.type === "identifier") return names.has(node.text);
  return node.descendantsOfType("identifier").some((id) => names.has(id.text) && isVariableRead(id));
}

/** `filter(pk__in=options["ids"])` / `filter(id__in=ids)` with ids from the command line, in a command's handle(). */
function filteredByCommandLine(django: DjangoFacts, qs: QuerySetInfo): boolean {
  for (const { name, value, call } of filterKeywords(qs)) {
    if (/__in$/.test(name) && /\b(options|kwargs)\s*(\[|\.get\()|\bsys\.argv\b/.test(value.text) && inHandle(call)) return true;
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

/**
 * Code a person runs by hand, once or rarely: a management command, a script under `scripts/`, a migration or a RunPython-style
 * helper (`def forwards(apps, schema_editor)`), an admin action over the rows an admin selected. A
 * per-row cost there is paid once, while someone watches; it is not worth a review comment.
 */
function runsByHand(django: DjangoFacts, loop: LoopInfo, iterable: SyntaxNode | null | undefined): string | undefined {
  const where = django.contextOf(loop.node);
  if (isCommandPath(django.file.path)) {
    // A command a schedule runs (a Helm CronJob, a crontab) is a batch job, not one a person starts (rotation 12).
    const scheduled = scheduleReason(django.index, django.file);
    return scheduled ? `the loop runs in a management command, a batch job off the request path (${scheduled})` : "the loop runs in a management command, run by hand once or rarely";
  }
  if (isScriptPath(django.file.path)) return "the loop runs in a script under `scripts/`, run by hand";
  if (where.migration) return "the loop runs in a migration, once";
  const commands = onlyCommandsCall(django, where.function);
  if (commands) return commands;
  for (let fn = where.function; fn; fn = enclosingFunction(fn)) {
    const params = parameterNodes(fn).map((p) => p.name);
    if (params[0] === "apps" && (params.length === 1 || params[1] === "schema_editor" || params[1] === "change")) return "the loop runs in a data migration helper (it takes the migration's `apps`), once";
    if (ADMIN_ACTION_PARAMS.test(params.join(",")) && iterable && readsAny(iterable, selectedNames(fn))) return "the loop walks the rows an admin selected for an admin action, or rows under them";
  }
  return undefined;
}

/** A management command module by its dotted name (`shop.management.commands.load_tracts`). */
const COMMAND_MODULE = /(^|\.)management\.commands\.[^.]+$/;

/**
 * The module-level function around the loop is called only from management commands (the callers index
 * knows all its callers; migrations and tests are not application code): a loader a command, and perhaps
 * a data migration, runs by hand (rotation set 13, a census-tract file loaded by one command). Undefined
 * when any caller is elsewhere, or none is seen.
 */
function onlyCommandsCall(django: DjangoFacts, fn: SyntaxNode | undefined): string | undefined {
  const top = fn ? topLevelFunction(fn) : undefined;
  const name = top?.childForFieldName("name")?.text;
  if (!name) return undefined;
  const commands = new Set<string>();
  if (!calledOnlyFromCommands(django, name, commands, new Set())) return undefined;
  return `\`${name}\` is called only from management commands (${[...commands].sort().join(", ")}), run by hand or as batch jobs`;
}

/**
 * A query that runs only in a management command: in a command module itself, or in a module-level function
 * only commands call (onlyCommandsCall). Run by hand or as a batch job, never while a request waits.
 */
export function commandOnlyReason(django: DjangoFacts, node: SyntaxNode): string | undefined {
  if (isCommandPath(django.file.path)) return "the query runs in a management command, by hand or as a batch job, never while a request waits";
  return onlyCommandsCall(django, enclosingFunction(node) ?? undefined);
}

/** The outermost function around `fn` when it is defined at module level (decorated or not). */
function topLevelFunction(fn: SyntaxNode): SyntaxNode | undefined {
  let top = fn;
  for (let up = enclosingFunction(top); up; up = enclosingFunction(up)) top = up;
  const parent = top.parent?.type === "decorated_definition" ? top.parent.parent : top.parent;
  return parent?.type === "module" ? top : undefined;
}

/** Three helpers deep at most: `load()` → `import_tracts()` → the loop. */
const MAX_LOCAL_CALLERS_DEPTH = 3;

/**
 * Every call of the module-level function `name` comes from a management command, or from a function of
 * the same module that is itself called only from commands (`add_data()` calling `import_tracts()`).
 * The command modules' last names are added to `commands`.
 */
function calledOnlyFromCommands(django: DjangoFacts, name: string, commands: Set<string>, path: ReadonlySet<string>): boolean {
  // `path`: the functions between this one and the loop (a cycle, or a chain too long, proves nothing).
  if (path.has(name) || path.size > MAX_LOCAL_CALLERS_DEPTH) return false;
  const along = new Set([...path, name]);
  const calls = django.index.callers?.callsOf(django.file.module, name);
  if (!calls || calls.length === 0) return false;
  let local = false;
  for (const call of calls) {
    if (COMMAND_MODULE.test(call.module)) commands.add(call.module.split(".").pop()!);
    else if (call.module === django.file.module) local = true;
    else return false;
  }
  if (!local) return true;
  // The callers in this module, read from its tree: each must sit in a function only commands call.
  for (const node of django.nodesOfType("call")) {
    const callee = node.childForFieldName("function");
    if (callee?.type !== "identifier" || callee.text !== name) continue;
    const caller = enclosingFunction(node);
    const top = caller ? topLevelFunction(caller) : undefined;
    const callerName = top?.childForFieldName("name")?.text;
    if (!callerName || !calledOnlyFromCommands(django, callerName, commands, along)) return false;
  }
  return commands.size > 0;
}

/**
 * `queryset` of an admin action and the names assigned from it in the action (`event =
 * queryset.first()`, then `Prize.objects.filter(event=event)`: the rows under what the admin picked).
 * Two hops (`prizes = Prize.objects.filter(event=event)` too); every assignment of a name must read them.
 */
function selectedNames(action: SyntaxNode): ReadonlySet<string> {
  const names = new Set(["queryset"]);
  const body = action.childForFieldName("body");
  if (!body) return names;
  const assigned = localAssignments(body);
  // Two hops at most: `event = queryset.first()`, `prizes = Prize.objects.filter(event=event)`.
  for (let hop = 0; hop < 2; hop++) {
    const known = new Set(names);
    for (const [name, values] of assigned) if (values.length > 0 && values.every((v) => readsAny(v, known))) names.add(name);
  }
  return names;
}

/** Names of constants and settings: `settings.LANGUAGES`, `STATUS_CHOICES`, `Order.Status.choices`. */
const FIXED_NAME = /^(settings\.[A-Z_][A-Z0-9_]*|([\w.]*\.)?[A-Z][A-Z0-9_]{2,}|[\w.]+\.choices|[\w.]+\._meta\.(get_fields\(\)|fields|many_to_many|related_objects|concrete_fields|local_fields))$/;

/** The loop walks a set fixed by the code or the configuration, not by the data. */
function fixedSet(iterable: SyntaxNode): string | undefined {
  let node = iterable;
  // `X.items()`, `enumerate(X)`, `sorted(X)`: the size of X.
  for (let depth = 0; depth < 3 && node.type === "call"; depth++) {
    const fn = node.childForFieldName("function");
    const name = calleeName(node) ?? "";
    if (fn?.type === "attribute" && ["items", "keys", "values"].includes(name)) node = fn.childForFieldName("object") ?? node;
    else if (fn?.type === "identifier" && ["enumerate", "sorted", "list", "tuple", "reversed"].includes(name)) node = node.childForFieldName("arguments")?.namedChildren[0] ?? node;
    else break;
  }
  const text = node.text.replace(/\s+/g, "");
  if (!FIXED_NAME.test(text)) return undefined;
  return /_meta\./.test(text) ? "the loop walks a model's fields, a fixed handful" : `the loop walks \`${text}\`, a set fixed by the code or the settings`;
}

/** The loop body writes a row of a CSV or spreadsheet export per iteration. */
function writesExport(loop: LoopInfo): boolean {
  return foldPerIteration(loop, FIRST_EXPORT_ROW).first !== undefined;
}

const FIRST_EXPORT_ROW = firstFold((node) => (node.type === "call" && /^(writerow|writerows|write_row|append_row)$/.test(calleeName(node) ?? "") ? node : undefined));

/** `filter(round__in=rounds)`: the children of several parents, not of one (a literal list is a handful). */
function manyParents(qs: QuerySetInfo): string | undefined {
  for (const { name, value } of filterKeywords(qs)) {
    const match = /^(\w+?)(_id)?__in$/.exec(name);
    const field = match ? qs.model.fields.get(match[1]!) : undefined;
    if (!field || (field.kind !== "fk" && field.kind !== "m2m") || value.type === "list" || value.type === "tuple" || value.type === "set") continue;
    return `${field.target?.resolved ? field.target.model.split(".").pop() : field.name} rows`;
  }
  return undefined;
}
