/**
 * Which tables the project itself treats as large (issue: accuracy, "Value"): the code does not say how
 * many rows a table holds, but teams leave traces when it is many. An admin that shows a raw id or an
 * autocomplete box instead of a select for a foreign key (the select would list the whole target
 * table), an admin that turns off the full result count or sets its page size; rows walked with
 * `.iterator()`, written with `bulk_create(batch_size=...)`, or shown through a `Paginator` /
 * `paginate_by`; and event or log tables (a foreign key to the user plus a creation timestamp that is
 * indexed or named like a log; not when both come from an abstract audit base five or more models
 * share). A raw id / autocomplete key that the same admin lists whole in its sidebar filter says
 * nothing about size, either way: neither the box nor the sidebar counts. The config's `large_models` / `small_models` are applied on top by
 * the engine. Read from source only; a name that cannot be resolved to a model is ignored.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import { moduleNameOf, type ParsedFile, type SourceText } from "../source-file.js";
import { parsePython } from "../parser.js";
import { createDjangoFacts } from "./facts.js";
import type { DjangoFacts, QuerySetInfo } from "./types.js";
import { classMembers, decoratorTarget, decoratorsOf, keywordArg, positionalArgs, stringValue } from "./syntax.js";
import { baseNames, lastName } from "./classes.js";
import { parentModels, rowsOfOneParent } from "./impact.js";
import { handEnteredModels, type HandEntered } from "./hand-entered.js";
import { codeKindOf } from "../code-kind.js";
import { isTestPath } from "./contexts.js";

/** Why one model counts as large: a trace found, as `path:line` plus what it is. */
export interface SizeEvidence {
  reason: string;
  /** Where the trace is, when it is in code (an event table's trace is the model itself). */
  path?: string;
  line?: number;
  /**
   * The trace shows many rows under one parent, not only a large table: one parent's rows streamed or
   * paginated (`thread.posts.iterator()`), rows written by the thousand in one operation
   * (`bulk_create(batch_size=...)`), an event table (a user's log grows without bound). An admin's raw id
   * box says the table is large; a customer's baskets can still be three.
   */
  perParent?: boolean;
  /** The parents (qualified model names) of the rows the trace shows, when the code names them all. */
  parents?: string[];
  /**
   * The trace says the table holds very many rows, enough that sorting or counting all of them costs: the
   * admin turns off its full count, rows are streamed with `.iterator()` or written by the thousand, an
   * event table whose creation stamp the model itself indexes. A raw id box, a page size or a paginated
   * list only say "more rows than one select or page shows", a few hundred (rotation set 9: lookup tables,
   * a model inheriting an audit mixin's indexed `created_on` and user key).
   */
  manyRows?: boolean;
}

/** What a loop needs from the evidence. */
export interface SizeQuery {
  /** The loop walks the rows of one parent (`filter(user=request.user)`): only per-parent evidence counts. */
  oneParent?: boolean;
  /** The parents of the loop's rows (qualified model names), when the code names them all. */
  parents?: string[];
  /**
   * Lines (1-based, inclusive) of the loop's own iterable in `path`: its own `.iterator()` is a habit of
   * the author, not evidence about the rows (awx streams a handful of container groups).
   */
  except?: { path: string; from: number; to: number };
  /** The cost scales with the whole table (a sort of every row): only evidence of very many rows counts (SizeEvidence.manyRows). */
  manyRows?: boolean;
}

export interface TableSizes {
  /** Evidence that a model (qualified name) holds many rows, if the project shows any that fits the query. */
  large(model: string, query?: SizeQuery): SizeEvidence | undefined;
  /**
   * Evidence that a model holds few rows: the project lists every row of it in one widget (an admin
   * sidebar filter or a two-pane selector over a key to it, a form's select over the whole table), which
   * no team does for a table of many thousands. The user model is never counted: it grows with the site.
   */
  small(model: string): SizeEvidence | undefined;
  /**
   * Evidence that staff type every row of a model by hand in the admin (hand-entered.ts): few rows, rarely
   * inserted. Read by the migration rules, where a lock or an old release's failed insert costs by the
   * row and by the insert, and by the engine for a loop material only because it walks the table (round 14);
   * a catalogue staff maintain can still be searched often enough for an index (DJP211).
   */
  handEntered?(model: string): SizeEvidence | undefined;
}

export const NO_TABLE_SIZES: TableSizes = { large: () => undefined, small: () => undefined };

