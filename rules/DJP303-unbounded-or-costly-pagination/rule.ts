/**
 * DJP303 unbounded-or-costly-pagination: a paginator that lets the client ask for any page size
 * (PageNumberPagination with `page_size_query_param` and no `max_page_size`; LimitOffsetPagination,
 * whose `max_limit` defaults to None), or a page size above `max_page_size_limit`. Read from the
 * paginator classes of the analysed file (their bases followed inside the file) and from views that
 * name DRF's LimitOffsetPagination directly.
 */
import { z } from "zod";
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { boundImpact, classMember, classNodeAt } from "../../src/analysis/django/drf-classes.js";
import { anchorAt } from "../../src/analysis/django/settings-anchors.js";
import { settingAt } from "../../src/analysis/index/settings/accessors.js";
import type { ViewInfo } from "../../src/analysis/index/drf/types.js";
import type { Impact } from "../../src/analysis/finding.js";
import { classBases } from "../../src/analysis/django/syntax.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { cursorSites } from "../../src/analysis/django/drf-orderings.js";
import { fieldByName } from "../../src/analysis/django/indexed-columns.js";
import { isUserModel } from "../../src/analysis/django/table-size.js";

const PAGINATION = "rest_framework.pagination.";
const options = z.object({
  /** The largest page size that is still a reasonable response (the rulebook suggests about 50). */
  max_page_size_limit: z.number().int().positive().default(500),
});
type Options = z.infer<typeof options>;

interface Paginator {
  cls: SyntaxNode;
  /** DRF paginator the chain reaches: PageNumberPagination, LimitOffsetPagination, CursorPagination. */
  kind: string;
  /** Methods defined along the in-file chain (`get_limit`, `get_page_size`). */
  methods: Set<string>;
  /** Class attributes along the in-file chain, own first. */
  attrs: Map<string, SyntaxNode>;
  /** The class of the chain that sets each attribute. */
  owners: Map<string, SyntaxNode>;
  /** DRF's paginator is reached through a project base of this file, which is reported on its own. */
  viaLocal: boolean;
}

export default defineRule<Options>({
  id: "DJP303",
  name: "unbounded-or-costly-pagination",
  category: "drf",
  status: "preview",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "A DRF paginator lets the client choose an unbounded page size, or its page size is very large.",
  messages: {
    noMaxPageSize:
      "{{name}} lets the client set the page size (`page_size_query_param`) with no `max_page_size`: `?{{param}}=1000000` returns the whole table in one response. Add `max_page_size = 100` (or what the API needs).",
    noMaxLimit:
      "{{name}} is LimitOffsetPagination with no `max_limit` (DRF's default is None): `?limit=1000000` returns the whole table in one response. Set `max_limit = 100` (or what the API needs).",
    directLimitOffset:
      "This view paginates with DRF's own `LimitOffsetPagination`, whose `max_limit` is None: `?limit=1000000` returns the whole table. Use a subclass with `max_limit = 100`.",
    defaultLimitOffset:
      "`REST_FRAMEWORK[\"DEFAULT_PAGINATION_CLASS\"]` is DRF's own `LimitOffsetPagination`, whose `max_limit` is None: on every list view that keeps the default, `?limit=1000000` returns the whole table. Point the default at a subclass with `max_limit = 100`.",
    largeDefaultPageSize:
      "`REST_FRAMEWORK[\"PAGE_SIZE\"]` is {{size}} (more than {{limit}}): every paginated list that keeps the default serializes that many rows per request. Use a smaller default (the rulebook suggests about 50).",
    offsetOnLarge:
      "{{view}} lists {{model}} rows, a table listed in `large_models`, with offset pagination ({{paginator}}): every page runs `COUNT(*)` over the filtered rows and deep pages make the database scan and skip every earlier row. `CursorPagination` (with an indexed `ordering`) needs neither.",
    cursorOrdering:
      "{{owner}} is a cursor pagination ordered by {{field}} (`{{order}}`) and pages {{model}} rows, where {{field}} is {{problem}}: {{why}} DRF asks for an unchanging, unique or nearly unique, non-null ordering field; order by an indexed creation timestamp or the primary key.",
    cursorMissingField:
      "{{owner}} is a cursor pagination with DRF's default ordering `-created`, and pages {{model}} rows, which have no `created` field: every page fails with a FieldError. Set `ordering` to an indexed, unchanging field of the model (`-created_at`, `-id`).",
    largePageSize:
      "{{name}} serves pages of {{size}} rows by default (more than {{limit}}): every list request pays for serializing them all. Use a smaller `page_size` (the rulebook suggests about 50) and let clients ask for more up to a `max_page_size`.",
    largePageSizeBounded:
      "{{name}} serves pages of {{size}} rows by default (more than {{limit}}): a list that grows past that many rows pays for serializing them all on every request. Every list that pages with it now is small, narrow or bounded (the reason below names each), so one page holds the whole list by design; keep it for such lists and page a list that grows with a smaller `page_size`.",
  },
  options,
  check(ctx) {
    checkDefaults(ctx);
    const classes = new Map<string, SyntaxNode>();
    for (const cls of ctx.django.nodesOfType("class_definition")) classes.set(cls.childForFieldName("name")?.text ?? "", cls);
    for (const cls of classes.values()) {
      const paginator = paginatorOf(ctx, cls, classes);
      if (paginator) checkPaginator(ctx, paginator);
      const assigned = classMember(cls, "pagination_class")?.childForFieldName("right");
      if (assigned && ctx.django.qualifiedName(assigned) === `${PAGINATION}LimitOffsetPagination`) {
        const view = ctx.index.drf.viewsIn(ctx.file.path).find((v) => v.line === cls.startPosition.row + 1);
        if (listsPythonValues(cls, view)) continue;
        ctx.report({ node: assigned, scope: cls, messageId: "directLimitOffset", subject: `${cls.childForFieldName("name")?.text ?? ""} LimitOffsetPagination`, ...(boundImpact(view).impact ? boundImpact(view) : serviceImpact(view)) });
      }
    }
    for (const view of ctx.index.drf.viewsIn(ctx.file.path)) checkLargeModel(ctx, view, classes);
    checkCursorOrderings(ctx);
  },
});

