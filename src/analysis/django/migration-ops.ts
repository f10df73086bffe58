/**
 * What the migration rules (DJP2xx) share: the analysed migration's operations as syntax nodes paired
 * with their facts, whether each operation's table already exists (migration history + the change's
 * added files), and the database the project runs on.
 */
import type { SyntaxNode } from "../parser.js";
import { importableModuleName, type ParsedFile } from "../source-file.js";
import type { ProjectIndex } from "../index/types.js";
import type { MigrationFacts, OperationFact } from "../index/migrations/facts.js";
import type { MigrationHistory, TableAnswer } from "../index/migrations/history.js";
import { operationFactOf } from "../index/migrations/extract.js";
import { classAssignments, operationNodes } from "../index/migrations/syntax.js";
import { opArg, opString } from "../index/migrations/operations.js";
import { fieldStateOf, type FieldState, type ModelState } from "../index/migrations/state.js";
import type { RuleContext } from "../rule.js";
import type { Impact, Level } from "../finding.js";
import { databaseEngine, vendorOfEngine } from "../index/settings/accessors.js";
import { tableFromModels } from "./models-fallback.js";
import { escapeRegExp } from "../regexp.js";

export interface MigrationOp {
  node: SyntaxNode;
  fact: OperationFact;
  /** Position in `operations` (the history replays the ones before it). */
  index: number;
}

export interface MigrationView {
  file: ParsedFile;
  cls: SyntaxNode;
  list: SyntaxNode;
  ops: MigrationOp[];
  /** The `atomic = …` assignment in the class, if written. */
  atomicNode?: SyntaxNode;
  /** `atomic = False` is written (Django's default is True). */
  nonAtomic: boolean;
  facts?: MigrationFacts;
}

/**
 * Every migration rule asks for the view of the same file: build it once per file and index (reading the
 * operations' facts walks every argument of every operation through the native tree). Rules only read it.
 */
const views = new WeakMap<ParsedFile, { index: ProjectIndex; view: MigrationView | undefined }>();

export function migrationView(file: ParsedFile, index: ProjectIndex): MigrationView | undefined {
  const memo = views.get(file);
  if (memo?.index === index) return memo.view;
  const view = buildMigrationView(file, index);
  views.set(file, { index, view });
  return view;
}

function buildMigrationView(file: ParsedFile, index: ProjectIndex): MigrationView | undefined {
  const found = operationNodes(file.tree.rootNode);
  if (!found) return undefined;
  const atomicNode = classAssignments(found.cls).get("atomic");
  const facts = index.migrations.migration(file.path);
  return {
    file,
    cls: found.cls,
    list: found.list,
    ops: found.items.map((node, i) => ({ node, fact: sameOperation(facts?.operations?.[i], node) ?? operationFactOf(node), index: i })),
    ...(atomicNode ? { atomicNode } : {}),
    nonAtomic: atomicNode?.text === "False",
    ...(facts ? { facts } : {}),
  };
}

/**
 * The history read this file's operations already (same path, normally the same text): reuse a fact
 * when it is the one at this node (same line and source length), else read the node again.
 */
function sameOperation(fact: OperationFact | undefined, node: SyntaxNode): OperationFact | undefined {
  if (!fact || fact.line !== node.startPosition.row + 1) return undefined;
  return fact.text.length === node.endIndex - node.startIndex ? fact : undefined;
}

/** The model an operation names (`model_name=` or `name=`), lower-case. */
export function operationModel(op: OperationFact): string | undefined {
  return (opString(op, "model_name") ?? opString(op, "name"))?.toLowerCase();
}

/**
 * A later operation of the same migration drops the operation's table (`DeleteModel` of the same model):
 * Django's autodetector removes a deleted model's relation fields, indexes and constraints first. The table
 * is gone when the migration commits, and no code of the new release has the model.
 */
export function droppedLater(view: MigrationView, op: MigrationOp, model: string): boolean {
  return view.ops.some((o) => o.index > op.index && o.fact.kind === "DeleteModel" && operationModel(o.fact) === model);
}

