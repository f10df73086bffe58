/**
 * Django admin classes as the change list sees them: the ModelAdmin a class is registered for, the
 * same-file classes it inherits its options from, and which related rows the change list's queryset
 * selects. Django's ChangeList selects related rows like this:
 * - `list_select_related = True` → `select_related()` (every non-null FK, recursively);
 * - a tuple or list → `select_related(*names)`;
 * - `False` (the default) → `select_related()` only when a `list_display` column *is* a FK field of the model.
 * The same queryset, filtered to the rows an admin ticked, is what an admin action receives. A
 * `get_queryset` override, a base class this file does not define (a project or library admin that may
 * set either), or a non-literal value leaves the selection unknown.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo } from "../index/types.js";
import type { DjangoFacts } from "./types.js";
import type { Impact } from "../finding.js";
import { lastName } from "./classes.js";
import { classBases, classMembers, classOfMethod, decoratorTarget, decoratorsOf, parameterNodes, positionalArgs, stringValue, unwrapParens } from "./syntax.js";

/** What the change list selects: every non-null FK chain, these paths, or nothing. */
export type Selected = { kind: "non-null" } | { kind: "paths"; paths: string[] } | { kind: "none" };

const ADMIN_BASES = /^django\.contrib\.(gis\.)?admin\.(options\.)?(ModelAdmin|GISModelAdmin|OSMGeoAdmin|GeoModelAdmin)$/;

export interface ChangeList {
  /** The class, then the same-file classes it inherits from (lookup order). */
  chain: SyntaxNode[];
  model: ModelInfo;
  selected: Selected;
  /** `list_display` as written on the class or a same-file base, when it is a literal list of names. */
  listDisplay?: { statement: SyntaxNode; columns: { name: string; node: SyntaxNode }[] };
  /** Columns that are FK/O2O fields of the model (Django's automatic select_related() trigger). */
  fkColumns: string[];
  /** The `list_select_related = …` statement, if the chain sets one. */
  ownSelectRelated?: SyntaxNode;
}

/**
 * The change list of a ModelAdmin class registered for one model, when its queryset's selection can be
 * read: no `get_queryset` / `get_list_select_related` override, literal `list_display` (or none) and
 * `list_select_related`.
 */
export function changeListOf(django: DjangoFacts, cls: SyntaxNode): ChangeList | undefined {
  const known = moduleTable(django).changeLists;
  let list = known.get(cls.id);
  if (list === undefined) known.set(cls.id, (list = readChangeList(django, cls) ?? null));
  return list ?? undefined;
}

function readChangeList(django: DjangoFacts, cls: SyntaxNode): ChangeList | undefined {
  const chain = adminChain(django, cls, 0);
  if (!chain) return undefined;
  const members = chain.flatMap((c) => classMembers(c));
  if (members.some((m) => definedName(m) === "get_queryset" || definedName(m) === "get_list_select_related")) return undefined;
  const model = registeredModel(django, cls, cls.childForFieldName("name")?.text ?? "");
  if (!model) return undefined;
  const display = firstValue(chain, "list_display");
  const columns = display ? literalColumns(display.value) : [];
  if (!columns) return undefined;
  const fkColumns = columns.map((c) => c.name).filter((c) => {
    const field = model.fields.get(c);
    return field !== undefined && (field.kind === "fk" || field.kind === "o2o");
  });
  const own = firstValue(chain, "list_select_related");
  const automatic: Selected = fkColumns.length > 0 ? { kind: "non-null" } : { kind: "none" };
  const selected = own ? selectedBy(own.value, automatic) : automatic;
  if (!selected) return undefined;
  return {
    chain,
    model,
    selected,
    ...(display ? { listDisplay: { statement: display.statement, columns } } : {}),
    fkColumns,
    ...(own ? { ownSelectRelated: own.statement } : {}),
  };
}

/**
 * The class and the same-file classes it inherits from, in lookup order (depth first, as Python's MRO
 * is for these simple mixin trees); undefined when some base is neither one of them nor Django's
 * ModelAdmin, so a setting could come from code this file does not show.
 */