/**
 * The ordering of cursor pagination (the paginator's own, or DRF's `-created`) on the models of the list
 * views it pages (src/analysis/django/drf-orderings.ts; a view whose OrderingFilter sets the order is
 * not the paginator's): a nullable column (NULLs cannot be compared with the cursor: rows go missing),
 * a float (rounded positions repeat or skip rows), or a field the model lacks. An unindexed ordering is
 * DJP210's.
 */
function checkCursorOrderings(ctx: RuleContext<Options>): void {
  for (const site of cursorSites(ctx)) {
    const name = site.order.replace(/^[-+]/, "");
    const field = name.includes("__") ? undefined : fieldByName(site.model, name);
    const data = { owner: codeSpan(site.owner), model: codeSpan(site.model.name), order: site.order, field: codeSpan(name) };
    const base = { node: site.node, subject: `${site.ownerQn}.cursor:${site.model.qualifiedName}:${site.order}`, model: site.model.qualifiedName };
    if (!field) {
      // Only the default is provably absent: the model index knows every concrete field of a complete model.
      if (site.order === "-created" && site.model.complete && !name.includes("__") && site.model.fields.size > 0 && !site.model.reverse.has(name)) ctx.report({ ...base, messageId: "cursorMissingField", data });
      continue;
    }
    if (field.kind !== "concrete") continue;
    const problem = field.nullable ? "nullable" : /^(FloatField)$/.test(field.fieldClass) ? "a float" : undefined;
    if (!problem) continue;
    const why = problem === "nullable" ? "rows whose value is NULL never compare with the cursor and drop out of the pages." : "rounded float positions make pages repeat or skip rows.";
    ctx.report({ ...base, messageId: "cursorOrdering", data: { ...data, problem, why } });
  }
}

/**
 * The view's `queryset =` is a list, tuple or list comprehension written in the class (rows built from
 * choices or constants) and no `get_queryset` replaces it: `?limit=` slices a Python list the process
 * already holds, never a table.
 */
function listsPythonValues(cls: SyntaxNode, view: ViewInfo | undefined): boolean {
  const value = classMember(cls, "queryset")?.childForFieldName("right");
  const literal = value?.type === "list" || value?.type === "list_comprehension" || value?.type === "tuple";
  return literal && view !== undefined && !view.methods.has("get_queryset");
}

/**
 * Only a service client can call the view (ViewInfo.serviceClient: its authentication classes return
 * `AnonymousUser()` with the client's credentials on every path): no user can ask for a huge `?limit=`,
 * and the client that can pages as its authors wrote it (rotation set 13: a data-export API signed with
 * Hawk, 41 findings judged right but negligible).
 */
function serviceImpact(view: ViewInfo | undefined): { impact?: Impact } {
  if (!view?.serviceClient) return {};
  const names = view.serviceClient.map(codeSpan).join(", ");
  return { impact: { level: "low", reason: `only a service client can call the view: its \`authentication_classes\` (${names}) admit no user account (\`authenticate\` returns \`AnonymousUser()\` with the client's credentials on every path), so no user can ask for a huge \`?limit=\`` } };
}