/**
 * Is the operation's table new (made by this migration or the change), existing, or unknown? When the
 * history cannot tell, models.py answers for the table's existence (models-fallback.ts).
 */
export function tableOf(view: MigrationView, index: ProjectIndex, op: MigrationOp, model: string, app?: string): TableAnswer {
  // A squash runs only on a new database: its tables are empty when it runs (squashMigration).
  if (squashMigration(view, index)) return { status: "new", createdIn: view.file.path };
  const answer = index.migrations.table(view.file.path, op.index, model, app);
  const label = app ?? view.facts?.app;
  if (answer.status !== "unknown" || label === undefined) return answer;
  return tableFromModels(index, index.migrations, label, model, answer);
}

/**
 * Is the migration a squash, which runs only on a new database (its tables empty)?
 * - It keeps `replaces = [...]`: Django runs it only on a database that applied none of the migrations it
 *   replaces, a new one; a database that applied them marks it applied without running it (rotation set 6,
 *   a data migration kept in a squash).
 * - Its originals are gone and `replaces` with them, as Django's docs say to do once every database
 *   applied them: every existing database records the squash as applied, only a fresh install runs it.
 *   Its name still says so: Django's `0001_squashed_0042_…` (or any name with `squash` in it), or the
 *   naming of the project's own squashes that keep `replaces` (rotation set 11: `0002_v230_to_v330`,
 *   named like the project's `0116_v330_to_v350 (replaces=[…])`; a genuinely new migration of the
 *   project is named after what it does).
 */
export function squashMigration(view: MigrationView, index: ProjectIndex): boolean {
  const facts = view.facts;
  if (!facts) return false;
  if (facts.replaces.length > 0) return true;
  const name = facts.name.replace(/^\d+_/, "");
  if (/squash/i.test(name)) return true;
  return squashNamings(index.migrations).some((re) => re.test(name));
}

const namings = new WeakMap<MigrationHistory, RegExp[]>();

/**
 * The name shapes of the project's squashes that keep `replaces` (after the number, digits as any
 * digits: `v330_to_v350` → /^v\d+_to_v\d+$/). Only a shape with a number and a word besides Django's
 * own naming (`auto_20200101_1200`, `initial`) says "squash": a squash named like an autodetected
 * migration says nothing about the others.
 */
function squashNamings(history: MigrationHistory): RegExp[] {
  const memo = namings.get(history);
  if (memo) return memo;
  const out = new Map<string, RegExp>();
  for (const m of history.all()) {
    if (m.replaces.length === 0) continue;
    const name = m.name.replace(/^\d+_/, "");
    if (!/\d/.test(name) || /squash/i.test(name) || /^(auto_\d+_\d+|initial)$/.test(name)) continue;
    const words = name.split(/[_\d]+/).filter((w) => w !== "" && w !== "auto" && w !== "initial");
    if (words.length === 0) continue;
    const shape = name
      .split(/(\d+)/)
      .map((part, i) => (i % 2 === 1 ? "\\d+" : escapeRegExp(part)))
      .join("");
    out.set(shape, new RegExp(`^${shape}$`));
  }
  const list = [...out.values()];
  namings.set(history, list);
  return list;
}

/** The called name node of an operation (`migrations.AddIndex`), a tidy anchor for its finding. */
export function operationAnchor(op: MigrationOp): SyntaxNode {
  return op.node.childForFieldName("function") ?? op.node;
}

export type Vendor = "postgresql" | "mysql" | "sqlite3" | "oracle" | "other" | "unknown";

export interface DatabaseFacts {
  vendor: Vendor;
  /** django-pg-zero-downtime-migrations is the ENGINE: it rewrites index/constraint DDL safely. */
  zeroDowntime: boolean;
  /** How the vendor was learnt, for messages (`DATABASES ENGINE`, `psycopg in requirements`). */
  source?: string;
}

