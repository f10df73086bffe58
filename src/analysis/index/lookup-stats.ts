/**
 * The repository-wide lookup count behind DJP211 (index advisor): per model, how many call sites
 * filter on each field, on each pair of fields together, and on each constant flag, counted once when
 * the index is assembled. Only provable sites count: a chain rooted at `Model.manager` where `Model`
 * resolves to a project model and every method between is a QuerySet method (or the manager's own
 * QuerySet method), plus DRF `filterset_fields` / `lookup_field` of views whose model is known. From
 * the counts it derives the advice (which index is missing); the rule decides where to say it.
 */
import type { FieldInfo, ModelInfo, ProjectIndex } from "./types.js";
import type { LookupFileFacts, LookupKw, LookupSiteFacts } from "./lookup-facts.js";
import { fieldByName, leadsBtreeIndex } from "../django/indexed-columns.js";
import { stringItems } from "./expr.js";

/** One call site of a lookup (1-based line, 0-based column). */
export interface LookupUse {
  path: string;
  line: number;
  column: number;
  kind: "list" | "get";
}

export interface IndexAdvice {
  /** `field`: one unindexed column; `pair`: two columns filtered together; `partial`: a constant filter. */
  kind: "field" | "pair" | "partial";
  /** Qualified model name. */
  model: string;
  fields: string[];
  /** For `partial`: the literal (`True`, `"open"`). */
  value?: string;
  uses: LookupUse[];
}

export interface LookupStats {
  /** Files whose lookups were counted (0: nothing known, rules stay silent). */
  files: number;
  advice(model: string): readonly IndexAdvice[];
  /** The uses in one file, each with the advice it counts towards. */
  usesIn(path: string): readonly { use: LookupUse; advice: IndexAdvice }[];
}

/** Sites needed before an index is suggested (RULES.md DJP211: "≥ 3 call sites"). */
export const MIN_SITES = 3;

/** Lookups a B-tree index on the column serves. */
const BTREE_LOOKUPS: ReadonlySet<string> = new Set(["exact", "in", "gt", "gte", "lt", "lte", "range"]);
const EQUALITY: ReadonlySet<string> = new Set(["exact", "in"]);

/** QuerySet methods that keep the rows of the manager's model. */
const QS_METHODS: ReadonlySet<string> = new Set([
  "all", "filter", "exclude", "get", "get_or_create", "update_or_create", "order_by", "select_related", "prefetch_related",
  "only", "defer", "distinct", "annotate", "alias", "using", "values", "values_list", "first", "last", "count", "exists",
  "update", "delete", "iterator", "latest", "earliest", "select_for_update", "reverse", "in_bulk", "aggregate",
  // Django's async API (4.1+): the same queries, awaited.
  "aget", "aget_or_create", "aupdate_or_create", "afirst", "alast", "acount", "aexists", "aupdate", "adelete",
  "aiterator", "alatest", "aearliest", "ain_bulk", "aaggregate",
]);
const DEFAULT_MANAGERS: ReadonlySet<string> = new Set(["objects", "_default_manager", "_base_manager"]);

/**
 * Column types a plain B-tree index serves well (text blobs, JSON and files are not); a project field
 * class named after one of them (`RemoteIdField`, `LowercaseEmailField`) is taken as that type.
 */
const INDEXABLE = /(CharField|SlugField|EmailField|URLField|UrlField|UUIDField|UuidField|IdField|IntegerField|DateTimeField|DateField|TimeField|DecimalField|FloatField|IPAddressField)$/;
const BOOLEAN = /^(BooleanField|NullBooleanField)$/;
/** A field whose values are a small set of states: one value matches a large share of the rows. */
const STATUS_NAME = /^(status|state|type|kind|stage|phase|level|visibility|role)$/;

export const NO_LOOKUP_STATS: LookupStats = { files: 0, advice: () => [], usesIn: () => [] };

type IndexParts = Pick<ProjectIndex, "models" | "resolveQualified" | "drf">;

