/**
 * What the bulk-write rules (DJP501–DJP503) need to know before recommending bulk_create /
 * bulk_update / update(): which models the bulk APIs cannot handle or would change the behaviour of,
 * and whether one iteration depends on the row an earlier iteration wrote.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import type { LoopInfo, QuerySetInfo } from "./types.js";
import { perIterationNodes, referencedNames, targetNames } from "./loop-scope.js";
import { attributeName, dottedParts, isWithin } from "./syntax.js";
import { loopWriteFacts, push } from "./loop-writes.js";
import type { BindingFact } from "./loop-writes.js";

/** ORM calls that write rows. */
export const WRITE_METHODS: ReadonlySet<string> = new Set([
  "save", "create", "delete", "update", "bulk_create", "bulk_update", "get_or_create", "update_or_create",
  "add", "remove", "set", "clear",
]);

/**
 * What runs on every save of the model and that bulk_create / bulk_update / update() skip: a save()
 * override (own or inherited), pre/post_save receivers for it or for every model, history, audit or
 * search tracking. Described for a message ("overrides save() and is tracked by django-reversion");
 * undefined when there is none. A per-row write of such a model is needed as written.
 */
export function saveHooksOf(model: ModelInfo, index: ProjectIndex): string | undefined {
  const hooks = [
    model.overridesSave && "overrides save()",
    index.modelsWithSaveSignals.has(model.qualifiedName) && "has pre_save/post_save receivers",
    index.globalSaveReceivers.length > 0 && `runs save receivers registered for every model (${index.globalSaveReceivers[0]})`,
    model.tracking.length > 0 && `is tracked by ${model.tracking.join(" and ")}`,
  ].filter((h): h is string => typeof h === "string");
  return hooks.length > 0 ? hooks.join(", ") : undefined;
}

function baseModels(model: ModelInfo, index: ProjectIndex): ModelInfo[] {
  return model.resolvedBases.flatMap((b) => {
    const m = index.models.get(b);
    return m && m.qualifiedName !== model.qualifiedName ? [m] : [];
  });
}

function hasConcreteAncestor(model: ModelInfo, index: ProjectIndex, seen: Set<string>): boolean {
  for (const base of baseModels(model, index)) {
    if (seen.has(base.qualifiedName)) continue;
    seen.add(base.qualifiedName);
    if (!base.isAbstract) return true;
    if (hasConcreteAncestor(base, index, seen)) return true;
  }
  return false;
}

/**
 * A multi-table-inheritance child (its concrete model has a concrete parent): bulk_create raises
 * ValueError for it, so recommending it would be wrong. Proxies count as their concrete model.
 */
export function isMultiTableChild(model: ModelInfo, index: ProjectIndex): boolean {
  let concrete: ModelInfo | undefined = model;
  const seen = new Set<string>([model.qualifiedName]);
  while (concrete?.isProxy) {
    concrete = baseModels(concrete, index).find((b) => !b.isAbstract && !seen.has(b.qualifiedName));
    if (concrete) seen.add(concrete.qualifiedName);
  }
  return concrete ? hasConcreteAncestor(concrete, index, seen) : false;
}

/** `obj.tags.create(...)` on a many-to-many manager: bulk_create would not add the link rows. */
export function isManyToManyManager(qs: QuerySetInfo): boolean {
  if (qs.root !== "related-manager") return false;
  const rel = qs.via?.relation;
  if (!rel) return true; // relation kind unknown: treat as unsupported (silence)
  return rel.kind === "m2m" || (rel.kind === "reverse" && rel.relation.kind === "reverse-m2m");
}

/**
 * True when a later iteration reads what an earlier one wrote through `producer` (the `create()` call
 * or the `M(...)` constructor): the value flows into names (and containers) that the loop body reads
 * before it writes them again, e.g. `prev = Node.objects.create(parent=prev)`.
 */
export function isLoopCarried(loop: LoopInfo, producer: SyntaxNode): boolean {
  const facts = loopWriteFacts(loop);
  const sinks = new Set<string>();
  const pending: string[] = [];
  const sink = (name: string) => {
    if (!sinks.has(name)) {
      sinks.add(name);
      pending.push(name);
    }
  };
  for (const b of facts.bindings) if (producer.startIndex >= b.sourceStart && producer.endIndex <= b.sourceEnd) b.names.forEach(sink);
  // The names the value flows on to: every binding whose source reads a sink binds sinks too.
  const readers = bindingsReading(loop);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) for (const b of readers.get(name) ?? []) b.names.forEach(sink);
  for (const t of loop.targets) sinks.delete(t.name); // rebound at the start of every iteration
  const firstWrite = firstWrites(loop);
  for (const name of sinks) {
    const first = firstWrite.get(name) ?? Infinity;
    if ((facts.reads.get(name) ?? []).some((id) => !facts.written.has(id.startIndex) && id.startIndex < first)) return true;
  }
  return false;
}

/**
 * The bindings of the loop by the names their sources read. Built only when a create is asked about:
 * the sources of a chained assignment `x = y = … = v` nest, so reading every one costs the chain's square.
 */
function bindingsReading(loop: LoopInfo): Map<string, BindingFact[]> {
  let readers = readersCache.get(loop);
  if (!readers) {
    readers = new Map();
    for (const b of loopWriteFacts(loop).bindings) for (const name of referencedNames(b.source)) push(readers, name, b);
    readersCache.set(loop, readers);
  }
  return readers;
}