/**
 * The default database's vendor: the ENGINE when literal (or a database-URL default), else PostgreSQL
 * when a PostgreSQL driver is a dependency, else MySQL when only a MySQL driver is, else unknown. A driver
 * that only a pip constraints file names (`-c constraints.txt`: it caps versions, installs nothing) is no
 * evidence, and a project whose requirements list both a PostgreSQL and a MySQL driver may run either, so
 * its vendor is unknown (rules at their unknown-vendor level) unless the settings name the ENGINE.
 */
const MYSQL_DRIVERS = ["mysqlclient", "pymysql", "mysql-connector-python"];
const POSTGRESQL_DRIVERS = ["psycopg", "psycopg2", "psycopg2-binary"];

export function databaseFacts(index: ProjectIndex): DatabaseFacts {
  const engine = databaseEngine(index.settings.effective("DATABASES"));
  if (engine.backend) {
    const vendor = (vendorOfEngine(engine.backend) as Vendor | undefined) ?? "other";
    return { vendor, zeroDowntime: /zero_downtime/i.test(engine.backend), source: "DATABASES ENGINE" };
  }
  if (engine.defaultVendor) return { vendor: (vendorOfEngine(engine.defaultVendor) as Vendor | undefined) ?? "other", zeroDowntime: false, source: "database URL default" };
  const installed = (name: string): boolean => index.versions.package(name)?.specs.some((s) => !isConstraintsFile(s.path)) === true;
  const driver = POSTGRESQL_DRIVERS.find(installed);
  // Only a MySQL driver: the project runs MySQL/MariaDB (InnoDB builds indexes and adds columns online;
  // the PostgreSQL lock advice does not apply).
  const mysql = MYSQL_DRIVERS.find(installed);
  if (driver && mysql) return { vendor: "unknown", zeroDowntime: false, source: `both ${driver} and ${mysql} in the requirements` };
  if (driver) return { vendor: "postgresql", zeroDowntime: false, source: `${driver} in the requirements` };
  if (mysql) return { vendor: "mysql", zeroDowntime: false, source: `${mysql} in the requirements` };
  return { vendor: "unknown", zeroDowntime: false };
}

/** A pip constraints file (`constraints.txt`, `edx-platform-constraints.txt`, `constraints/base.txt`): pins, no installs. */
function isConstraintsFile(path: string): boolean {
  return /\.(txt|in)$/i.test(path) && /(^|[/_.-])constraints?([/_.-]|$)/i.test(path);
}

/**
 * How to create an advised index on this database, as a clause: concurrently on PostgreSQL (or an
 * unknown vendor); a plain `AddIndex` on MySQL, where InnoDB builds a secondary index online.
 */
export function indexCreationAdvice(db: DatabaseFacts): string {
  if (db.vendor === "mysql") return "created with a plain `AddIndex` (MySQL's InnoDB builds it without blocking writes)";
  if (db.vendor === "postgresql" || db.vendor === "unknown") return "created with `AddIndexConcurrently` in a non-atomic migration (DJP201, DJP202)";
  return "created with `AddIndex`";
}

/** Index operations: the only ones a migration may hold when it is made non-atomic for a concurrent build. */
export const INDEX_OPERATIONS: ReadonlySet<string> = new Set(["AddIndex", "RemoveIndex", "AddIndexConcurrently", "RemoveIndexConcurrently"]);

/** A field keyword written as the literal `True` / `False`; undefined when absent or computed. */
export function literalFlag(field: FieldState, name: string): boolean | undefined {
  const text = field.kwargs.get(name)?.text;
  return text === "True" ? true : text === "False" ? false : undefined;
}

/** The field of an AddField / AlterField operation, read like the history reads it. */
export function operationField(op: OperationFact): FieldState | undefined {
  const name = opString(op, "name");
  const field = opArg(op, "field");
  return name && field ? fieldStateOf(name, field) : undefined;
}

/** Field classes with a column that references another table (a FOREIGN KEY constraint unless `db_constraint=False`). */
export const RELATION_CLASSES: ReadonlySet<string> = new Set(["ForeignKey", "OneToOneField", "TreeForeignKey", "ParentalKey"]);