/** Traces kept per model: the first few of each kind are enough to answer any query. */
const MAX_TRACES = 16;

function fits(evidence: SizeEvidence, query: SizeQuery | undefined): boolean {
  if (query?.oneParent && !evidence.perParent) return false;
  if (query?.manyRows && !evidence.manyRows) return false;
  // One product with many sales says nothing about how many sales one order holds.
  if (query?.oneParent && query.parents && evidence.parents && !evidence.parents.some((p) => query.parents!.includes(p))) return false;
  const except = query?.except;
  return !(except && evidence.path === except.path && evidence.line !== undefined && evidence.line >= except.from && evidence.line <= except.to);
}

/** A file that mentions none of these holds no trace this module reads (the index covers event tables). */
const TRACES = /raw_id_fields|autocomplete_fields|show_full_result_count|list_per_page|\.iterator\(|bulk_create|Paginator|paginate_by|list_filter|filter_horizontal|filter_vertical|ModelChoiceField|ModelMultipleChoiceField|\.get\(\)|\.get(?:_or_create)?\((?:pk|id)=\d/;
/** Reads of one row: `M.objects.get()` (no filter), `get(pk=1)`, `get_or_create(id=1)`. */
const SINGLE_ROW_READS: ReadonlySet<string> = new Set(["get", "get_or_create"]);
/** Admin options that list every row of the model a key points at (the sidebar filter, the two-pane selector). */
const ADMIN_LISTING_OPTIONS = new Set(["list_filter", "filter_horizontal", "filter_vertical"]);
/** Form fields that render every row of their queryset as a select. */
const SELECT_FIELDS = new Set(["ModelChoiceField", "ModelMultipleChoiceField"]);

/** Admin options that say "this table (or the one this key points at) is too big to list whole". */
const ADMIN_KEY_OPTIONS = new Set(["raw_id_fields", "autocomplete_fields"]);
const ADMIN_TABLE_OPTIONS = new Set(["show_full_result_count", "list_per_page"]);
/**
 * Class attributes of a view that paginate what it lists. DRF's `pagination_class` is left out: APIs
 * paginate every endpoint by convention, small tables too.
 */
const VIEW_PAGINATION = new Set(["paginate_by"]);
/** Model names that read as logs or events (one row per thing that happened). */
const LOG_NAME = /(Log|Logs|Event|Events|History|Activity|Activities|Notification|Notifications|Audit|Entry|Entries|Action|Actions|Record|Records|Hit|Hits|Visit|Visits)$/;

/**
 * `handEntered`: `handEnteredModels` of the same sources when the caller computed it already (the
 * pipeline does, yielding between the files it parses); computed here otherwise.
 */
export function collectTableSizes(sources: Iterable<SourceText>, index: ProjectIndex, handEntered?: ReadonlyMap<string, HandEntered>): TableSizes {
  const steps = tableSizeSteps(sources, index, handEntered);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `collectTableSizes` one parsed file at a time: the generator yields after each file whose traces it
 * parses, so the pipeline can let the dead trees go between files (`afterFile`). Run without a turn of
 * the event loop, the trace pass held every tree it parsed until it ended: a tree is freed by its
 * finaliser, which waits for the loop (tendenci: 347 files, the native memory 50 MB higher for the
 * rest of the run).
 */
export function* tableSizeSteps(sources: Iterable<SourceText>, index: ProjectIndex, handEntered?: ReadonlyMap<string, HandEntered>): Generator<void, TableSizes> {
  const found = new Map<string, SizeEvidence[]>();
  const few = new Map<string, SizeEvidence>();
  const add: Add = (model, reason, at) => {
    if (!model) return;
    const list = found.get(model.qualifiedName) ?? [];
    if (list.length < MAX_TRACES) list.push({ reason, ...at });
    found.set(model.qualifiedName, list);
  };
  const addSmall: Add = (model, reason, at) => {
    if (model && !few.has(model.qualifiedName) && !growsWithUsers(model, index)) few.set(model.qualifiedName, { reason, ...at });
  };
  const stampBases = sharedStampBases(index);
  for (const model of index.models.values()) {
    const log = eventTable(model, index, stampBases);
    if (log) add(model, log.reason, { perParent: true, ...(log.manyRows ? { manyRows: true } : {}) });
    const settings = keyValueTable(model);
    if (settings) addSmall(model, settings.reason, { path: model.path, line: settings.line });
    const single = singletonBase(model);
    if (single) addSmall(model, single, { path: model.path, line: model.line });
    const catalogue = model.builtin ? DJANGO_CATALOGUES.get(model.name) : undefined;
    if (catalogue) addSmall(model, catalogue);
  }
  const code = [...sources];
  const byHand = new Map<string, SizeEvidence>();
  for (const [name, entered] of handEntered ?? handEnteredModels(code, index)) {
    const model = index.models.get(name);
    if (model && !growsWithUsers(model, index)) byHand.set(name, { reason: entered.reason, path: entered.path, line: entered.line });
  }
  const tenants = tenantModel(index);
  if (tenants) addSmall(tenants, `${tenants.name} is the project's tenant model (\`TENANT_MODEL\`): one row per tenant, each with a database schema of its own, which keeps them to hundreds`, { path: tenants.path, line: tenants.line });
  for (const source of code) {
    if (!source.path.endsWith(".py") || !TRACES.test(source.text)) continue;
    const { module, isPackage } = moduleNameOf(source.path);
    const file: ParsedFile = { path: source.path, text: source.text, tree: parsePython(source.text), module, isPackage, lines: source.text.split(/\r?\n|\r/) };
    const django = createDjangoFacts(file, index);
    adminTraces(django, source.path, add, addSmall);
    // Tests, fixtures and fake-data scripts write rows by the thousand to exercise the code, not because the table is big.
    const generated = isTestPath(source.path) || codeKindOf(file, django.imports) !== undefined;
    callTraces(django, source.path, generated ? () => undefined : add, addSmall);
    viewTraces(django, source.path, add);
    yield;
  }
  // Schemas bound the tenants harder than any trace of habit: an autocomplete box over 150 countries is
  // the admin's taste, not evidence of many rows (rotation set 9, etools).
  if (tenants) found.delete(tenants.qualifiedName);
  return { large: (model, query) => found.get(model)?.find((e) => fits(e, query)), small: (model) => few.get(model), handEntered: (model) => byHand.get(model) };
}

/**
 * django-tenants' / django-tenant-schemas' `TENANT_MODEL = "app.Model"` (a literal in the production
 * settings): every row is a tenant with its own PostgreSQL schema, and schemas do not scale to many
 * thousands, so a loop over the tenants is a loop over a bounded list (rotation set 9: etools' Country).
 */
function tenantModel(index: ProjectIndex): ModelInfo | undefined {
  const lookup = index.settings.effective("TENANT_MODEL");
  if (lookup.status !== "set" || lookup.value.kind !== "str") return undefined;
  const qualified = index.resolveModelLabel(lookup.value.value, "");
  return qualified ? index.models.get(qualified) : undefined;
}

/**
 * An event or log table: a foreign key to the user model and a creation timestamp (`auto_now_add`) that
 * is indexed (`db_index=True`, or first in a Meta index) or sits on a model named like a log. Very many
 * rows (manyRows) only when the model declares the indexed stamp itself: an abstract base's stamp and
 * user key (data-hub's BaseModel: `created_on`, `created_by` on every model) are audit columns, not a sign
 * of one table's size.
 */
function eventTable(model: ModelInfo, index: ProjectIndex, stampBases: ReadonlySet<string>): { reason: string; manyRows: boolean } | undefined {
  if (model.isAbstract || model.isProxy) return undefined;
  const fields = [...model.fields.values()];
  const user = fields.find((f) => (f.kind === "fk") && f.target?.resolved === true && isUserModel(f.target.model, index));
  if (!user) return undefined;
  const stamp = fields.find((f) => f.kind === "concrete" && /DateTimeField$/.test(f.fieldClass) && f.kwargs.auto_now_add === "True");
  if (!stamp) return undefined;
  // Both inherited from an audit base most of the project's models share: a house style, not a log.
  if (stampBases.has(stamp.declaredOn) && stampBases.has(user.declaredOn)) return undefined;
  const indexed = stamp.kwargs.db_index === "True" || model.meta.indexes.some((i) => i.fields[0]?.replace(/^-/, "") === stamp.name);
  if (!indexed && !LOG_NAME.test(model.name)) return undefined;
  const reason = `${model.name} is an event or log table (a key to the user, \`${stamp.name}\` stamped on creation${indexed ? " and indexed" : ""}; ${model.path}:${stamp.line})`;
  return { reason, manyRows: indexed && stamp.declaredOn === model.qualifiedName };
}

/** Django's own tables that grow with the code, not with the data: a few rows per model class. */
const DJANGO_CATALOGUES: ReadonlyMap<string, string> = new Map([
  ["Permission", "Permission is Django's permission table: a few rows per model class of the project"],
  ["ContentType", "ContentType is Django's content-type table: one row per model class of the project"],
]);

/** An audit base shared by this many concrete models (or more) stamps rows by habit. */
const HOUSE_STYLE_MODELS = 5;

/**
 * Abstract bases whose fields (a creation stamp, a key to the creating user) many concrete models
 * inherit (`created_on` / `created_by` on a project-wide BaseModel): the columns say how the project
 * audits rows, not that the table is a log (rotation set 9: a feature-flag table).
 */
function sharedStampBases(index: ProjectIndex): Set<string> {
  const users = new Map<string, number>();
  for (const model of index.models.values()) {
    if (model.isAbstract || model.isProxy) continue;
    const bases = new Set([...model.fields.values()].map((f) => f.declaredOn).filter((d) => d !== model.qualifiedName && index.models.get(d)?.isAbstract === true));
    for (const base of bases) users.set(base, (users.get(base) ?? 0) + 1);
  }
  return new Set([...users].filter(([, n]) => n >= HOUSE_STYLE_MODELS).map(([base]) => base));
}

/** Names of a key–value table's two columns: the setting's name and its value. */
const KEY_NAMES: ReadonlySet<string> = new Set(["key", "name", "setting", "option"]);
const VALUE_NAMES: ReadonlySet<string> = new Set(["value", "val"]);

/**
 * A key–value settings table (awx's conf `Setting`, a constance-style store): the model's own columns
 * are a text key and a value, and nothing else but timestamps; every foreign key is nullable (a global
 * row, optionally overridden per owner). It holds one row per setting the code knows, not per thing
 * that happens. A required owner key makes it a per-object attribute table (EAV), which grows: not this.
 */
function keyValueTable(model: ModelInfo): { reason: string; line: number } | undefined {
  if (model.isAbstract || model.isProxy || !model.complete) return undefined;
  const fields = [...model.fields.values()].filter((f) => !f.autoCreated);
  if (fields.some((f) => (f.kind === "fk" || f.kind === "o2o") && !f.nullable)) return undefined;
  const columns = fields.filter((f) => f.kind === "concrete" && f.declaredOn === model.qualifiedName && !/DateTimeField$|DateField$/.test(f.fieldClass));
  if (columns.length !== 2) return undefined;
  const key = columns.find((f) => KEY_NAMES.has(f.name) && /(CharField|SlugField)$/.test(f.fieldClass));
  const value = columns.find((f) => VALUE_NAMES.has(f.name));
  if (!key || !value) return undefined;
  return { reason: `${model.name} is a key–value table (its own columns are \`${key.name}\` and \`${value.name}\`, no owner it must belong to; ${model.path}:${key.line}): one row per setting`, line: key.line };
}

/**
 * Library bases whose models hold one row (wagtail's `BaseGenericSetting`, django-solo's
 * `SingletonModel`) or one per site (wagtail's `BaseSiteSetting`; a deployment has a handful of sites).
 */
const SINGLETON_BASES = /(^|\.)(BaseGenericSetting|BaseSiteSetting|SingletonModel)$/;

function singletonBase(model: ModelInfo): string | undefined {
  if (model.isAbstract || model.isProxy) return undefined;
  const base = model.bases.find((b) => SINGLETON_BASES.test(b)) ?? model.resolvedBases.find((b) => SINGLETON_BASES.test(b));
  return base ? `${model.name} is a settings singleton (it extends \`${base.slice(base.lastIndexOf(".") + 1)}\`, one row${/BaseSiteSetting$/.test(base) ? " per site" : ""}; ${model.path}:${model.line})` : undefined;
}

/** The user model or a subclass or proxy of one (`class Dojo_User(User)`): one row per account. */
function growsWithUsers(model: ModelInfo, index: ProjectIndex): boolean {
  return isUserModel(model.qualifiedName, index) || model.bases.some((b) => /(^|\.)User$/.test(b)) || model.resolvedBases.some((b) => isUserModel(b, index));
}

export function isUserModel(qualified: string, index: ProjectIndex): boolean {
  const model = index.models.get(qualified);
  if (!model) return false;
  if (index.authUserModel && `${model.appLabel}.${model.name}` === index.authUserModel) return true;
  return model.name === "User" || model.resolvedBases.some((b) => /AbstractUser$|AbstractBaseUser$/.test(b)) || model.bases.some((b) => /AbstractUser|AbstractBaseUser/.test(b));
}

type Add = (model: ModelInfo | undefined, reason: string, at?: { path?: string; line?: number; perParent?: boolean; parents?: string[]; manyRows?: boolean }) => void;

/** `@admin.register(M)` / `admin.site.register(M, MAdmin)` classes with options that say the table is big. */
function adminTraces(django: DjangoFacts, path: string, add: Add, addSmall: Add): void {
  const registered = new Map<string, ModelInfo[]>();
  for (const call of django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "register") continue;
    const [first, second] = positionalArgs(call.childForFieldName("arguments"));
    if (!first || second?.type !== "identifier") continue;
    const models = modelsIn(django, first);
    if (models.length > 0) registered.set(second.text, [...(registered.get(second.text) ?? []), ...models]);
  }
  for (const cls of django.nodesOfType("class_definition")) {
    const name = cls.childForFieldName("name")?.text ?? "";
    const models = [...(registered.get(name) ?? []), ...decoratorModels(django, cls)];
    if (models.length === 0 && !baseNames(cls).some((b) => /Admin$/.test(b))) continue;
    for (const member of classMembers(cls)) {
      const option = member.type === "assignment" ? member.childForFieldName("left")?.text : undefined;
      const value = member.childForFieldName("right");
      if (!option || !value) continue;
      const at = `${path}:${member.startPosition.row + 1}`;
      if (ADMIN_KEY_OPTIONS.has(option)) {
        const names = literalNames(value);
        const listed = listedInSidebar(cls);
        for (const field of names) {
          // The same admin lists every row of the target in its sidebar filter: the box is for the form.
          if (listed.has(field)) continue;
          for (const model of models) {
            if (pickedByHabit(model, names)) continue;
            const target = model.fields.get(field)?.target;
            if (target?.resolved) add(django.index.models.get(target.model), `its admin picks ${model.name}.${field} by ${option === "raw_id_fields" ? "raw id" : "autocomplete"}, not from a list of every row (${at})`, lineOf(path, member));
          }
        }
      } else if (ADMIN_LISTING_OPTIONS.has(option)) {
        const boxed = pickedByBox(cls);
        for (const field of listedFieldNames(value)) {
          // The same admin picks the key by raw id / autocomplete: its form treats the target as too big to
          // list, so the sidebar filter is a careless habit, not a size (rotation set 12: open-zaak's Besluit,
          // documented at a million rows). The two traces cancel out.
          if (boxed.has(field.split("__")[0]!)) continue;
          for (const model of models) {
            const listed = listedModel(django.index.models, model, field);
            if (listed) addSmall(listed, `its admin lists every row of it to pick ${model.name}.${field} (\`${option}\`, ${at})`, lineOf(path, member));
          }
        }
      } else if (ADMIN_TABLE_OPTIONS.has(option) && !(option === "show_full_result_count" && value.text !== "False")) {
        // Turning off the full count says COUNT(*) was slow: very many rows. A page size is a taste.
        const manyRows = option === "show_full_result_count";
        for (const model of models) add(model, `its admin sets \`${option}\` (${at})`, { ...lineOf(path, member), ...(manyRows ? { manyRows } : {}) });
      }
    }
  }
}

/** The keys an admin class lists whole (`list_filter`, `filter_horizontal`, `filter_vertical` naming the key itself). */
function listedInSidebar(cls: SyntaxNode): Set<string> {
  return adminOptionNames(cls, ADMIN_LISTING_OPTIONS, listedFieldNames);
}

/** The keys an admin class picks by raw id or autocomplete box (`raw_id_fields`, `autocomplete_fields`). */
function pickedByBox(cls: SyntaxNode): Set<string> {
  return adminOptionNames(cls, ADMIN_KEY_OPTIONS, literalNames);
}

function adminOptionNames(cls: SyntaxNode, options: ReadonlySet<string>, names: (value: SyntaxNode) => string[]): Set<string> {
  const out = new Set<string>();
  for (const member of classMembers(cls)) {
    const option = member.type === "assignment" ? member.childForFieldName("left")?.text : undefined;
    const value = member.childForFieldName("right");
    if (option && value && options.has(option)) for (const name of names(value)) out.add(name);
  }
  return out;
}

/**
 * The admin puts every key of the model (three or more) behind raw id / autocomplete: a house style,
 * not a judgement about any one target (rotation set 6: every foreign key of every admin, tiny lookup
 * tables included). Only a selective choice says the target is large.
 */
function pickedByHabit(model: ModelInfo, picked: readonly string[]): boolean {
  const keys = [...model.fields.values()].filter((f) => (f.kind === "fk" || f.kind === "o2o" || f.kind === "m2m") && !f.autoCreated).map((f) => f.name);
  return keys.length >= 3 && keys.every((k) => picked.includes(k));
}

function decoratorModels(django: DjangoFacts, cls: SyntaxNode): ModelInfo[] {
  return decoratorsOf(cls).flatMap((d) => {
    const target = decoratorTarget(d);
    if (lastName(target) !== "register") return [];
    const call = d.namedChildren.find((c) => c.type === "call");
    return positionalArgs(call?.childForFieldName("arguments") ?? null).flatMap((a) => modelsIn(django, a));
  });
}

function modelsIn(django: DjangoFacts, node: SyntaxNode): ModelInfo[] {
  const items = node.type === "list" || node.type === "tuple" ? node.namedChildren : [node];
  return items.flatMap((n) => django.modelOf(n) ?? []);
}

/**
 * The model whose rows an admin listing option shows one by one: the target of a relation (`"owner"`,
 * `"shop__owner"`: Django's RelatedFieldListFilter lists every row of it), or the model of a related
 * path's key (`"exam_run__id"`: AllValuesFieldListFilter lists every key it holds). Another column at the
 * end of a path (`"order__status"`) lists its distinct values, which say nothing about the row count.
 */
function listedModel(models: ReadonlyMap<string, ModelInfo>, model: ModelInfo, path: string): ModelInfo | undefined {
  const parts = path.split("__");
  let current: ModelInfo | undefined = model;
  for (const [i, part] of parts.entries()) {
    if (!current) return undefined;
    const field = current.fields.get(part);
    const last = i === parts.length - 1;
    if (last && i > 0 && (part === "pk" || field?.kwargs.primary_key === "True" || (field?.autoCreated && part === "id"))) return current;
    if (!field?.target?.resolved || field.kind === "concrete") return undefined;
    current = models.get(field.target.model);
    if (last) return current;
  }
  return undefined;
}

/** `("category", ("owner", RelatedOnlyFieldListFilter))`: the field names, a tuple's first item included. */
function listedFieldNames(node: SyntaxNode): string[] {
  if (node.type !== "list" && node.type !== "tuple") return [];
  return node.namedChildren.flatMap((n) => stringValue(n.type === "tuple" ? (n.namedChildren[0] ?? n) : n) ?? []);
}

function literalNames(node: SyntaxNode): string[] {
  if (node.type !== "list" && node.type !== "tuple") return [];
  return node.namedChildren.flatMap((n) => stringValue(n) ?? []);
}

/** `qs.iterator()`, `M.objects.bulk_create(...)`, `Paginator(qs, n)`; `ModelChoiceField(queryset=M.objects.all())` lists every row. */
function callTraces(django: DjangoFacts, path: string, add: Add, addSmall: Add): void {
  for (const call of django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    const at = `${path}:${call.startPosition.row + 1}`;
    if (SELECT_FIELDS.has(lastName(fn ?? undefined) ?? "")) {
      const rows = keywordArg(call.childForFieldName("arguments"), "queryset");
      const qs = rows ? django.querySetOf(rows) : undefined;
      if (qs && wholeTable(qs)) addSmall(qs.model, `a form lists every row of it in one select (${at})`, lineOf(path, call));
      continue;
    }
    if (fn?.type === "attribute") {
      const name = fn.childForFieldName("attribute")?.text;
      const object = fn.childForFieldName("object");
      if (object && name !== undefined && SINGLE_ROW_READS.has(name)) {
        const row = singletonRead(call, name);
        // A literal key read elsewhere may pick one known row of a big table (the first organisation): only the
        // model's own accessor (`cls.objects.get(id=1)` in its class) says the table is that one row.
        // `if M.objects.count() > 1: raise ...` then `M.objects.get()`: the code expects more rows (tabbycat's commands).
        const own = row && !countedBefore(call, object) ? ownClassModel(django, object, call, path) : undefined;
        const qs = row && !own && !countedBefore(call, object) ? django.querySetOf(object) : undefined;
        const model = own ?? (qs && qs.root === "manager" && qs.calls.length === 0 && (row === "get()" || insideClassOf(call, qs.model, path)) ? qs.model : undefined);
        if (model) addSmall(model, `the code reads it as one row (\`${row}\`, ${at})`, lineOf(path, call));
        continue;
      }
      // `bulk_create` of a few rows is common; a `batch_size` says the rows come by the thousand.
      if (!object || (name !== "iterator" && !(name === "bulk_create" && keywordArg(call.childForFieldName("arguments"), "batch_size")))) continue;
      const qs = django.querySetOf(object);
      // Every row turned into a form choice (`for r in M.objects.order_by("name").iterator(): choices.append((r.pk, ...))`,
      // or an admin filter's `lookups()` returning `[(r.pk, str(r)) for r in M.objects.filter(...).iterator()]`):
      // a select that lists the rows, which no one builds over a large table; the `.iterator()` is a habit, not a
      // size (rotation set 10). Over the whole table it says the table is small.
      if (name === "iterator" && qs && (appendsChoices(call) || comprehendsChoices(call))) {
        if (wholeTable(qs)) addSmall(qs.model, `every row of it becomes a form choice (${at})`, lineOf(path, call));
        continue;
      }
      // A load-test or fake-data generator (`LocustDataGenerator.generate_contacts`, `make_fake_orders`) writes
      // rows by the thousand to load the site, not because production holds them (rotation set 14).
      if (generatorCode(call, path)) continue;
      // Rows written by the thousand in one operation belong to that operation's parent (an import's scan).
      const perParent = name === "bulk_create" || (qs !== undefined && rowsOfOneParent(django, qs));
      const parents = qs && perParent ? parentModels(qs) : undefined;
      add(qs?.model, name === "iterator" ? `its rows are streamed with \`.iterator()\` (${at})` : `its rows are written with \`bulk_create(batch_size=...)\` (${at})`, { ...lineOf(path, call), perParent, ...(parents ? { parents } : {}), manyRows: true });
    } else if (fn?.type === "identifier" && fn.text === "Paginator") {
      const [rows] = positionalArgs(call.childForFieldName("arguments"));
      const qs = rows ? django.querySetOf(rows) : undefined;
      const perParent = qs !== undefined && rowsOfOneParent(django, qs);
      const parents = qs && perParent ? parentModels(qs) : undefined;
      if (qs) add(qs.model, `its rows are paginated (${at})`, { ...lineOf(path, call), perParent, ...(parents ? { parents } : {}) });
    }
  }
}

/** Names of load-test and fake-data generators: the module's, or an enclosing class's or function's. */
const GENERATOR_NAME = /locust|load_?test|stress_?test|fake|dummy|sample_?data|test_?data|demo_?data|random_?data/i;

/** The call sits in a load-test or fake-data generator (its module, class or function is named so). */
function generatorCode(call: SyntaxNode, path: string): boolean {
  if (GENERATOR_NAME.test(path.slice(path.lastIndexOf("/") + 1).replace(/\.py$/, ""))) return true;
  for (let node = call.parent; node; node = node.parent) {
    if ((node.type === "function_definition" || node.type === "class_definition") && GENERATOR_NAME.test(node.childForFieldName("name")?.text ?? "")) return true;
  }
  return false;
}

/**
 * A read that only works on a one-row table (a singleton: site settings, a configuration row):
 * `M.objects.get()` with no filter raises MultipleObjectsReturned on a second row; `get(pk=1)` /
 * `get_or_create(id=1)` pins the row to a literal primary key. Returns the call as written, else undefined.
 */
function singletonRead(call: SyntaxNode, name: string): string | undefined {
  const args = call.childForFieldName("arguments");
  const items = args?.namedChildren.filter((n) => n.type !== "comment") ?? [];
  if (items.length === 0) return name === "get" ? "get()" : undefined;
  const pinned = items.filter((n) => n.type === "keyword_argument" && n.childForFieldName("name")?.text !== "defaults");
  if (pinned.length !== 1 || items.some((n) => n.type !== "keyword_argument")) return undefined;
  const key = pinned[0]!.childForFieldName("name")?.text;
  const value = pinned[0]!.childForFieldName("value");
  return (key === "pk" || key === "id") && value?.type === "integer" ? `${name}(${key}=${value.text})` : undefined;
}

/** The enclosing function also counts the same manager's rows (`M.objects.count()`): it expects more than one. */
function countedBefore(call: SyntaxNode, manager: SyntaxNode): boolean {
  let fn = call.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  return (fn ?? call).descendantsOfType("call").some((c) => {
    const f = c.childForFieldName("function");
    return f?.type === "attribute" && f.childForFieldName("attribute")?.text === "count" && f.childForFieldName("object")?.text === manager.text;
  });
}

/** `cls.objects` (a manager read through `cls`) in a method of a model class defined in this file: that model. */
function ownClassModel(django: DjangoFacts, object: SyntaxNode, call: SyntaxNode, path: string): ModelInfo | undefined {
  if (object.type !== "attribute" || object.childForFieldName("object")?.text !== "cls") return undefined;
  let at = call.parent;
  while (at && at.type !== "class_definition") at = at.parent;
  const name = at?.childForFieldName("name")?.text;
  return name === undefined ? undefined : [...django.index.models.values()].find((m) => m.path === path && m.name === name);
}

/** The node is in the body of the model's own class definition. */
function insideClassOf(node: SyntaxNode, model: ModelInfo, path: string): boolean {
  if (model.path !== path) return false;
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === "class_definition") return at.childForFieldName("name")?.text === model.name;
  }
  return false;
}