/** Where in the iteration each name is first written (the end of its first binding). */
function firstWrites(loop: LoopInfo): Map<string, number> {
  let first = firstWriteCache.get(loop);
  if (!first) {
    first = new Map();
    for (const b of loopWriteFacts(loop).bindings) for (const n of b.names) first.set(n, Math.min(first.get(n) ?? Infinity, b.end));
    firstWriteCache.set(loop, first);
  }
  return first;
}

const readersCache = new WeakMap<LoopInfo, Map<string, BindingFact[]>>();
const firstWriteCache = new WeakMap<LoopInfo, Map<string, number>>();

/** Container methods that only store a value: a created object kept for later is not "used". */
// Not `add`: `obj.tags.add(tag)` on a many-to-many manager needs the row, and a set cannot be told from one.
const STORES = new Set(["append", "appendleft", "extend", "insert"]);

/**
 * The object `producer` creates (or upserts) is needed within the same iteration, so one bulk call
 * after the loop cannot replace the per-row write: it is passed to another call or constructor (the
 * foreign key of another row, a helper), its attributes or methods are used (`obj.groups.set(...)`,
 * `obj.pk`), or an upsert's `created` flag is read. Keeping it in a list or dict for later does not
 * count, nor does reading one of its own columns (`model` given). `after`: only reads after this position count (`obj = M(...); obj.x = 1; obj.save()` uses obj
 * only after the save). `ignored`: reads that do not count (an upsert's `created` flag that only feeds
 * counters). (Issue: accuracy, false-positive class 2.)
 */
export function resultUsedInIteration(loop: LoopInfo, producer: SyntaxNode, after?: number, model?: ModelInfo, ignored?: (id: SyntaxNode) => boolean): boolean {
  const holder = usingCall(producer);
  if (holder) return true;
  const stmt = statementAround(producer);
  const assign = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  if (assign?.type !== "assignment" || !isWithin(producer, assign.childForFieldName("right") ?? assign)) return false;
  const left = assign.childForFieldName("left");
  // `d[k] = create(...)`, `self.x = ...`: stored, not used here (a later iteration reading it is loop-carried).
  const names = left && (left.type === "identifier" || left.type === "pattern_list" || left.type === "tuple_pattern") ? targetNames(left).filter((n) => n !== "_") : [];
  if (names.length === 0) return false;
  const reads = loopWriteFacts(loop).reads;
  const from = after ?? assign.endIndex;
  const counts = (id: SyntaxNode) => id.startIndex >= from && !isStoredOnly(id) && !(model && readsOwnColumn(id, model)) && !ignored?.(id);
  return names.some((name) => (reads.get(name) ?? []).some(counts));
}

/** The call `producer` is an argument of, unless that call only stores it (`objs.append(create(...))`). */
function usingCall(producer: SyntaxNode): SyntaxNode | undefined {
  let n = producer.parent;
  if (n?.type === "keyword_argument") n = n.parent;
  if (n?.type !== "argument_list") return undefined;
  const call = n.parent;
  if (call?.type !== "call") return undefined;
  const fn = call.childForFieldName("function");
  const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  return method !== undefined && STORES.has(method) ? undefined : call;
}

/**
 * `obj.name` where name is a concrete column other than the key: its value was set in Python before
 * the INSERT, so reading it needs no row in the database.
 */
function readsOwnColumn(id: SyntaxNode, model: ModelInfo): boolean {
  const attr = id.parent;
  if (attr?.type !== "attribute" || attr.childForFieldName("object")?.startIndex !== id.startIndex) return false;
  const name = attr.childForFieldName("attribute")?.text ?? "";
  const field = model.fields.get(name);
  if (!field || field.kind !== "concrete" || field.kwargs.primary_key === "True" || field.autoCreated) return false;
  return attr.parent?.type !== "call" || attr.parent.childForFieldName("function")?.startIndex !== attr.startIndex;
}

/** `objs.append(obj)`: the name is only put into a list. */
function isStoredOnly(id: SyntaxNode): boolean {
  const list = id.parent;
  if (list?.type !== "argument_list" || list.namedChildren.length !== 1) return false;
  const fn = list.parent?.type === "call" ? list.parent.childForFieldName("function") : null;
  return fn?.type === "attribute" && STORES.has(fn.childForFieldName("attribute")?.text ?? "");
}

function statementAround(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.parent?.type === "block" || n.parent?.type === "module") return n;
  return undefined;
}

/** boto3's S3 client writes: no Django ORM or queryset method has these names. */
const OBJECT_STORE_WRITES: ReadonlySet<string> = new Set(["copy_object", "delete_object", "delete_objects", "put_object", "upload_file", "upload_fileobj"]);
const HTTP_MODULES: ReadonlySet<string> = new Set(["requests", "httpx"]);
const HTTP_WRITES: ReadonlySet<string> = new Set(["post", "put", "patch", "delete"]);

/**
 * A change the iteration makes outside the database before `write` (an S3 object copied or deleted, an
 * HTTP POST): the call's text, or undefined. The per-row write then records that change, row by row
 * (rotation set 13: repair commands that move S3 keys and save each new key right after the move).
 */
export function externalWriteBefore(loop: LoopInfo, write: SyntaxNode): string | undefined {
  for (const node of perIterationNodes(loop)) {
    if (node.type !== "call" || node.startIndex >= write.startIndex) continue;
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute") continue;
    const name = attributeName(fn) ?? "";
    if (OBJECT_STORE_WRITES.has(name) || (HTTP_MODULES.has(dottedParts(fn)?.[0] ?? "") && HTTP_WRITES.has(name))) return fn.text;
  }
  return undefined;
}
