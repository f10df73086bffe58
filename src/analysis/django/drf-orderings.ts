/**
 * DRF orderings DJP210 checks besides a view's `ordering`: each `ordering_fields` entry (clients may
 * sort any list page by it), and the `ordering` of cursor pagination, which sorts every page of every
 * view that uses it: a project `CursorPagination` subclass (its own `ordering`, or DRF's `-created`),
 * set per view (`pagination_class`) or for all views (`REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]`),
 * and DRF's own `CursorPagination` named directly.
 */
import type { SyntaxNode } from "../parser.js";
import type { RuleContext } from "../rule.js";
import type { ModelInfo } from "../index/types.js";
import type { ViewInfo } from "../index/drf/types.js";
import { stringValue } from "../index/expr.js";
import { settingAt } from "../index/settings/accessors.js";
import { classMember } from "./drf-classes.js";

type Ctx = Pick<RuleContext<unknown>, "index" | "file" | "django" | "applies">;

/** DRF's default `CursorPagination.ordering`. */
const DRF_CURSOR_ORDERING = "-created";
const DRF_CURSOR = "rest_framework.pagination.CursorPagination";

export interface OrderingSite {
  node: SyntaxNode;
  order: string;
  model: ModelInfo;
  /** The view (`ordering_fields`) or pagination class (cursor) the ordering belongs to. */
  owner: string;
  ownerQn: string;
  kind: "orderingFields" | "cursor";
  /** The one list view the ordering sorts (`ordering_fields`, a cursor named on the view): its bound sets the level. */
  view?: ViewInfo;
}

function listedModel(ctx: Ctx, view: ViewInfo): ModelInfo | undefined {
  if (!view.listCapable || "unresolved" in view.queryset) return undefined;
  const model = ctx.index.models.get(view.queryset.model);
  return model?.complete ? model : undefined;
}

/** Each literal `ordering_fields` entry of the list views written in this file. */
export function orderingFieldsSites(ctx: Ctx): OrderingSite[] {
  const out: OrderingSite[] = [];
  for (const view of ctx.index.drf.viewsIn(ctx.file.path)) {
    const attr = view.attrs.get("ordering_fields");
    const model = listedModel(ctx, view);
    if (!attr || attr.path !== ctx.file.path || !model) continue;
    const assign = ctx.django.nodesOfType("assignment").find((a) => a.startPosition.row + 1 === attr.line && a.childForFieldName("left")?.text === "ordering_fields");
    const right = assign?.childForFieldName("right");
    if (right?.type !== "list" && right?.type !== "tuple") continue;
    ctx.applies();
    for (const item of right.namedChildren) {
      const order = stringValue(item);
      if (order !== undefined) out.push({ node: item, order, model, owner: view.name, ownerQn: view.qn, kind: "orderingFields", view });
    }
  }
  return out;
}

/** The cursor orderings written in this file, with the models of the list views they paginate. */
export function cursorSites(ctx: Ctx): OrderingSite[] {
  const out: OrderingSite[] = [];
  const defaultClass = defaultPagination(ctx);
  const classes = moduleClasses(ctx);
  for (const [name, cls] of classes) {
    const chain = cursorChain(ctx, cls, classes);
    // A paginator that computes its ordering (`get_ordering`, e.g. from the view) has no fixed one.
    if (!chain || chain.computed) continue;
    const qn = `${ctx.file.module}.${name}`;
    const assign = chain.ordering;
    const right = assign?.type === "assignment" ? assign.childForFieldName("right") : undefined;
    const first = right?.type === "list" || right?.type === "tuple" ? right.namedChildren[0] : right;
    const order = first ? stringValue(first) : assign ? undefined : DRF_CURSOR_ORDERING;
    if (order === undefined) continue;
    const isDefault = defaultClass !== undefined && (defaultClass === qn || ctx.index.resolveQualified(defaultClass) === qn);
    const models = new Map<string, ModelInfo>();
    const orderedByFilter = defaultOrderingFilter(ctx);
    for (const view of ctx.index.drf.views.values()) {
      const model = cursorOrdered(view, orderedByFilter) ? listedModel(ctx, view) : undefined;
      const pagination = view.attrs.get("pagination_class");
      // By what the view's module imports, not by name: a project class may share a paginator's name.
      const uses = pagination ? pagination.targets?.[0] === qn : isDefault;
      if (model && uses) models.set(model.qualifiedName, model);
    }
    ctx.applies();
    const node = first ?? cls.childForFieldName("name") ?? cls;
    for (const model of models.values()) out.push({ node, order, model, owner: name, ownerQn: qn, kind: "cursor" });
  }
  // DRF's CursorPagination itself (`-created`): named on a view of this file (imported from DRF: a
  // project subclass of that name has its own ordering, rotation set 12), or the settings default.
  for (const view of ctx.index.drf.viewsIn(ctx.file.path)) {
    const attr = view.attrs.get("pagination_class");
    const model = cursorOrdered(view, defaultOrderingFilter(ctx)) ? listedModel(ctx, view) : undefined;
    if (!model) continue;
    if (attr && attr.path === ctx.file.path && attr.targets?.[0] === DRF_CURSOR) {
      const node = ctx.django.nodesOfType("assignment").find((a) => a.startPosition.row + 1 === attr.line && a.childForFieldName("left")?.text === "pagination_class");
      if (node) out.push({ node, order: DRF_CURSOR_ORDERING, model, owner: view.name, ownerQn: view.qn, kind: "cursor", view });
    } else if (!attr && defaultClass === DRF_CURSOR && view.path === ctx.file.path) {
      const node = ctx.django.nodesOfType("class_definition").find((c) => c.startPosition.row + 1 === view.line)?.childForFieldName("name");
      if (node) out.push({ node, order: DRF_CURSOR_ORDERING, model, owner: view.name, ownerQn: view.qn, kind: "cursor", view });
    }
  }
  return out;
}