export function buildLookupStats(files: readonly LookupFileFacts[], index: IndexParts): LookupStats {
  if (files.length === 0) return NO_LOOKUP_STATS;
  const counts = new Map<string, ModelCounts>();
  const countsOf = (model: string): ModelCounts => {
    let c = counts.get(model);
    if (!c) counts.set(model, (c = { fields: new Map(), freeValued: new Set(), pairs: new Map(), constants: new Map() }));
    return c;
  };
  const managerKws = managerFilters(files, index.models);
  for (const file of files) {
    const imports = new Map(file.imports);
    for (const site of file.sites) {
      const read = siteRows(file, imports, site, index);
      if (!read) continue;
      const { model, manager } = read;
      const kws = [...site.kws, ...(managerKws.get(`${model.qualifiedName}.${manager}`) ?? [])];
      addSite(countsOf(model.qualifiedName), model, kws, { path: file.path, line: site.line, column: site.column, kind: site.kind });
    }
  }
  addDrfUses(index, countsOf);
  const advice = new Map<string, IndexAdvice[]>();
  const byPath = new Map<string, { use: LookupUse; advice: IndexAdvice }[]>();
  for (const [qn, c] of counts) {
    const model = index.models.get(qn);
    // Django's own tables (auth_user) take no index the project would add in its own migrations.
    if (!model || model.builtin) continue;
    const list = adviceFor(index.models, model, c);
    advice.set(qn, list);
    for (const a of list) {
      for (const use of a.uses) {
        const at = byPath.get(use.path);
        if (at) at.push({ use, advice: a });
        else byPath.set(use.path, [{ use, advice: a }]);
      }
    }
  }
  return { files: files.length, advice: (model) => advice.get(model) ?? [], usesIn: (path) => byPath.get(path) ?? [] };
}

interface ModelCounts {
  fields: Map<string, LookupUse[]>;
  /** Fields some use compares with a value that is not a class constant (see `LookupKw.named`). */
  freeValued: Set<string>;
  pairs: Map<string, LookupUse[]>;
  constants: Map<string, LookupUse[]>;
}

function push(map: Map<string, LookupUse[]>, key: string, use: LookupUse): void {
  const list = map.get(key);
  if (!list) map.set(key, [use]);
  else if (!list.some((u) => u.path === use.path && u.line === use.line)) list.push(use);
}

function addSite(c: ModelCounts, model: ModelInfo, kws: readonly LookupKw[], use: LookupUse): void {
  const read: { field: FieldInfo; lookup: string; kw: LookupKw }[] = [];
  const negated: { field: FieldInfo; lookup: string; kw: LookupKw }[] = [];
  for (const kw of kws) {
    const [name = "", ...rest] = kw.name.split("__");
    const lookup = rest.length === 0 ? "exact" : rest.length === 1 ? rest[0]! : "";
    const field = fieldByName(model, name);
    // `exclude(code=x)` is `code <> x`: no index serves it; only a negated flag says which rows are kept.
    if (field && BTREE_LOOKUPS.has(lookup)) (kw.negated ? negated : read).push({ field, lookup, kw });
  }
  // Columns in the branches of an OR are not filtered together: no composite index serves `a = x OR b = y`
  // (rotation set 11: `Q(ipaddr4=…) | Q(ipaddr6=…)` advised as an (ipaddr4, ipaddr6) index).
  const equality = new Set(read.filter((r) => EQUALITY.has(r.lookup) && r.kw.alternative !== true).map((r) => r.field.name));
  // Another column of the same query already has an index (a foreign key, a unique slug): the database
  // narrows by it first, so this site asks for no index on the rest.
  const indexedEq = new Set(read.filter((r) => EQUALITY.has(r.lookup) && leadsBtreeIndex(model, r.field)).map((r) => r.field.name));
  const narrowedBesides = (name: string): boolean => [...indexedEq].some((n) => n !== name);
  for (const { field, lookup, kw } of read) {
    if (narrowedBesides(field.name)) continue;
    push(c.fields, field.name, use);
    if (kw.named !== true) c.freeValued.add(field.name);
    const value = constantOf(field, lookup, kw);
    if (value !== undefined) push(c.constants, `${field.name}=${value}`, use);
  }
  for (const { field, lookup, kw } of negated) {
    const value = narrowedBesides(field.name) ? undefined : constantOf(field, lookup, kw);
    if (value !== undefined) push(c.constants, `${field.name}=${value}`, use);
  }
  // Many keywords in one call are a search form, not a query shape worth a composite index. A call that
  // also matches an indexed column (a foreign key, a unique slug) is narrowed by that index first: a
  // composite of the others would rarely be used (held-out reading: such pairs were worth little).
  if (equality.size < 2 || equality.size > 4 || indexedEq.size > 0) return;
  const names = [...equality].sort();
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) push(c.pairs, `${names[i]}|${names[j]}`, use);
}