/** DRF's paginators that count and offset. CursorPagination does neither, so it is never costly here. */
const OFFSET_PAGINATORS = new Set(["PageNumberPagination", "LimitOffsetPagination"]);

/** The settings default, reported where the settings module that sets it is analysed. */
function checkDefaults(ctx: RuleContext<Options>): void {
  const rest = ctx.index.settings.effective("REST_FRAMEWORK");
  const cls = settingAt(rest, ["DEFAULT_PAGINATION_CLASS"]);
  // A default no view pages with (every list names its paginator, none is generic) lets no client ask for `?limit=`.
  const used = ctx.index.drf.defaultPaginatorUse.kind !== "none";
  if (used && cls.status === "set" && cls.value.kind === "str" && cls.value.value === `${PAGINATION}LimitOffsetPagination`) {
    const anchor = anchorAt(ctx.django, cls.value.origin, cls.value.value);
    if (anchor) ctx.report({ node: anchor, messageId: "defaultLimitOffset", subject: "REST_FRAMEWORK.DEFAULT_PAGINATION_CLASS" });
  }
  const size = settingAt(rest, ["PAGE_SIZE"]);
  if (size.status === "set" && size.value.kind === "num" && size.value.value > ctx.options.max_page_size_limit) {
    const anchor = anchorAt(ctx.django, size.value.origin);
    if (anchor) ctx.report({ node: anchor, messageId: "largeDefaultPageSize", subject: "REST_FRAMEWORK.PAGE_SIZE", data: { size: size.value.value, limit: ctx.options.max_page_size_limit } });
  }
}

/**
 * `large_models` (config): a list view over a table the team declared large that pages with offsets,
 * through its own `pagination_class` or the settings default. Paginators the file cannot resolve are skipped.
 */
function checkLargeModel(ctx: RuleContext<Options>, view: ViewInfo, classes: Map<string, SyntaxNode>): void {
  if (!view.listCapable || view.methods.has("list") || "unresolved" in view.queryset) return;
  const model = ctx.index.models.get(view.queryset.model);
  if (!model || !ctx.project.isLargeModel(model.appLabel, model.name)) return;
  const kind = paginatorKind(ctx, view, classes);
  if (!kind || !OFFSET_PAGINATORS.has(kind.kind)) return;
  const cls = classNodeAt(ctx.file.tree.rootNode, view.name, view.line);
  if (!cls) return;
  ctx.report({
    node: cls.childForFieldName("name") ?? cls,
    scope: cls,
    messageId: "offsetOnLarge",
    subject: `${view.qn} offset pagination`,
    model: model.qualifiedName,
    data: { view: codeSpan(view.name), model: codeSpan(model.name), paginator: kind.name },
  });
}

/** The DRF paginator a view pages with: its `pagination_class` (DRF's, or a class of this file) or the settings default. */
function paginatorKind(ctx: RuleContext<Options>, view: ViewInfo, classes: Map<string, SyntaxNode>): { kind: string; name: string } | undefined {
  const attr = view.attrs.get("pagination_class");
  if (attr) {
    if (attr.value.t !== "name" || attr.path !== ctx.file.path) return undefined;
    const local = classes.get(attr.value.dotted);
    if (local) {
      const p = paginatorOf(ctx, local, classes);
      return p ? { kind: p.kind, name: codeSpan(attr.value.dotted) } : undefined;
    }
    const head = attr.value.dotted.split(".")[0] ?? "";
    const target = ctx.django.imports.get(head);
    const dotted = target ? `${target}${attr.value.dotted.slice(head.length)}` : undefined;
    return dotted?.startsWith(PAGINATION) ? { kind: dotted.slice(PAGINATION.length), name: codeSpan(attr.value.dotted) } : undefined;
  }
  const fallback = settingAt(ctx.index.settings.effective("REST_FRAMEWORK"), ["DEFAULT_PAGINATION_CLASS"]);
  if (fallback.status !== "set" || fallback.value.kind !== "str" || !fallback.value.value.startsWith(PAGINATION)) return undefined;
  return { kind: fallback.value.value.slice(PAGINATION.length), name: `the default ${codeSpan(fallback.value.value)}` };
}