/**
 * A field with a `<name>_id` column that references another table: a relation class, a library or project
 * subclass named like one (parler's `TranslationsForeignKey`), or any class given `on_delete` (only
 * relations take it; a many-to-many has no column).
 */
export function isRelationField(field: FieldState): boolean {
  if (RELATION_CLASSES.has(field.fieldClass) || /(ForeignKey|OneToOneField)$/.test(field.fieldClass)) return true;
  return field.kwargs.has("on_delete") && !/ManyToMany/.test(field.fieldClass);
}

/** Does the column come with an index (FK, O2O, db_index, unique, primary key)? */
export function fieldIndexKind(field: FieldState): "fk" | "o2o" | "unique" | "db_index" | undefined {
  const relation = RELATION_CLASSES.has(field.fieldClass);
  if (relation && literalFlag(field, "db_index") === false && literalFlag(field, "db_constraint") === false) return undefined;
  if (field.fieldClass === "OneToOneField") return "o2o";
  if (relation) return "fk";
  if (literalFlag(field, "unique") === true || literalFlag(field, "primary_key") === true) return "unique";
  if (literalFlag(field, "db_index") === true) return "db_index";
  return undefined;
}

/**
 * The migration of the change that gave the column its current name (`FieldState.addedIn`: its
 * AddField, RenameField or CreateModel is in a file the change adds), else undefined. The previous
 * release, still serving during a rolling deploy, never reads or writes such a column, so what breaks
 * old code (dropping, renaming or tightening a column) does not apply to it. Outside a change
 * (a whole-repository check) no file is added: always undefined.
 */
export function columnOfTheChange(index: ProjectIndex, field: FieldState | undefined): string | undefined {
  const path = field?.addedIn;
  return path !== undefined && index.migrations.isAddedByChange(path) ? path : undefined;
}

/**
 * The column allows NULL: `null=True`, or a `NullBooleanField`, which sets `null=True` itself whatever
 * the call says (rotation set 10: an AddField of `NullBooleanField()` read as NOT NULL).
 */
export function nullableColumn(field: FieldState): boolean {
  return field.fieldClass === "NullBooleanField" || literalFlag(field, "null") === true;
}

/** AlterField drops NULL: the previous definition allowed NULL, the new one does not. */
export function makesNotNull(before: FieldState, after: FieldState): boolean {
  return nullableColumn(before) && after.fieldClass !== "NullBooleanField" && (!after.kwargs.has("null") || literalFlag(after, "null") === false);
}

/**
 * AlterField makes NOT NULL, with no database default, a column an earlier migration of the same change
 * added (nullable): the previous release does not know the column, its inserts leave it NULL and fail
 * from this migration on. DJP205 reports that (the old code's inserts); DJP206 leaves the scan to it.
 * The path of the migration that added the column, else undefined.
 */
export function notNullColumnOfTheChange(index: ProjectIndex, before: FieldState, after: FieldState): string | undefined {
  if (!makesNotNull(before, after) || after.kwargs.has("db_default") || literalFlag(after, "primary_key") === true) return undefined;
  return columnOfTheChange(index, before);
}

/**
 * `migrations.deploy: stop-migrate-start` or `migrate-after-deploy` in the config: no previous release
 * serves while migrations run (stopped first, or replaced by the new release before `migrate`), so a
 * finding about the old code's queries (DJP207's drops, DJP205's inserts) costs nothing and is reported at info.
 */
export function oldReleaseStopped(ctx: Pick<RuleContext<unknown>, "project">): { impact: Impact } | undefined {
  if (ctx.project.deploy === "stop-migrate-start") {
    return { impact: { level: "low", reason: "the config says the project deploys stop-migrate-start (`migrations.deploy`), so no previous release runs while the migration does" } };
  }
  if (ctx.project.deploy === "migrate-after-deploy") {
    return { impact: { level: "low", reason: "the config says the project migrates after the new release has replaced the old one (`migrations.deploy: migrate-after-deploy`), so no previous release runs while the migration does" } };
  }
  return undefined;
}