/**
 * The constant an equality lookup pins the column to: `flag=True`, `status="open"`; `exclude(flag=True)`
 * on a non-null boolean is `flag=False`. Undefined for computed values, `None` and other negations.
 */
function constantOf(field: FieldInfo, lookup: string, kw: LookupKw): string | undefined {
  if (lookup !== "exact" || kw.value === undefined || kw.value === "None") return undefined;
  if (!kw.negated) return kw.value;
  const flippable = BOOLEAN.test(field.fieldClass) && !field.nullable && (kw.value === "True" || kw.value === "False");
  return flippable ? (kw.value === "True" ? "False" : "True") : undefined;
}

/** DRF `filterset_fields` (each a list filter on every request) and `lookup_field` (the detail lookup). */
function addDrfUses(index: IndexParts, countsOf: (model: string) => ModelCounts): void {
  for (const view of index.drf.views.values()) {
    if ("unresolved" in view.queryset) continue;
    const model = index.models.get(view.queryset.model);
    if (!model) continue;
    const filterset = view.attrs.get("filterset_fields");
    if (filterset) {
      const names = filterset.value.t === "other" && filterset.value.entries ? [...filterset.value.entries.keys()] : stringItems(filterset.value);
      for (const name of names) {
        const field = fieldByName(model, name);
        if (field) requestValued(countsOf(model.qualifiedName), field.name, { path: filterset.path, line: filterset.line, column: 0, kind: "list" });
      }
    }
    const lookup = view.attrs.get("lookup_field");
    const name = lookup ? stringItems(lookup.value)[0] : undefined;
    const field = name ? fieldByName(model, name) : undefined;
    if (lookup && field) requestValued(countsOf(model.qualifiedName), field.name, { path: lookup.path, line: lookup.line, column: 0, kind: "get" });
  }
}

/** A DRF filter or lookup: its value comes from the request, whatever the column holds. */
function requestValued(c: ModelCounts, field: string, use: LookupUse): void {
  push(c.fields, field, use);
  c.freeValued.add(field);
}

/** `Order`, `models.Order`, `shop.models.Order` as written in `file`, to a project model. */
function resolveRoot(file: LookupFileFacts, imports: ReadonlyMap<string, string>, root: string, index: IndexParts): ModelInfo | undefined {
  const [head = "", ...rest] = root.split(".");
  const candidates: string[] = [];
  if (rest.length === 0 && file.classes.includes(head)) candidates.push(`${file.module}.${head}`);
  const imported = imports.get(head);
  if (imported !== undefined) candidates.push([imported, ...rest].join("."));
  else if (!file.classes.includes(head)) for (const star of file.starModules) candidates.push(`${star}.${root}`);
  for (const dotted of candidates) {
    const direct = index.models.get(dotted);
    if (direct) return direct;
    const qn = index.resolveQualified(dotted);
    const model = qn ? index.models.get(qn) : undefined;
    if (model) return model;
  }
  return undefined;
}

/**
 * Whose rows a site filters, and through which manager: `Model.manager…`, or a method called on the
 * model class that returns a manager's rows (`User.visible_to(viewer).get(username=…)`, a classmethod
 * over `cls.objects`, or a static method over a named model's manager), then QuerySet methods only.
 */