function checkPaginator(ctx: RuleContext<Options>, p: Paginator): void {
  const name = codeSpan(p.cls.childForFieldName("name")?.text ?? "");
  const at = p.cls.childForFieldName("name") ?? p.cls;
  const base = { scope: p.cls, subject: `${p.cls.childForFieldName("name")?.text ?? ""} ${p.kind}` };
  const set = (attr: string): SyntaxNode | undefined => {
    const v = p.attrs.get(attr);
    return v && v.type !== "none" ? v : undefined;
  };
  // What a base of this file sets is reported on that base (rotation set 10: a subclass repeated its base's finding).
  const own = (attr: string): boolean => p.owners.get(attr) === p.cls;
  // The chain computes the page size itself (rotation set 11: a `get_limit` that caps the client's
  // limit at a setting): whatever it does, `max_page_size` / `max_limit` are not the bound.
  const users = paginatorUses(ctx, p);
  if (p.kind === "PageNumberPagination" && !p.methods.has("get_page_size")) {
    const param = set("page_size_query_param");
    if (param && !set("max_page_size") && (own("page_size_query_param") || own("max_page_size"))) {
      const value = param.type === "string" ? param.text.slice(1, -1) : "page_size";
      ctx.report({ node: at, ...base, messageId: "noMaxPageSize", data: { name, param: value }, ...usersBound(users, false), ...unpagedNote(users) });
    }
  }
  if (p.kind === "LimitOffsetPagination" && !p.methods.has("get_limit") && !set("max_limit") && (!p.viaLocal || own("max_limit"))) ctx.report({ node: at, ...base, messageId: "noMaxLimit", data: { name }, ...usersBound(users, false), ...unpagedNote(users) });
  const sizeNode = set(p.kind === "LimitOffsetPagination" ? "default_limit" : "page_size");
  const size = sizeNode?.type === "integer" ? Number(sizeNode.text.replace(/_/g, "")) : undefined;
  if (sizeNode && size !== undefined && size > ctx.options.max_page_size_limit && own(p.kind === "LimitOffsetPagination" ? "default_limit" : "page_size")) {
    const bounded = usersBound(users, true, size);
    ctx.report({ node: sizeNode, ...base, subject: `${base.subject} size`, messageId: bounded.impact ? "largePageSizeBounded" : "largePageSize", data: { name, size, limit: ctx.options.max_page_size_limit }, ...bounded });
  }
}

/**
 * The lists that page with a paginator class, each with what bounds it: a bound of the view (one user's,
 * one parent's rows, staff only); for a large default page, also a table nothing shows to hold more rows
 * than a page (no evidence of very many rows, `large_models` does not list it, not the user table), plain
 * value rows (`get_queryset` ends in `.values()`) and an `@action` that pages a few columns per row.
 */
interface PaginatorUses {
  users: { name: string; bound?: string; table?: string; narrow?: string }[];
  /** A user view whose `list()` also serializes the unpaged rows (ViewInfo.unpagedList): the cap does not bound it. */
  unpaged?: { view: string; definer: string; path: string; line: number };
}

/**
 * The lists that page with the paginator class (DrfIndex.paginatorUsers): undefined unless the index proves
 * they are all of them (every mention of the class and its project subclasses read, none of them the
 * settings default).
 */
function paginatorUses(ctx: RuleContext<Options>, p: Paginator): PaginatorUses | undefined {
  const qn = `${ctx.file.module}.${p.cls.childForFieldName("name")?.text ?? ""}`;
  const found = ctx.index.drf.paginatorUsers(qn);
  if (!found.proven) return undefined;
  const fallback = settingAt(ctx.index.settings.effective("REST_FRAMEWORK"), ["DEFAULT_PAGINATION_CLASS"]);
  if (fallback.status === "unknown") return undefined;
  if (fallback.status === "set" && fallback.value.kind !== "none") {
    const dotted = fallback.value.kind === "str" ? fallback.value.value : undefined;
    if (dotted === undefined || [qn, ...found.subclasses].some((n) => dotted === n || dotted.endsWith(`.${n}`))) return undefined;
  }
  const users: PaginatorUses["users"] = [];
  const unpaged = found.views.find((v) => v.unpagedList);
  for (const view of found.views) {
    const model = "unresolved" in view.queryset ? undefined : ctx.index.models.get(view.queryset.model);
    // A page's worth of rows needs a table of very many rows: a raw id box or a paginated list elsewhere
    // says only "more than a select shows", a few hundred (table-size.ts SizeEvidence.manyRows).
    const few = model && !ctx.project.isLargeModel(model.appLabel, model.name) && !ctx.sizes.large(model.qualifiedName, { manyRows: true }) && !isUserModel(model.qualifiedName, ctx.index);
    users.push({
      name: codeSpan(view.name),
      ...(view.bound && !view.bound.session ? { bound: view.bound.reason.replace(/^the list holds /, "") } : {}),
      ...(few ? { table: codeSpan(model.name) } : {}),
      ...(view.valueRows ? { narrow: "plain values (`get_queryset` ends in `.values()`)" } : {}),
    });
  }
  for (const action of found.actions) users.push({ name: `an \`@action\` paging with ${codeSpan(action.paginator)}`, ...(action.narrow ? { narrow: "a few columns per row (`.only()` / `.values()`)" } : {}) });
  if (users.length === 0) return undefined;
  return unpaged?.unpagedList ? { users, unpaged: { view: unpaged.name, definer: unpaged.unpagedList.classQn.slice(unpaged.unpagedList.classQn.lastIndexOf(".") + 1), path: unpaged.unpagedList.path, line: unpaged.unpagedList.line } } : { users };
}