/** Fields with no column of their own (a join table, a generic relation). */
export const NO_COLUMN_FIELDS: ReadonlySet<string> = new Set(["ManyToManyField", "GenericRelation", "GenericForeignKey", "TaggableManager", "ParentalManyToManyField"]);

/**
 * The lock rules' gate: the operation's model state when its table exists before the operation (not
 * created by this migration or the change); undefined otherwise, with "unverified" when unknown.
 */
export function existingTable(ctx: Pick<RuleContext<unknown>, "index" | "unverified">, view: MigrationView, op: MigrationOp, model: string): ModelState | undefined {
  const table = tableOf(view, ctx.index, op, model);
  if (table.status === "unknown") ctx.unverified(`whether the table of ${model} exists is not known: ${table.reason}`);
  // A proxy or unmanaged model has no table of its own: its operations run no SQL (rotation set 5, DeleteModel of a proxy).
  return table.status === "existing" && table.model.noTable === undefined ? table.model : undefined;
}

const RAISED: Record<Level, Level> = { info: "warn", warn: "block", block: "block" };

/**
 * `large_models` in the migration rules: an operation on a table the team declared large is reported
 * one level higher (info → warn → block) and says why; on other tables nothing changes (an empty or
 * partial list proves nothing about the rest). `level` is the level the finding would have otherwise.
 */
export function largeTable(ctx: Pick<RuleContext<unknown>, "project">, app: string, modelName: string, level: Level, ruleLevel: Level): { level?: Level; note?: string } {
  if (!ctx.project.isLargeModel(app, modelName)) return level === ruleLevel ? {} : { level };
  const raised = RAISED[level];
  return { level: raised, note: `\`${app}.${modelName}\` is listed in \`large_models\`, so this is reported at ${raised}.` };
}

/**
 * django-tenants / django-tenant-schemas: the migration's app is listed in `TENANT_APPS` and not in
 * `SHARED_APPS`, so its tables exist once per tenant schema (each holding that tenant's rows). False
 * when either list is missing, not a literal list of strings, or open (items the settings reader cannot
 * see): then nothing is claimed. The app matches an entry by its package (`src/shop/migrations` is
 * `shop`, `src.shop`), an AppConfig entry (`shop.apps.ShopConfig`) by the package before `.apps`.
 */
export function tenantOnlyApp(index: ProjectIndex, migrationDir: string): boolean {
  const tenant = appEntries(index, "TENANT_APPS");
  const shared = appEntries(index, "SHARED_APPS");
  if (!tenant || !shared) return false;
  const appDir = migrationDir.slice(0, migrationDir.lastIndexOf("/"));
  const dotted = appDir.split("/").join(".");
  const names = (entry: string): boolean => {
    const pkg = entry.replace(/\.apps\.\w+$/, "");
    return pkg !== "" && (dotted === pkg || dotted.endsWith(`.${pkg}`));
  };
  return tenant.some(names) && !shared.some(names);
}

function appEntries(index: ProjectIndex, setting: string): string[] | undefined {
  const lookup = index.settings.effective(setting);
  if (lookup.status !== "set" || lookup.value.kind !== "list" || lookup.value.open) return undefined;
  const out: string[] = [];
  for (const item of lookup.value.items) {
    if (item.value.kind !== "str") return undefined;
    out.push(item.value.value);
  }
  return out;
}

/**
 * The level of a lock rule's finding on an existing table: `large_models` first (largeTable); then info
 * when the size evidence says small (the config's `small_models`, or the project lists every row of the
 * model in one widget, table-size.ts, and shows no sign of very many rows: a raw id box or a page size
 * only says "more than one select shows", and a scan or index build of a few thousand rows takes
 * milliseconds; rotation set 10); a table of a tenant-only app
 * (one copy per tenant schema) without such evidence keeps its level and the message says the lock is
 * taken once per schema.
 */
