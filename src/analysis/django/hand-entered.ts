/**
 * Tables whose rows are typed by hand in the Django admin (rotation set 12: guidance notes, a repository's
 * letter of declaration): the model is registered in the admin, and no code outside the admin, the tests
 * and the migrations inserts a row of it. Staff enter tens or hundreds of such rows, not thousands, and
 * they insert rarely, so a lock on the table is short and an old release's failed insert during a deploy
 * is a staff member retrying a form. Small-table evidence for the lock rules (table-size.ts).
 *
 * What counts as code that inserts a row of `M` (any one keeps the table out):
 * - a manager or queryset call on `M` that is not a read (`M.objects.create(...)`, `get_or_create`,
 *   a custom manager method such as `create_translatable_object`), or the constructor `M(...)`;
 * - `obj.<accessor>.create(...)` / `.add(...)` through one of `M`'s reverse accessors;
 * - a form, serializer, mutation or import-export resource whose `Meta.model` is `M`, unless the code
 *   names it only in admin modules or in read-only views;
 * - a view with `model = M` / `queryset = M.objects...` that is not read-only;
 * - an admin that imports rows (django-import-export's `ImportMixin` and friends).
 * Test files and factory modules (`factories.py`) are not the site's code. A model created through
 * `apps.get_model` or a variable holding a model class is not seen: the evidence reads what is written.
 */
import type { SyntaxNode } from "../parser.js";
import { parsePython } from "../parser.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import { moduleNameOf, type ParsedFile, type SourceText } from "../source-file.js";
import { isAdminTreePath } from "../code-kind.js";
import { escapeRegExp } from "../regexp.js";
import { isTestPath } from "./contexts.js";
import { createDjangoFacts } from "./facts.js";
import type { DjangoFacts } from "./types.js";
import { baseNames, lastName } from "./classes.js";
import { classMembers, decoratorTarget, decoratorsOf, positionalArgs } from "./syntax.js";

/** Queryset and manager methods that only read (or delete and update existing rows): no new row. */
const READS: ReadonlySet<string> = new Set([
  "all", "filter", "exclude", "get", "count", "exists", "first", "last", "order_by", "values", "values_list", "select_related",
  "prefetch_related", "annotate", "aggregate", "distinct", "only", "defer", "none", "in_bulk", "iterator", "update", "delete",
  "using", "latest", "earliest", "union", "intersection", "difference", "dates", "datetimes", "raw", "select_for_update", "extra",
  "reverse", "alias", "contains", "explain", "get_queryset", "filter_by", "search", "with_translations", "translated", "active",
  "language", "bulk_update", "aiterator", "aget", "acount", "aexists", "afirst", "alast",
]);
/** Calls through a reverse accessor that insert a row of the related model. */
const ACCESSOR_INSERTS: ReadonlySet<string> = new Set(["create", "get_or_create", "update_or_create", "bulk_create", "add", "set"]);
/** Classes whose `Meta.model` rows they may save: forms, serializers, GraphQL mutations, import-export resources. */
const WRITING_META_CLASSES = /(Form|Serializer|Mutation|Resource)$/;
/** Views that list and show rows only. */
const READ_ONLY_VIEWS: ReadonlySet<string> = new Set(["ReadOnlyModelViewSet", "ListAPIView", "RetrieveAPIView", "ListView", "DetailView", "TemplateView", "ArchiveIndexView", "YearArchiveView", "MonthArchiveView", "DayArchiveView"]);
/** django-import-export admins: rows arrive by the file, not by hand. */
const IMPORTING_ADMIN = /Import/;

export interface HandEntered {
  reason: string;
  path: string;
  line: number;
}