/** `M.objects.all()` / `M.objects.order_by(...)`: every row of the table. */
function wholeTable(qs: QuerySetInfo): boolean {
  return qs.root === "manager" && qs.calls.every((c) => c.name === "all" || c.name === "order_by");
}

/** The call is a `for` loop's iterable whose body appends `(row.pk, ...)` / `(row.id, ...)` to a `*choices*` list. */
function appendsChoices(call: SyntaxNode): boolean {
  const loop = call.parent;
  if (loop?.type !== "for_statement" || loop.childForFieldName("right")?.id !== call.id) return false;
  const row = loop.childForFieldName("left");
  const body = loop.childForFieldName("body");
  if (row?.type !== "identifier" || !body) return false;
  return body.descendantsOfType("call").some((append) => {
    const fn = append.childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "append" || !/choices/i.test(fn.childForFieldName("object")?.text ?? "")) return false;
    const [item] = positionalArgs(append.childForFieldName("arguments"));
    const first = item?.type === "tuple" ? item.namedChildren[0] : undefined;
    return first?.text === `${row.text}.pk` || first?.text === `${row.text}.id`;
  });
}

/**
 * The call is the iterable of a list comprehension of choice pairs `[(row.pk, …) for row in <call>]` that
 * is a choice list: returned by an admin list filter's `lookups()` (or a `*choices*` function), assigned to
 * a `*choices*` name, or passed as `choices=`.
 */