/**
 * A view that pages with the class also renders its whole queryset unpaged on another path of its `list()`
 * (rotation set 14: a mixin that pages only when the request has `?page`): a page-size cap does not bound
 * that response, and the message says so.
 */
function unpagedNote(uses: PaginatorUses | undefined): { note?: string } {
  const u = uses?.unpaged;
  if (!u) return {};
  return { note: `A cap bounds only paged responses: ${codeSpan(`${u.definer}.list`)} (${u.path}:${u.line}), which ${codeSpan(u.view)} runs, serializes the whole queryset when it does not page, so that list stays unbounded whatever \`max_page_size\` says; page that path too.` };
}

/**
 * Info when every list that pages with the class is bounded (a client's huge `?page_size=` still returns a
 * bounded list), or, for a large default page, bounded, small or narrow: the reason names each list.
 */
function usersBound(uses: PaginatorUses | undefined, largePage: boolean, size?: number): { impact?: Impact } {
  if (!uses) return {};
  const bounded: string[] = [];
  const tables: string[] = [];
  const narrow: string[] = [];
  for (const u of uses.users) {
    if (u.bound) bounded.push(`${u.name}: ${u.bound}`);
    else if (largePage && u.narrow) narrow.push(`${u.name}: ${u.narrow}`);
    else if (largePage && u.table) tables.push(`${u.name} (${u.table})`);
    else return {};
  }
  const few = (items: string[]) => (items.length > 5 ? [...items.slice(0, 5), `${items.length - 5} more views`] : items).join(", ");
  const parts = [
    ...(tables.length > 0 ? [`${few(tables)} list tables nothing shows to hold more than ${size ?? "a page of"} rows`] : []),
    ...narrow,
    ...bounded,
  ];
  return { impact: { level: "low", reason: `every list that pages with it is ${largePage ? "small or bounded" : "bounded"}: ${parts.join("; ")}` } };
}

/** The class as a paginator when its bases (followed within the file) reach one of DRF's. */
function paginatorOf(ctx: RuleContext<Options>, cls: SyntaxNode, classes: Map<string, SyntaxNode>): Paginator | undefined {
  const attrs = new Map<string, SyntaxNode>();
  const owners = new Map<string, SyntaxNode>();
  const methods = new Set<string>();
  const seen = new Set<SyntaxNode>();
  let kind: string | undefined;
  let viaLocal = false;
  // A base from another module may set max_page_size / max_limit: then nothing is proven.
  let unknownBase = false;
  const visit = (c: SyntaxNode): void => {
    if (seen.has(c) || kind) return;
    seen.add(c);
    for (const stmt of c.childForFieldName("body")?.namedChildren ?? []) {
      const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
      if (def?.type === "function_definition") methods.add(def.childForFieldName("name")?.text ?? "");
      const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
      const left = assign?.type === "assignment" ? assign.childForFieldName("left") : undefined;
      const right = assign?.childForFieldName("right");
      if (left?.type === "identifier" && right && !attrs.has(left.text)) {
        attrs.set(left.text, right);
        owners.set(left.text, c);
      }
    }
    for (const b of classBases(c)) {
      const dotted = ctx.django.qualifiedName(b);
      if (dotted?.startsWith(PAGINATION)) {
        kind = dotted.slice(PAGINATION.length);
        viaLocal = c !== cls;
        return;
      }
      const local = b.type === "identifier" ? classes.get(b.text) : undefined;
      if (local) visit(local);
      else if (dotted !== "builtins.object" && b.text !== "object") unknownBase = true;
    }
  };
  visit(cls);
  return kind && !unknownBase ? { cls, kind, attrs, methods, owners, viaLocal } : undefined;
}
