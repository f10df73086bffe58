/**
 * DJP302 unpaginated-custom-list-response: a view method that serialises a whole queryset into its
 * response (`Response(S(qs, many=True).data)`, `JsonResponse(list(qs.values()), safe=False)`), which DRF
 * never paginates for custom endpoints (`@action`, `APIView.get`). Quiet when the method paginates
 * (`paginate_queryset`), the rows are sliced or pinned by primary key, or the queryset cannot be proven.
 * A related manager (`order.items.all()`: the rows of one parent) is reported at info.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { QuerySetInfo } from "../../src/analysis/django/types.js";
import { keywordArg, positionalArgs, unwrapParens } from "../../src/analysis/django/syntax.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { FILE_RENDERER } from "../../src/analysis/index/drf/renderers.js";
import { urlParentRows } from "../../src/analysis/django/parent-rows.js";

const RESPONSES = new Set(["rest_framework.response.Response", "django.http.JsonResponse", "django.http.response.JsonResponse"]);
/** Lookups that pin the rows to known keys: the list is as long as the caller's key list. */
const PINNED = /^(pk|id)(__in|__exact)?$/;
/** Views that return a view's own rows: `self.get_queryset()`, `self.filter_queryset(self.get_queryset())`, `self.queryset`. */
const VIEW_ROWS = /^self\.(filter_queryset\(\s*self\.get_queryset\(\)\s*\)|get_queryset\(\)|queryset)/;
const SAME_ROWS = /^\.(filter|exclude|order_by|distinct|select_related|prefetch_related|annotate|only|defer|all)\(/;

/** `perParent`: why the rows are few (one parent's, one user's), shown in the message at info. */
type Rows = { model: string; perParent?: string } | undefined;

export default defineRule({
  id: "DJP302",
  name: "unpaginated-custom-list-response",
  category: "drf",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  summary: "A custom view method serialises a whole queryset into one response (DRF paginates only the generic list action).",
  messages: {
    unpaginated:
      "This response serialises every {{model}} row the queryset matches: DRF paginates only the generic `list()` action, so this endpoint returns them all in one response and its query, serialization and payload grow with the data. Paginate it: `page = self.paginate_queryset(qs)` … `return self.get_paginated_response(serializer.data)` (or slice the queryset). Small by design? `# djperf: ignore[DJP302] <reason>`.",
  },
  check(ctx) {
    for (const call of ctx.django.nodesOfType("call")) {
      const fn = call.childForFieldName("function");
      if (!fn || !RESPONSES.has(ctx.django.qualifiedName(fn) ?? "")) continue;
      const context = ctx.django.contextOf(call);
      if (!context.request || !context.function || paginates(context.function) || isFileDownload(call, context.function)) continue;
      const payload = positionalArgs(call.childForFieldName("arguments"))[0] ?? keywordArg(call.childForFieldName("arguments"), "data");
      const rows = payload ? payloadRows(ctx, unwrapParens(payload), context.function) : undefined;
      if (!rows) continue;
      ctx.report({
        node: call,
        scope: context.function,
        subject: `${rows.model} response`,
        messageId: "unpaginated",
        data: { model: codeSpan(rows.model.slice(rows.model.lastIndexOf(".") + 1)) },
        ...(rows.perParent ? { impact: { level: "low" as const, reason: rows.perParent } } : {}),
      });
    }
  },
});

/** A file's content types: a spreadsheet or document download, never a page of an API list. */
const FILE_TYPES = /^["'](text\/csv|application\/(vnd\.|octet-stream|pdf|zip|x-zip))/;

/**
 * The response is a file download meant to hold every row (an export): it names an attachment
 * (`Content-Disposition: attachment`, in `headers=` or set on the response in the method), a file content
 * type (`content_type="text/csv"`), or the method is an `@action` rendered only by file renderers
 * (`renderer_classes=(OrdersCSVRenderer,)`). Pagination would cut the file, so it is not the remedy.
 */
function isFileDownload(call: SyntaxNode, fn: SyntaxNode): boolean {
  const args = call.childForFieldName("arguments");
  const type = keywordArg(args, "content_type");
  if (type && FILE_TYPES.test(type.text)) return true;
  const headers = keywordArg(args, "headers");
  if (headers && /Content-Disposition["']\s*:\s*[^,}]*attachment/i.test(headers.text)) return true;
  if (/\[\s*["']Content-Disposition["']\s*\]\s*=\s*[^\n]*attachment/i.test(fn.text)) return true;
  const decorated = fn.parent?.type === "decorated_definition" ? fn.parent : undefined;
  for (const decorator of decorated?.namedChildren.filter((d) => d.type === "decorator") ?? []) {
    const renderers = keywordArg(decorator.namedChildren[0]?.type === "call" ? decorator.namedChildren[0].childForFieldName("arguments") : null, "renderer_classes");
    const items = renderers && (renderers.type === "tuple" || renderers.type === "list") ? renderers.namedChildren : [];
    if (items.length > 0 && items.every((r) => FILE_RENDERER.test(r.text))) return true;
  }
  return false;
}

function paginates(fn: SyntaxNode): boolean {
  return /\b(paginate_queryset|get_paginated_response|Paginator)\b/.test(fn.text);
}

/** The rows a response payload serialises: `S(qs, many=True).data`, `{"results": ...}`, `list(qs.values())`. */
function payloadRows(ctx: RuleContext, payload: SyntaxNode, fn: SyntaxNode): Rows {
  if (payload.type === "dictionary") {
    for (const pair of payload.namedChildren) {
      const value = pair.type === "pair" ? pair.childForFieldName("value") : null;
      const rows = value ? payloadRows(ctx, unwrapParens(value), fn) : undefined;
      if (rows) return rows;
    }
    return undefined;
  }
  if (payload.type === "call") {
    // list(qs.values(...)) / list(qs.values_list(...))
    const callee = payload.childForFieldName("function");
    const inner = positionalArgs(payload.childForFieldName("arguments"))[0];
    if (callee?.type === "identifier" && callee.text === "list" && inner?.type === "call" && /\.values(_list)?$/.test(inner.childForFieldName("function")?.text ?? "")) return queryRows(ctx, inner, fn);
    return undefined;
  }
  if (payload.type !== "attribute" || payload.childForFieldName("attribute")?.text !== "data") return undefined;
  const serializer = serializerCall(payload.childForFieldName("object"), fn);
  if (!serializer) return undefined;
  const args = serializer.childForFieldName("arguments");
  if (keywordArg(args, "many")?.text !== "True") return undefined;
  const rowsArg = positionalArgs(args)[0] ?? keywordArg(args, "instance");
  return rowsArg ? queryRows(ctx, unwrapParens(rowsArg), fn) : undefined;
}

/** `S(...)` itself, or the call bound once to the name (`serializer = S(qs, many=True)`). */
function serializerCall(node: SyntaxNode | null, fn: SyntaxNode): SyntaxNode | undefined {
  if (!node) return undefined;
  if (node.type === "call") return /Serializer$/.test(node.childForFieldName("function")?.text ?? "") ? node : undefined;
  if (node.type !== "identifier") return undefined;
  const bound = assignmentsOf(fn, node.text);
  return bound.length === 1 ? serializerCall(bound[0] ?? null, fn) : undefined;
}

function assignmentsOf(fn: SyntaxNode, name: string): SyntaxNode[] {
  return fn.descendantsOfType("assignment").flatMap((a) => (a.childForFieldName("left")?.text === name && a.childForFieldName("right") ? [a.childForFieldName("right") as SyntaxNode] : []));
}

function queryRows(ctx: RuleContext, node: SyntaxNode, fn: SyntaxNode): Rows {
  if (node.type === "subscript") return undefined;
  const qs = ctx.django.querySetOf(node);
  if (!qs) return viewRows(ctx, node, fn);
  if (bounded(qs)) return undefined;
  const perParent = parentReason(ctx, qs, node);
  return { model: qs.model.qualifiedName, ...(perParent ? { perParent } : {}) };
}

/** Why the rows are one parent's: a related manager, a filter on a key to one object, or a key taken from the URL. */
function parentReason(ctx: RuleContext, qs: QuerySetInfo, node: SyntaxNode): string | undefined {
  const model = codeSpan(qs.model.name);
  if (qs.root === "related-manager") return `the rows are one object's related ${model} rows`;
  const url = urlParentRows(ctx.django, qs, node);
  if (url) return `the rows are the ${model} rows of one ${codeSpan(url.parent.name)} (\`${url.lookup}\` is taken from the URL)`;
  return filtersByParent(ctx, qs) ? `the rows are the ${model} rows of one parent object (a filter pins a key to it)` : undefined;
}

function bounded(qs: QuerySetInfo): boolean {
  if (qs.sliced) return true;
  return qs.calls.some((c) => {
    if (c.name === "none" || c.name === "get" || c.name === "first" || c.name === "last") return true;
    if (c.name !== "filter") return false;
    return c.args.namedChildren.some((a) => a.type === "keyword_argument" && PINNED.test(a.childForFieldName("name")?.text ?? ""));
  });
}

/**
 * `M.objects.filter(order=order)`: the rows of one parent object, like a related manager's. Also the id
 * column of a generic relation (`filter(object_id=form.id)`: the rows attached to one object), and a key
 * taken `__in` the rows of one parent's related manager (`filter(user__in=project.stars.values("pk"))`).
 */
function filtersByParent(ctx: RuleContext, qs: QuerySetInfo): boolean {
  const genericIds = new Set([...qs.model.fields.values()].filter((f) => f.kind === "generic-fk").map((f) => unquote(f.kwargs.fk_field) ?? "object_id"));
  return qs.calls.some(
    (c) =>
      c.name === "filter" &&
      c.args.namedChildren.some((a) => {
        const name = a.type === "keyword_argument" ? (a.childForFieldName("name")?.text ?? "") : "";
        const value = a.type === "keyword_argument" ? a.childForFieldName("value") : null;
        const bare = name.replace(/(_id|__id|__pk|__exact)$/, "");
        const field = qs.model.fields.get(bare);
        if ((field?.kind === "fk" || field?.kind === "o2o") && !/__/.test(name.replace(/__(id|pk|exact)$/, ""))) return true;
        if (genericIds.has(name.replace(/__exact$/, "")) && qs.model.fields.get(name.replace(/__exact$/, ""))?.kind === "concrete") return true;
        const inField = name.endsWith("__in") ? qs.model.fields.get(name.slice(0, -"__in".length)) : undefined;
        return (inField?.kind === "fk" || inField?.kind === "o2o") && value !== null && ctx.django.querySetOf(value)?.root === "related-manager";
      }),
  );
}

function unquote(text: string | undefined): string | undefined {
  return text === undefined ? undefined : /^["'](\w+)["']$/.exec(text)?.[1];
}

/** `self.get_queryset()` (plus same-row refinements) in a DRF view whose queryset the index resolved. */
function viewRows(ctx: RuleContext, node: SyntaxNode, fn: SyntaxNode): Rows {
  let text = node.text.replace(/\s+/g, "");
  if (node.type === "identifier") {
    const bound = assignmentsOf(fn, node.text);
    if (bound.length !== 1 || !bound[0]) return undefined;
    text = bound[0].text.replace(/\s+/g, "");
  }
  const head = VIEW_ROWS.exec(text);
  if (!head) return undefined;
  let rest = text.slice(head[0].length);
  while (rest.length > 0) {
    const step = SAME_ROWS.exec(rest);
    if (!step || /\b(pk|id)(__in)?=/.test(rest.split(")")[0] ?? "")) return undefined;
    rest = rest.slice(closingParen(rest, step[0].length - 1) + 1);
  }
  const cls = ctx.django.contextOf(fn).cls;
  const name = cls?.childForFieldName("name")?.text;
  const view = ctx.index.drf.viewsIn(ctx.file.path).find((v) => v.name === name && v.line === (cls?.startPosition.row ?? -1) + 1);
  if (!view || "unresolved" in view.queryset) return undefined;
  // The view's own rows are one user's or one URL parent's (its `get_queryset`, `filter_queryset` or filter backend says so).
  return { model: view.queryset.model, ...(view.bound?.kind === "parent" || (view.bound?.kind === "user" && !view.bound.session) ? { perParent: view.bound.reason } : {}) };
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return text.length;
}
