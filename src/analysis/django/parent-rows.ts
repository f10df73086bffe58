/**
 * The rows of one parent object named by the URL (issue 9, list materiality): a view method's QuerySet
 * filtered by a foreign key whose value comes from the URL (`filter(application_id=pk)` in
 * `get(self, request, pk)`, `filter(query_id=kwargs["query_pk"])`, `filter(case=case)` after
 * `case = get_case(pk)`), or keys taken from such rows (`filter(id__in=ids)` with `ids` read from one
 * application's link rows). A list of one parent's children is as long as that parent has children.
 *
 * Whether that is few depends on the parent: a child object (a case of an organisation, a product of an
 * exporter) holds its own handful of documents or contacts, while a top-level owner (an organisation, a
 * team, a workspace) collects every row below it. A parent model that has a required foreign key to
 * another model of the project (not to the user) is a child object here (`isChildObject`); a model with
 * none is taken as a top-level owner, whose rows are not taken as few.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import type { DjangoFacts, QuerySetInfo } from "./types.js";
import { classOfMethod, enclosingFunction, parameterNodes, unwrapParens } from "./syntax.js";
import { isUserModel } from "./table-size.js";

export interface ParentRows {
  parent: ModelInfo;
  /** The filter keyword as written (`application_id`), or the related manager's accessor. */
  lookup: string;
}

const MAX_DEPTH = 3;
/** Parameters of a view method that are not URL arguments. */
const NOT_URL_PARAMS = new Set(["self", "cls", "request", "args"]);

/**
 * The parent whose rows `qs` lists when the enclosing view method pins a foreign key of it to the URL's
 * object; undefined when no filter keyword does (or the method is not one that takes the request).
 */
export function urlParentRows(django: DjangoFacts, qs: QuerySetInfo, at: SyntaxNode, depth = 0): ParentRows | undefined {
  const fn = enclosingFunction(at);
  if (!fn || depth > MAX_DEPTH) return undefined;
  const params = parameterNodes(fn).map((p) => p.name);
  if (!params.includes("request")) return undefined;
  // Only a handler's parameters are the URL's arguments; a helper's (`_get_metadata(self, request, finding)`) are its caller's.
  const url = new Set(handlesRequest(fn) ? params.filter((p) => !NOT_URL_PARAMS.has(p)) : []);
  for (const call of qs.calls) {
    if (call.name !== "filter") continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type !== "keyword_argument") continue;
      const lookup = arg.childForFieldName("name")?.text ?? "";
      const value = arg.childForFieldName("value");
      if (!value) continue;
      if (lookup.endsWith("__in")) {
        const inner = keysOfOneParent(django, value, fn, depth);
        if (inner) return inner;
        continue;
      }
      if (!fromUrl(value, fn, url, 0)) continue;
      const parent = pinnedModel(django, qs.model, lookup);
      if (parent) return { parent, lookup };
    }
  }
  return undefined;
}

/** HTTP method handlers and DRF actions of a class-based view, `@action` / `@api_view` functions, module-level function views. */
const HANDLERS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "list", "retrieve", "create", "update", "partial_update", "destroy"]);

function handlesRequest(fn: SyntaxNode): boolean {
  if (HANDLERS.has(fn.childForFieldName("name")?.text ?? "")) return true;
  const decorated = fn.parent?.type === "decorated_definition" ? fn.parent : undefined;
  if (decorated?.namedChildren.some((d) => d.type === "decorator" && /^@\s*(\w+\.)*(action|api_view)\b/.test(d.text))) return true;
  return classOfMethod(fn) === undefined;
}

/** `ids` in `filter(id__in=ids)`, assigned once from rows of one URL parent (`...filter(application_id=pk).values_list(...)`). */
function keysOfOneParent(django: DjangoFacts, value: SyntaxNode, fn: SyntaxNode, depth: number): ParentRows | undefined {
  const source = value.type === "identifier" ? singleAssignment(fn, value.text) : value;
  const qs = source ? django.querySetOf(source) : undefined;
  return qs && source ? urlParentRows(django, qs, source, depth + 1) : undefined;
}

/**
 * The model a lookup pins to one object: the last hop a forward foreign key or one-to-one (`case__id` →
 * Case) or a many-to-many (`case__id` through `Case.additional_contacts`: the rows linked to one case), the
 * hops before it forward keys or links (`sites_on_application__application_id`: the Sites linked to one
 * application through the link rows of a reverse key or a many-to-many).
 */