export function lockedTableLevel(
  ctx: Pick<RuleContext<unknown>, "project" | "index" | "sizes">,
  view: MigrationView,
  state: ModelState,
  level: Level,
  ruleLevel: Level,
  /** The operation rewrites the foreign-key columns that point at this table too (a primary key's type change). */
  rewritesReferences = false,
): { level?: Level; note?: string; impact?: Impact } {
  const sized = largeTable(ctx, state.app, state.name, level, ruleLevel);
  if (ctx.project.isLargeModel(state.app, state.name)) return sized;
  const dir = view.facts?.dir ?? view.file.path.slice(0, view.file.path.lastIndexOf("/"));
  const perTenant = tenantOnlyApp(ctx.index, dir)
    ? `the table is per tenant (the app is in \`TENANT_APPS\`, not \`SHARED_APPS\`): one copy in each tenant's schema, migrated one schema after another`
    : undefined;
  // The project's model of that name today is this table only when no later migration renames or deletes it away.
  const qualified = nameLeftLater(ctx.index, view, state) ? undefined : ctx.index.resolveModelLabel(`${state.app}.${state.name}`, "");
  // A primary key's new type is written into every foreign key to it: a small table referenced from a large one
  // rewrites the large one too, so its own size says nothing.
  const largeReferrer = rewritesReferences && qualified ? largeReferencingModel(ctx, qualified) : undefined;
  const evidence = largeReferrer
    ? undefined
    : ctx.project.isSmallModel(state.app, state.name)
      ? `${state.name} is listed in small_models`
      : qualified && !ctx.sizes.large(qualified, { manyRows: true })
        ? (ctx.sizes.small(qualified) ?? ctx.sizes.handEntered?.(qualified))?.reason
        : qualified
          ? undefined
          : historyOfHandEntered(ctx, view, state);
  // A table the project shows to be small is locked for a moment, per tenant or not (rotation set 5: tiny
  // configuration tables at warn were right but negligible).
  if (evidence) return { ...sized, impact: { level: "low", reason: `${perTenant ? `${perTenant}; ` : ""}${state.name} holds few rows: ${evidence}` } };
  if (largeReferrer) return { ...sized, note: `${sized.note ? `${sized.note} ` : ""}Note: the new type is written into the foreign keys to ${state.name} as well, and ${largeReferrer} (a large table) holds one, so the level stays.` };
  if (!perTenant) return sized;
  return { ...sized, note: `${sized.note ? `${sized.note} ` : ""}Note: ${perTenant}; each copy holds one tenant's rows, but nothing in the code shows how few, so the level stays.` };
}

/**
 * django-simple-history's `HistoricalM` table (the model itself is generated, so the project's models do not
 * name it) of a model `M` that tracks its history (`history = HistoricalRecords()`) and whose rows staff enter
 * by hand in the admin: one history row per edit of a hand-kept table, so few (rotation set 12: junction's
 * reviewer list). Other small evidence (a singleton, a key–value table) does not carry over: code may save such
 * rows on every request, and each save adds a history row.
 */
function historyOfHandEntered(ctx: Pick<RuleContext<unknown>, "index" | "sizes">, view: MigrationView, state: ModelState): string | undefined {
  const tracked = /^Historical(\w+)$/.exec(state.name)?.[1];
  const qualified = tracked && !nameLeftLater(ctx.index, view, { ...state, name: tracked }) ? ctx.index.resolveModelLabel(`${state.app}.${tracked}`, "") : undefined;
  const model = qualified ? ctx.index.models.get(qualified) : undefined;
  if (!model?.tracking.includes("django-simple-history") || ctx.sizes.large(model.qualifiedName, { manyRows: true })) return undefined;
  const byHand = ctx.sizes.handEntered?.(model.qualifiedName);
  return byHand ? `it is the edit history of ${model.name} (\`HistoricalRecords\`, ${model.path}:${model.line}), and ${byHand.reason}` : undefined;
}

/**
 * A migration of the model's app after this one (by the number its name starts with; one without a number
 * counts as later) renames the model away (`RenameModel(old_name=…)`) or deletes it: the model of that name
 * in today's code is another table, so its size evidence says nothing about this one (rotation set 10: a
 * per-row assignment table renamed away, and a small lookup table renamed to its old name later).
 */