export function adminChain(django: DjangoFacts, cls: SyntaxNode, depth: number): SyntaxNode[] | undefined {
  const bases = classBases(cls);
  if (depth > 6 || bases.length === 0) return undefined;
  const chain = [cls];
  let reachesDjango = false;
  for (const base of bases) {
    if (ADMIN_BASES.test(django.qualifiedName(base) ?? "")) {
      reachesDjango = true;
      continue;
    }
    const local = sameFileClassNamed(django, base);
    if (!local) return undefined;
    if (classBases(local).length === 0) {
      chain.push(local); // a plain mixin (`class ColumnsMixin:`)
      continue;
    }
    const inherited = adminChain(django, local, depth + 1);
    if (!inherited) return undefined;
    reachesDjango = true;
    chain.push(...inherited);
  }
  return reachesDjango ? chain : undefined;
}

function sameFileClassNamed(django: DjangoFacts, base: SyntaxNode): SyntaxNode | undefined {
  if (base.type !== "identifier") return undefined;
  const found = moduleTable(django).classesByName.get(base.text);
  return found?.length === 1 ? found[0] : undefined;
}

/**
 * What the helpers here read from the module's top-level statements, read once per file: its classes
 * (each asked about its bases, its registration and the actions it lists, for every admin class and every
 * action's `queryset`), its `…register(M, Cls)` calls, and the answers asked per class and per action.
 */
interface ModuleTable {
  classes: SyntaxNode[];
  classesByName: Map<string, SyntaxNode[]>;
  /** The model argument of each `….register(M, Cls)` call, by the admin class's name (asked once per class). */
  registeredBy: Map<string, SyntaxNode[]>;
  /** Module-level function name → classes whose `actions` list it (by name), in source order. */
  listing?: Map<string, SyntaxNode[]>;
  changeLists: Map<number, ChangeList | null>;
  actionModels: Map<number, ModelInfo | null>;
}

const tables = new WeakMap<DjangoFacts, ModuleTable>();

function moduleTable(django: DjangoFacts): ModuleTable {
  let table = tables.get(django);
  if (table) return table;
  table = { classes: [], classesByName: new Map(), registeredBy: new Map(), changeLists: new Map(), actionModels: new Map() };
  for (const stmt of django.file.tree.rootNode.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "class_definition") {
      table.classes.push(def);
      const name = def.childForFieldName("name")?.text;
      if (name !== undefined) {
        const same = table.classesByName.get(name);
        if (same) same.push(def);
        else table.classesByName.set(name, [def]);
      }
    }
    const call = stmt.type === "expression_statement" ? unwrapParens(stmt.namedChildren[0] ?? stmt) : undefined;
    if (call?.type !== "call") continue;
    const fn = call.childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "register") continue;
    const args = positionalArgs(call.childForFieldName("arguments"));
    if (args.length === 2 && args[1]!.type === "identifier") {
      const models = table.registeredBy.get(args[1]!.text);
      if (models) models.push(args[0]!);
      else table.registeredBy.set(args[1]!.text, [args[0]!]);
    }
  }
  tables.set(django, table);
  return table;
}

/** The first class of the chain that assigns `name` decides (a subclass overrides its mixins). */
export function firstValue(chain: SyntaxNode[], name: string): { statement: SyntaxNode; value: SyntaxNode } | undefined {
  for (const c of chain) {
    const members = classMembers(c);
    if (members.some((m) => m.type === "assignment" && m.childForFieldName("left")?.text === name)) return classValue(members, name);
  }
  return undefined;
}