/** The module-level classes of the file, by name (a later definition replaces an earlier one). */
function moduleClasses(ctx: Ctx): Map<string, SyntaxNode> {
  const classes = new Map<string, SyntaxNode>();
  for (const stmt of ctx.file.tree.rootNode.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    const name = cls?.type === "class_definition" ? cls.childForFieldName("name")?.text : undefined;
    if (cls && name) classes.set(name, cls);
  }
  return classes;
}

/**
 * The class as DRF's CursorPagination: its bases, followed through the file's own classes, reach
 * `rest_framework.pagination.CursorPagination` and nothing else. The nearest `ordering` assignment of
 * the chain (own first), and whether some class of it computes the ordering (`get_ordering`). A base
 * from another module or outside DRF (a project paginator built on `BasePagination` with its own
 * ordering, a mixin) may set or compute the ordering: then the class is not read (undefined).
 */
function cursorChain(ctx: Ctx, cls: SyntaxNode, classes: ReadonlyMap<string, SyntaxNode>): { ordering?: SyntaxNode; computed: boolean } | undefined {
  let ordering: SyntaxNode | undefined;
  let computed = false;
  let cursor = false;
  const seen = new Set<SyntaxNode>();
  const visit = (c: SyntaxNode): boolean => {
    if (seen.has(c)) return true;
    seen.add(c);
    ordering ??= classMember(c, "ordering");
    if (classMember(c, "get_ordering")) computed = true;
    for (const b of c.childForFieldName("superclasses")?.namedChildren ?? []) {
      if (b.type === "keyword_argument") continue;
      if (ctx.django.qualifiedName(b) === DRF_CURSOR) cursor = true;
      else if (b.text === "object") continue;
      else {
        const local = b.type === "identifier" ? classes.get(b.text) : undefined;
        if (!local || !visit(local)) return false;
      }
    }
    return true;
  };
  return visit(cls) && cursor ? { ...(ordering ? { ordering } : {}), computed } : undefined;
}

/**
 * DRF's CursorPagination uses the view's OrderingFilter ordering when the view has one (its own
 * `filter_backends` or the settings default): then the paginator's `ordering` is only a fallback.
 */
function cursorOrdered(view: ViewInfo, orderedByFilter: boolean): boolean {
  const backends = view.attrs.get("filter_backends")?.value;
  return backends ? !/Ordering/.test(backends.text) : !orderedByFilter;
}

function defaultOrderingFilter(ctx: Ctx): boolean {
  const value = settingAt(ctx.index.settings.effective("REST_FRAMEWORK"), ["DEFAULT_FILTER_BACKENDS"]);
  if (value.status !== "set") return value.status === "unknown";
  return value.value.kind !== "list" || value.value.items.some((i) => i.value.kind !== "str" || /Ordering/.test(i.value.value));
}

/** `REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]` when literal. */
function defaultPagination(ctx: Ctx): string | undefined {
  const value = settingAt(ctx.index.settings.effective("REST_FRAMEWORK"), ["DEFAULT_PAGINATION_CLASS"]);
  return value.status === "set" && value.value.kind === "str" ? value.value.value : undefined;
}