export function pinnedModel(django: DjangoFacts, model: ModelInfo, lookup: string): ModelInfo | undefined {
  const parts = lookup.replace(/__(exact|id|pk)$/, "").split("__");
  const last = parts.length - 1;
  parts[last] = parts[last]!.replace(/_id$/, "");
  let current: ModelInfo | undefined = model;
  for (const [i, part] of parts.entries()) {
    const rel = current ? django.relation(current, part) : undefined;
    // A many-to-many pinned to one object (`case__id` through `Case.additional_contacts`) lists the rows linked
    // to it; a reverse foreign key pinned so (`orders__id`) is the one row that owns it, not a parent's rows.
    const linked = i < last || rel?.kind === "m2m" || (rel?.kind === "reverse" && rel.relation.kind === "reverse-m2m");
    const target = rel?.kind === "forward" || (linked && rel?.kind === "m2m") ? rel.field.target : rel?.kind === "reverse" && linked ? { resolved: true, model: rel.relation.fromModel } : undefined;
    if (!target?.resolved) return undefined;
    current = django.index.models.get(target.model);
  }
  return current === model ? undefined : current;
}

/** The value reads the URL: a URL parameter, `kwargs[...]` / `self.kwargs[...]`, or a name assigned from them (`case = get_case(pk)`). */
function fromUrl(node: SyntaxNode, fn: SyntaxNode, url: ReadonlySet<string>, depth: number): boolean {
  const value = unwrapParens(node);
  if (depth > MAX_DEPTH) return false;
  if (value.type === "identifier") {
    if (url.has(value.text)) return !assignedIn(fn, value.text);
    const assigned = singleAssignment(fn, value.text);
    return assigned !== undefined && readsUrl(assigned, fn, url, depth + 1);
  }
  if (value.type === "subscript") return /^(self\.)?kwargs$/.test(value.childForFieldName("value")?.text.replace(/\s/g, "") ?? "");
  // `case.id`, `case.pk`
  if (value.type === "attribute" && /^(id|pk)$/.test(value.childForFieldName("attribute")?.text ?? "")) {
    const object = value.childForFieldName("object");
    return object !== null && fromUrl(object, fn, url, depth + 1);
  }
  return false;
}

/** An expression that hands the URL's value to a lookup (`get_case(pk)`, `get_object_or_404(Case, pk=pk)`, `self.get_object()`). */
function readsUrl(expr: SyntaxNode, fn: SyntaxNode, url: ReadonlySet<string>, depth: number): boolean {
  const value = unwrapParens(expr);
  if (value.type !== "call") return fromUrl(value, fn, url, depth);
  if (value.childForFieldName("function")?.text.replace(/\s/g, "") === "self.get_object") return true;
  const args = value.childForFieldName("arguments")?.namedChildren ?? [];
  return args.some((a) => fromUrl(a.type === "keyword_argument" ? (a.childForFieldName("value") ?? a) : a, fn, url, depth));
}

function assignmentsOf(fn: SyntaxNode, name: string): SyntaxNode[] {
  return fn.descendantsOfType("assignment").filter((a) => a.childForFieldName("left")?.text === name);
}

function assignedIn(fn: SyntaxNode, name: string): boolean {
  return assignmentsOf(fn, name).length > 0;
}

function singleAssignment(fn: SyntaxNode, name: string): SyntaxNode | undefined {
  const found = assignmentsOf(fn, name);
  return found.length === 1 ? (found[0]!.childForFieldName("right") ?? undefined) : undefined;
}

/**
 * A required foreign key (or one-to-one) of the model to another
 * model of the project that is not the user: the model is a child object (a case of an organisation, a
 * queue of a team). The field, or undefined for a top-level owner.
 */
export function ownerKeyOf(index: ProjectIndex, model: ModelInfo): { field: string; target: ModelInfo } | undefined {
  for (const field of model.fields.values()) {
    // A multi-table parent's pointer (`case_ptr`) makes the row that parent, not its child: its own keys decide.
    if ((field.kind !== "fk" && field.kind !== "o2o") || field.nullable || !field.target?.resolved || field.autoCreated || field.kwargs.parent_link === "True") continue;
    const target = index.models.get(field.target.model);
    if (!target || target.builtin || target.qualifiedName === model.qualifiedName || growsWithAccounts(index, target)) continue;
    return { field: field.name, target };
  }
  return undefined;
}

/** The user model, or a model that extends or points one-to-one at it (a staff or customer account). */
function growsWithAccounts(index: ProjectIndex, model: ModelInfo): boolean {
  if (isUserModel(model.qualifiedName, index)) return true;
  return [...model.fields.values()].some((f) => f.kind === "o2o" && f.target?.resolved === true && isUserModel(f.target.model, index));
}

/** Extra queries per row of the missing paths: each relation hop not loaded costs one (`a__b` missing both: two). */
export function queriesPerRow(missing: readonly { path: string }[], loaded: readonly string[]): number {
  const hops = new Set<string>();
  for (const { path } of missing) {
    const parts = path.split("__");
    for (let i = 1; i <= parts.length; i++) hops.add(parts.slice(0, i).join("__"));
  }
  return [...hops].filter((h) => !loaded.some((l) => l === h || l.startsWith(`${h}__`))).length;
}