/** `@admin.register(M)` on the class, or a module-level `admin.site.register(M, Cls)`; one model only. */
export function registeredModel(django: DjangoFacts, cls: SyntaxNode, name: string): ModelInfo | undefined {
  const holder = cls.parent?.type === "decorated_definition" ? cls.parent : undefined;
  const candidates: SyntaxNode[] = [];
  for (const d of holder ? decoratorsOf(cls) : []) {
    const call = d.namedChildren.find((c) => c.type !== "comment");
    if (call?.type !== "call" || lastName(decoratorTarget(d)) !== "register") continue;
    const args = positionalArgs(call.childForFieldName("arguments"));
    if (args.length === 1) candidates.push(args[0]!);
  }
  candidates.push(...(moduleTable(django).registeredBy.get(name) ?? []));
  if (candidates.length !== 1) return undefined;
  return django.modelOf(candidates[0]!);
}

export function definedName(member: SyntaxNode): string | undefined {
  return member.type === "function_definition" ? member.childForFieldName("name")?.text : undefined;
}

/** The value of `name = value` in the class body, when it is assigned exactly once. */
function classValue(members: SyntaxNode[], name: string): { statement: SyntaxNode; value: SyntaxNode } | undefined {
  const found: { statement: SyntaxNode; value: SyntaxNode }[] = [];
  // classMembers unwraps expression statements: an assignment member is the assignment itself.
  for (const assign of members) {
    if (assign.type !== "assignment" || assign.childForFieldName("left")?.text !== name) continue;
    const value = assign.childForFieldName("right");
    if (value) found.push({ statement: assign, value });
  }
  return found.length === 1 ? found[0] : undefined;
}

export function literalColumns(value: SyntaxNode): { name: string; node: SyntaxNode }[] | undefined {
  const v = unwrapParens(value);
  if (v.type !== "tuple" && v.type !== "list") return undefined;
  const out: { name: string; node: SyntaxNode }[] = [];
  for (const item of v.namedChildren) {
    if (item.type === "comment") continue;
    const text = item.type === "string" ? stringValue(item) : item.type === "identifier" ? item.text : undefined;
    if (text === undefined) return undefined;
    out.push({ name: text, node: item });
  }
  return out;
}

function selectedBy(value: SyntaxNode, automatic: Selected): Selected | undefined {
  const v = unwrapParens(value);
  if (v.type === "true") return { kind: "non-null" };
  if (v.type === "false") return automatic;
  const columns = literalColumns(v);
  if (!columns || columns.some((c) => c.node.type !== "string")) return undefined;
  return { kind: "paths", paths: columns.map((c) => c.name) };
}


/** Parameters of an admin action (or a ModelAdmin hook over the ticked rows): `(modeladmin, request, queryset)`. */
export const ADMIN_ACTION_PARAMS = /^(self|modeladmin|model_admin|admin),request,queryset$/;

/**
 * The model whose rows an admin action's `queryset` holds, when its change list selects no related rows
 * (`selected.kind === "none"`: what a loop over them loads lazily is then plain to see). A method of a
 * registered ModelAdmin, or a module-level function that exactly one registered admin of the file names in
 * its `actions`. Undefined otherwise: a shared action, an admin with `get_queryset`, a selection.
 */
export function adminActionModel(django: DjangoFacts, fn: SyntaxNode): ModelInfo | undefined {
  // Asked for every read of an action's `queryset`: answered once per function.
  const known = moduleTable(django).actionModels;
  let model = known.get(fn.id);
  if (model === undefined) known.set(fn.id, (model = readActionModel(django, fn) ?? null));
  return model ?? undefined;
}

function readActionModel(django: DjangoFacts, fn: SyntaxNode): ModelInfo | undefined {
  if (!ADMIN_ACTION_PARAMS.test(parameterNodes(fn).map((p) => p.name).join(","))) return undefined;
  const owner = classOfMethod(fn);
  const name = fn.childForFieldName("name")?.text;
  const admins = owner ? [owner] : adminsListingAction(django, name ?? "");
  if (admins.length !== 1) return undefined;
  const list = changeListOf(django, admins[0]!);
  return list?.selected.kind === "none" ? list.model : undefined;
}