function comprehendsChoices(call: SyntaxNode): boolean {
  const clause = call.parent;
  const comprehension = clause?.type === "for_in_clause" && clause.childForFieldName("right")?.id === call.id ? clause.parent : undefined;
  if (comprehension?.type !== "list_comprehension") return false;
  const row = clause!.childForFieldName("left");
  const body = comprehension.childForFieldName("body");
  const first = body?.type === "tuple" ? body.namedChildren[0] : undefined;
  if (row?.type !== "identifier" || (first?.text !== `${row.text}.pk` && first?.text !== `${row.text}.id`)) return false;
  const holder = comprehension.parent;
  if (holder?.type === "assignment") return /choices/i.test(holder.childForFieldName("left")?.text ?? "");
  if (holder?.type === "keyword_argument") return holder.childForFieldName("name")?.text === "choices";
  if (holder?.type !== "return_statement") return false;
  let fn = holder.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  const name = fn?.childForFieldName("name")?.text ?? "";
  return name === "lookups" || /choices/i.test(name);
}

/** A list view that paginates: `paginate_by` beside `model = M` or `queryset = M.objects...`. */
function viewTraces(django: DjangoFacts, path: string, add: Add): void {
  for (const cls of django.nodesOfType("class_definition")) {
    let paginated: SyntaxNode | undefined;
    let model: ModelInfo | undefined;
    for (const assign of classMembers(cls)) {
      if (assign.type !== "assignment") continue;
      const left = assign.childForFieldName("left")?.text ?? "";
      const right = assign.childForFieldName("right");
      if (!right) continue;
      if (VIEW_PAGINATION.has(left) && right.text !== "None") paginated = assign;
      else if (left === "model") model = django.modelOf(right);
      else if (left === "queryset") model = django.querySetOf(right)?.model;
    }
    if (paginated && model) add(model, `a list view pages its rows (${path}:${paginated.startPosition.row + 1})`, lineOf(path, paginated));
  }
}

function lineOf(path: string, node: SyntaxNode): { path: string; line: number } {
  return { path, line: node.startPosition.row + 1 };
}