/** Models (qualified names) whose rows only the admin inserts, with where the admin registers them. */
export function handEnteredModels(sources: readonly SourceText[], index: ProjectIndex): Map<string, HandEntered> {
  const steps = handEnteredSteps(sources, index);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `handEnteredModels` one parsed file at a time: the generator yields after each file it parses, so a
 * caller that parses a whole repository can let the dead trees go between files (the pipeline drives it
 * with `afterFile`). Nothing parsed is kept: caching every file's facts held a large project's trees at
 * once (tendenci's peak RSS 308 → 670 MB).
 */
export function* handEnteredSteps(sources: readonly SourceText[], index: ProjectIndex): Generator<void, Map<string, HandEntered>> {
  const code = sources.filter((s) => s.path.endsWith(".py") && !isTestPath(s.path) && !/(^|\/)factories\.py$/.test(s.path));
  const registered = new Map<string, HandEntered>();
  const imported = new Set<string>();
  for (const source of code) {
    if (!isAdminTreePath(source.path) || !/register|model\s*=/.test(source.text)) continue;
    adminRegistrations(factsOf(source, index), registered, imported);
    yield;
  }
  for (const name of imported) registered.delete(name);
  for (const [name] of registered) {
    const model = index.models.get(name);
    if (!model || model.isAbstract || model.isProxy) registered.delete(name);
  }
  if (registered.size === 0) return registered;
  const candidates = [...registered.keys()].map((q) => index.models.get(q)!);
  const accessors = new Map<string, Set<string>>();
  for (const model of index.models.values()) {
    for (const rel of model.reverse.values()) {
      if (!registered.has(rel.fromModel) || rel.kind === "reverse-m2m") continue;
      const set = accessors.get(rel.accessor) ?? new Set<string>();
      set.add(rel.fromModel);
      accessors.set(rel.accessor, set);
    }
  }
  const words = new RegExp(`\\b(${[...new Set([...candidates.map((m) => m.name), ...accessors.keys()])].map(escapeRegExp).join("|")})\\b`);
  const writers = new Set<string>();
  const metaClasses: { name: string; model: string; path: string }[] = [];
  for (const source of code) {
    if (isAdminTreePath(source.path) || !words.test(source.text)) continue;
    const django = factsOf(source, index);
    insertCalls(django, registered, accessors, writers);
    for (const cls of django.nodesOfType("class_definition")) {
      const meta = metaModel(django, cls);
      if (cls.childForFieldName("name")?.text === "Meta") continue;
      if (meta && registered.has(meta.qualifiedName) && baseNames(cls).some((b) => WRITING_META_CLASSES.test(b))) {
        metaClasses.push({ name: cls.childForFieldName("name")?.text ?? "", model: meta.qualifiedName, path: source.path });
      }
      const viewed = meta ? undefined : viewModel(django, cls);
      if (viewed && registered.has(viewed.qualifiedName) && !readOnlyView(cls, django)) writers.add(viewed.qualifiedName);
    }
    yield;
  }
  for (const meta of metaClasses) {
    if (writers.has(meta.model)) continue;
    if (yield* namedOutsideAdmin(meta.name, meta.path, code, index)) writers.add(meta.model);
  }
  for (const name of writers) registered.delete(name);
  for (const [name, at] of registered) {
    const model = index.models.get(name)!;
    registered.set(name, { ...at, reason: `${model.name}'s rows are entered by hand in the admin (${at.path}:${at.line}): no code outside the admin, the tests and the migrations inserts one` });
  }
  return registered;
}

function factsOf(source: SourceText, index: ProjectIndex): DjangoFacts {
  const { module, isPackage } = moduleNameOf(source.path);
  const file: ParsedFile = { path: source.path, text: source.text, tree: parsePython(source.text), module, isPackage, lines: source.text.split(/\r?\n|\r/) };
  return createDjangoFacts(file, index);
}

/** `admin.site.register(M, …)`, `@admin.register(M)`, an inline's `model = M`; an importing admin marks its model. */
function adminRegistrations(django: DjangoFacts, registered: Map<string, HandEntered>, imported: Set<string>): void {
  const path = django.file.path;
  const classes = new Map<string, SyntaxNode>();
  for (const cls of django.nodesOfType("class_definition")) classes.set(cls.childForFieldName("name")?.text ?? "", cls);
  const note = (model: ModelInfo, node: SyntaxNode, admin: SyntaxNode | undefined): void => {
    if (admin && baseNames(admin).some((b) => IMPORTING_ADMIN.test(b))) imported.add(model.qualifiedName);
    if (!registered.has(model.qualifiedName)) registered.set(model.qualifiedName, { reason: "", path, line: node.startPosition.row + 1 });
  };
  for (const call of django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    if (lastName(fn ?? undefined) !== "register" || fn?.type !== "attribute") continue;
    const [first, second] = positionalArgs(call.childForFieldName("arguments"));
    if (!first) continue;
    const admin = second?.type === "identifier" ? classes.get(second.text) : undefined;
    for (const model of modelsIn(django, first)) note(model, call, admin);
  }
  for (const cls of classes.values()) {
    for (const d of decoratorsOf(cls)) {
      if (lastName(decoratorTarget(d)) !== "register") continue;
      const call = d.namedChildren.find((c) => c.type === "call");
      for (const a of positionalArgs(call?.childForFieldName("arguments") ?? null)) for (const model of modelsIn(django, a)) note(model, d, cls);
    }
    // An inline (`model = M` in an admin class): the parent's page inserts rows of M.
    if (!baseNames(cls).some((b) => /Inline$/.test(b))) continue;
    const model = classAttributeModel(django, cls, "model");
    if (model) note(model, cls, cls);
  }
}

function modelsIn(django: DjangoFacts, node: SyntaxNode): ModelInfo[] {
  const items = node.type === "list" || node.type === "tuple" ? node.namedChildren : [node];
  return items.flatMap((n) => django.modelOf(n) ?? []);
}

/** Manager calls that insert, constructors, reverse-accessor inserts of a registered model: its qualified name into writers. */
function insertCalls(django: DjangoFacts, registered: ReadonlyMap<string, HandEntered>, accessors: ReadonlyMap<string, ReadonlySet<string>>, writers: Set<string>): void {
  for (const call of django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    if (!fn) continue;
    const direct = django.modelOf(fn);
    if (direct && registered.has(direct.qualifiedName)) {
      writers.add(direct.qualifiedName);
      continue;
    }
    if (fn.type !== "attribute") continue;
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const object = fn.childForFieldName("object");
    if (!object || READS.has(method)) continue;
    const through = object.type === "attribute" ? accessors.get(object.childForFieldName("attribute")?.text ?? "") : undefined;
    if (through && ACCESSOR_INSERTS.has(method)) for (const model of through) writers.add(model);
    const qs = django.querySetOf(object);
    if (qs && registered.has(qs.model.qualifiedName)) writers.add(qs.model.qualifiedName);
  }
}

/** The model a class's inner `Meta` names (`class Meta: model = M`). */
function metaModel(django: DjangoFacts, cls: SyntaxNode): ModelInfo | undefined {
  const meta = classMembers(cls).find((m) => m.type === "class_definition" && m.childForFieldName("name")?.text === "Meta");
  return meta ? classAttributeModel(django, meta, "model") : undefined;
}

/** `model = M` or `queryset = M.objects…` at class level. */
function viewModel(django: DjangoFacts, cls: SyntaxNode): ModelInfo | undefined {
  return classAttributeModel(django, cls, "model") ?? classAttributeModel(django, cls, "queryset");
}

function classAttributeModel(django: DjangoFacts, cls: SyntaxNode, name: string): ModelInfo | undefined {
  for (const member of classMembers(cls)) {
    if (member.type !== "assignment" || member.childForFieldName("left")?.text !== name) continue;
    const right = member.childForFieldName("right");
    if (!right) continue;
    return name === "queryset" ? django.querySetOf(right)?.model : django.modelOf(right);
  }
  return undefined;
}

/** Every base is a read-only view, or a class of this file that is one (three levels). */
function readOnlyView(cls: SyntaxNode, django: DjangoFacts, depth = 0): boolean {
  const names = baseNames(cls);
  if (names.length === 0 || depth > 3) return false;
  return names.every((b) => {
    if (READ_ONLY_VIEWS.has(b)) return true;
    if (/Mixin$/.test(b) && !/(Create|Update|Form|Edit|Write)/.test(b)) return true;
    const local = django.nodesOfType("class_definition").find((c) => c.childForFieldName("name")?.text === b);
    return local !== undefined && readOnlyView(local, django, depth + 1);
  });
}

/**
 * A form or serializer class the code names outside its own definition somewhere other than an admin
 * module or the body of a read-only view (`serializer_class = NoteSerializer` in a ReadOnlyModelViewSet).
 */
function* namedOutsideAdmin(name: string, definedIn: string, code: readonly SourceText[], index: ProjectIndex): Generator<void, boolean> {
  if (name === "") return true;
  const word = new RegExp(`\\b${escapeRegExp(name)}\\b`);
  for (const source of code) {
    if (isAdminTreePath(source.path) || !word.test(source.text)) continue;
    const django = factsOf(source, index);
    yield;
    for (const id of django.nodesOfType("identifier")) {
      if (id.text !== name) continue;
      const parent = id.parent;
      if (source.path === definedIn && parent?.type === "class_definition" && parent.childForFieldName("name")?.id === id.id) continue;
      if (parent?.type === "import_from_statement" || parent?.type === "dotted_name" || parent?.type === "aliased_import") continue;
      let cls = id.parent;
      while (cls && cls.type !== "class_definition") cls = cls.parent;
      // `super(NoteForm, self)` in its own methods.
      if (cls && source.path === definedIn && cls.childForFieldName("name")?.text === name) continue;
      if (!cls || !readOnlyView(cls, django)) return true;
    }
  }
  return false;
}