function siteRows(file: LookupFileFacts, imports: ReadonlyMap<string, string>, site: LookupSiteFacts, index: IndexParts): { model: ModelInfo; manager: string } | undefined {
  if (site.manager !== "") {
    const model = resolveRoot(file, imports, site.root, index);
    if (model && managerHolds(model, site.manager, site.methods)) return { model, manager: site.manager };
  }
  // `models.User.visible_to(...)`: the manager slot holds the class name.
  const owner = resolveRoot(file, imports, site.manager === "" ? site.root : `${site.root}.${site.manager}`, index);
  const [first = "", ...rest] = site.methods;
  const method = owner?.queryMethods?.get(first);
  if (!owner || !method || method.binding === "instance" || method.rows.k !== "manager") return undefined;
  const model = method.rows.model === undefined ? owner : index.models.get(method.rows.model);
  if (!model || !managerHolds(model, method.rows.manager, [...method.methods, ...rest])) return undefined;
  // The method's own filter on an indexed column (`cls.objects.filter(org=org)`): the database narrows
  // by that index first, so the call site's lookups ask for no index (the values are not read, only names).
  const narrowed = method.filterKeys.some((key) => {
    const [name = "", lookup = "exact", more] = key.split("__");
    const field = fieldByName(model, name);
    return more === undefined && EQUALITY.has(lookup) && field !== undefined && leadsBtreeIndex(model, field);
  });
  return narrowed ? undefined : { model, manager: method.rows.manager };
}

/** The manager exists on the model and every method keeps its rows (QuerySet methods or its own). */
function managerHolds(model: ModelInfo, manager: string, methods: readonly string[]): boolean {
  const info = model.managers.get(manager);
  if (!info && !DEFAULT_MANAGERS.has(manager)) return false;
  return methods.every((m) => QS_METHODS.has(m) || info?.queryMethods?.get(m)?.rows.k === "own");
}

/** Lookups a manager always adds (its `get_queryset` filters), by `<model>.<manager>`. */
function managerFilters(files: readonly LookupFileFacts[], models: ReadonlyMap<string, ModelInfo>): Map<string, LookupKw[]> {
  const byClass = new Map<string, LookupKw[] | null>();
  const bases = new Map<string, string[] | null>();
  for (const file of files) {
    for (const f of file.managerFilters) byClass.set(f.className, byClass.has(f.className) ? null : f.kws);
    // A class with a get_queryset that adds nothing readable: it does not inherit a base's filter either.
    for (const name of file.plainGetQueryset) byClass.set(name, null);
    for (const [name, of] of file.classBases) bases.set(name, bases.has(name) ? null : of);
  }
  const out = new Map<string, LookupKw[]>();
  if (byClass.size === 0) return out;
  inheritManagerFilters(byClass, bases);
  for (const model of models.values()) {
    for (const [name, info] of model.managers) {
      const className = /^[\w.]+/.exec(info.className ?? "")?.[0]?.split(".").pop();
      // A class name defined twice with a filtering get_queryset is ambiguous (null): left out.
      const kws = className ? byClass.get(className) : undefined;
      if (kws) out.set(`${model.qualifiedName}.${name}`, kws);
    }
  }
  return out;
}

/**
 * A manager class that defines no get_queryset (`class BasisManager(PersistentManager)`) keeps its base's
 * filter: the first base (in order, a few levels up) that has one. Names defined twice are not followed.
 */
function inheritManagerFilters(byClass: Map<string, LookupKw[] | null>, bases: ReadonlyMap<string, string[] | null>): void {
  const inherited = (name: string, depth: number): LookupKw[] | null | undefined => {
    if (byClass.has(name)) return byClass.get(name);
    const of = bases.get(name);
    if (depth > 4 || !of) return undefined;
    for (const base of of) {
      const kws = inherited(base, depth + 1);
      if (kws !== undefined) return kws;
    }
    return undefined;
  };
  for (const name of bases.keys()) {
    if (byClass.has(name)) continue;
    const kws = inherited(name, 0);
    if (kws) byClass.set(name, kws);
  }
}