function nameLeftLater(index: ProjectIndex, view: MigrationView, state: ModelState): boolean {
  const number = (name: string): number | undefined => {
    const m = /^(\d+)/.exec(name);
    return m ? Number(m[1]) : undefined;
  };
  const here = number(view.facts?.name ?? "");
  const name = state.name.toLowerCase();
  return index.migrations.all().some((m) => {
    if (m.app !== state.app || m.path === view.file.path) return false;
    const at = number(m.name);
    if (here !== undefined && at !== undefined && at <= here) return false;
    return (m.operations ?? []).some(
      (op) => (op.kind === "RenameModel" && opString(op, "old_name")?.toLowerCase() === name) || (op.kind === "DeleteModel" && opString(op, "name")?.toLowerCase() === name),
    );
  });
}

/**
 * A model with a foreign key to `qualified` whose table the project shows to be large (`large_models`, or
 * its own traces): its name, else undefined.
 */
function largeReferencingModel(ctx: Pick<RuleContext<unknown>, "project" | "index" | "sizes">, qualified: string): string | undefined {
  for (const model of ctx.index.models.values()) {
    if (model.isAbstract || model.isProxy) continue;
    const refers = [...model.fields.values()].some((f) => (f.kind === "fk" || f.kind === "o2o") && f.target?.resolved === true && f.target.model === qualified);
    if (refers && (ctx.project.isLargeModel(model.appLabel, model.name) || ctx.sizes.large(model.qualifiedName))) return model.name;
  }
  return undefined;
}

/** Lock rules run on PostgreSQL, or an unknown vendor (reported one level lower); never under the zero-downtime backend. */
export function lockRulesApply(db: DatabaseFacts): boolean {
  return (db.vendor === "postgresql" || db.vendor === "unknown") && !db.zeroDowntime;
}

/**
 * The SQL texts of a `RunSQL` operation's forward `sql`: a string, or a list of strings / `(sql,
 * params)` pairs. Undefined when any part is not a literal (f-strings, concatenation, names): unknown.
 */
export function runSqlTexts(op: OperationFact): string[] | undefined {
  const sql = opArg(op, "sql");
  if (!sql) return undefined;
  if (sql.t === "str") return [sql.value];
  if (sql.t !== "seq") return undefined;
  const out: string[] = [];
  for (const item of sql.items) {
    const text = item.t === "str" ? item.value : item.t === "seq" && item.items[0]?.t === "str" ? item.items[0].value : undefined;
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}

/**
 * A field class from a package outside the project and outside Django (`oscar.models.fields.NullCharField`):
 * its `__init__` may set `null`, `default` or `db_index` itself (NullCharField forces `null=True`), so
 * the migration's keyword arguments do not say what the column is. Django's migration writer names such
 * classes by their full module path; `models.X`, `django.…` and the project's own modules are known.
 */
export function fieldClassFromOutside(field: FieldState, index: ProjectIndex): boolean {
  const path = field.fieldPath;
  if (!path || !path.includes(".")) return false;
  const head = path.slice(0, path.indexOf("."));
  if (head === "models" || head === "django") return false;
  return !importableModules(index.modules).has(path.slice(0, path.lastIndexOf(".")));
}

const importables = new WeakMap<ReadonlySet<string>, Set<string>>();

/**
 * The project's modules by the names Python imports them by, path-derived ones too: a `src/` layout's
 * `src.csp_post_processor.fields` is imported as `csp_post_processor.fields` (rotation set 11: the
 * project's own WYSIWYG field class under `src/` taken for a package's, its NOT NULL column missed).
 */
function importableModules(modules: ReadonlySet<string>): Set<string> {
  let out = importables.get(modules);
  if (!out) {
    out = new Set(modules);
    for (const m of modules) out.add(importableModuleName(m, modules));
    importables.set(modules, out);
  }
  return out;
}