/** Classes of the file whose `actions` (own or from a same-file base) name the module-level function `name`. */
function adminsListingAction(django: DjangoFacts, name: string): SyntaxNode[] {
  const table = moduleTable(django);
  if (!table.listing) {
    table.listing = new Map();
    for (const cls of table.classes) {
      const chain = adminChain(django, cls, 0);
      const actions = chain ? firstValue(chain, "actions") : undefined;
      const names = actions ? literalColumns(actions.value) : undefined;
      for (const listed of new Set((names ?? []).filter((n) => n.node.type === "identifier").map((n) => n.name))) {
        const classes = table.listing.get(listed);
        if (classes) classes.push(cls);
        else table.listing.set(listed, [cls]);
      }
    }
  }
  return table.listing.get(name) ?? [];
}

/** A `list_display` column that is a method of a registered ModelAdmin: it runs once per change-list row. */
export interface AdminColumnMethod {
  cls: SyntaxNode;
  admin: string;
  model: ModelInfo;
  column: string;
  fn: SyntaxNode;
  /** The row parameter (`obj`). */
  param: string;
  listDisplay: SyntaxNode;
  /** The change list, when its queryset can be read (no `get_queryset`, every base in this file). */
  changeList?: ChangeList;
  /** `list_per_page = N` as a literal on the class or a base this file shows. */
  perPage?: number;
}

/**
 * Every `list_display` column of the file's registered ModelAdmins that names a method `(self, obj)` of
 * the admin. The list_display is read from the class and its same-file bases; when a base is not in the
 * file, only the class's own `list_display` and methods count (a column method is the admin's own code,
 * whatever the bases add).
 */
export function adminColumnMethods(django: DjangoFacts): AdminColumnMethod[] {
  const out: AdminColumnMethod[] = [];
  for (const stmt of django.file.tree.rootNode.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type !== "class_definition") continue;
    const name = cls.childForFieldName("name")?.text ?? "";
    const model = registeredModel(django, cls, name);
    if (!model) continue;
    const changeList = changeListOf(django, cls);
    const chain = adminChain(django, cls, 0) ?? [cls];
    const display = firstValue(chain, "list_display");
    const columns = display ? literalColumns(display.value) : undefined;
    if (!display || !columns) continue;
    const perPage = Number(firstValue(chain, "list_per_page")?.value.text);
    for (const column of columns) {
      if (column.node.type !== "string") continue;
      const fn = chain.flatMap((c) => classMembers(c)).find((m) => definedName(m) === column.name);
      const params = fn ? parameterNodes(fn) : [];
      if (!fn || params.length !== 2) continue;
      out.push({
        cls,
        admin: name,
        model,
        column: column.name,
        fn,
        param: params[1]!.name,
        listDisplay: display.statement,
        ...(changeList ? { changeList } : {}),
        ...(Number.isInteger(perPage) && perPage > 0 ? { perPage } : {}),
      });
    }
  }
  return out;
}

/** How many rows a change-list page shows, as the message says it. */
export function changeListRows(perPage: number | undefined): string {
  return perPage === undefined ? "up to list_per_page rows, 100 by default" : `up to ${perPage} rows, its \`list_per_page\``;
}

/** Whether `node` sits in a function, lambda or class nested in the column's body (it may never run per row). */
export function nestedInColumn(node: SyntaxNode, body: SyntaxNode): boolean {
  for (let p = node.parent; p && p.id !== body.id; p = p.parent) if (p.type === "function_definition" || p.type === "lambda" || p.type === "class_definition") return true;
  return false;
}

/**
 * A per-row query of a change-list column: material (every page view runs it per row), unless the page is
 * short; `walks` lets the project's evidence of a small table (listed whole in one widget, `small_models`)
 * lower it, as for a loop over the whole table.
 */
export function columnImpact(column: AdminColumnMethod): Impact {
  if (column.perPage !== undefined && column.perPage <= 25) return { level: "low", reason: `the change list shows at most ${column.perPage} rows a page` };
  return { level: "normal", reason: `the change list runs the column for each of its ${changeListRows(column.perPage)}`, walks: column.model.qualifiedName };
}