function adviceFor(models: ReadonlyMap<string, ModelInfo>, model: ModelInfo, c: ModelCounts): IndexAdvice[] {
  if (!model.complete || model.isAbstract || model.isProxy) return [];
  const out: IndexAdvice[] = [];
  const qn = model.qualifiedName;
  for (const [name, uses] of c.fields) {
    const field = model.fields.get(name);
    if (uses.length < MIN_SITES || !field || !ownColumn(models, model, field) || field.kind !== "concrete") continue;
    if (!INDEXABLE.test(field.fieldClass) || lowCardinality(field) || leadsBtreeIndex(model, field)) continue;
    // Every use compares it with the model's named constants (`SCOPE_IN`, `TYPE_CALL`): a few states, like choices.
    if (!c.freeValued.has(name)) continue;
    out.push({ kind: "field", model: qn, fields: [name], uses });
  }
  for (const [key, uses] of c.pairs) {
    const names = key.split("|");
    const fields = names.map((n) => model.fields.get(n));
    if (uses.length < MIN_SITES || fields.some((f) => !f || f.kind !== "concrete" || !ownColumn(models, model, f) || uniqueColumn(model, f) || BOOLEAN.test(f.fieldClass))) continue;
    if (model.meta.indexes.some((i) => i.fields.length >= 2 && names.every((n) => i.fields.slice(0, 2).includes(n)))) continue;
    out.push({ kind: "pair", model: qn, fields: names, uses });
  }
  // Any conditional index may be the partial index already: not readable enough to tell, so silent.
  if (model.meta.indexes.some((i) => i.hasCondition)) return out;
  for (const [key, uses] of c.constants) {
    const eq = key.indexOf("=");
    const field = model.fields.get(key.slice(0, eq));
    if (uses.length < MIN_SITES || !field || !ownColumn(models, model, field) || !lowCardinality(field) || leadsBtreeIndex(model, field)) continue;
    if (majorityFlag(field, key.slice(eq + 1))) continue;
    out.push({ kind: "partial", model: qn, fields: [field.name], value: key.slice(eq + 1), uses });
  }
  return out;
}

/**
 * `published=True` on `BooleanField(default=True)`: every row starts with the flag set and keeps it until
 * someone clears it, so the condition keeps most of the table and a partial index on it is hardly smaller
 * than the table (rotation set 10: `published=True`, `is_active=True`). So does hiding soft-deleted rows,
 * `is_deleted=False` on a flag that starts False: the rows someone deleted are the few (rotation set 11:
 * open-forms' `_is_deleted=False`). Another flag that starts False and is filtered on True, or on False (a
 * queue of unprocessed rows, archived rows hidden), is not judged.
 */
function majorityFlag(field: FieldInfo, value: string): boolean {
  if (!BOOLEAN.test(field.fieldClass)) return false;
  if (value === "True" && field.kwargs["default"] === "True") return true;
  return value === "False" && field.kwargs["default"] === "False" && SOFT_DELETE.test(field.name);
}

/** A soft-delete flag: the row was deleted (`is_deleted`, `_is_deleted`, `deleted`, `is_removed`, `trashed`). */
const SOFT_DELETE = /^_?(is_)?(deleted|removed|trashed)$/;

/** The column is in this model's own table (not a multi-table parent's). */
function ownColumn(models: ReadonlyMap<string, ModelInfo>, model: ModelInfo, field: FieldInfo): boolean {
  const owner = models.get(field.declaredOn);
  return !owner || owner === model || owner.isAbstract;
}

function uniqueColumn(model: ModelInfo, field: FieldInfo): boolean {
  return field.kwargs["unique"] === "True" || field.kwargs["primary_key"] === "True" || (field.autoCreated === true && field.name === "id") || model.meta.indexes.some((i) => i.kind === "UniqueConstraint" && i.fields.length === 1 && i.fields[0] === field.name);
}

/** Booleans and a small set of states: a plain index on them rarely helps, a partial one may. */
function lowCardinality(field: FieldInfo): boolean {
  return BOOLEAN.test(field.fieldClass) || "choices" in field.kwargs || STATUS_NAME.test(field.name);
}
