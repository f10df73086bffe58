/**
 * DJP305 query-in-serializer-method: a `SerializerMethodField` method that runs a query for the
 * object it renders (`obj.items.count()`, `obj.items.filter(...)`, `Review.objects.filter(book=obj)`).
 * In a list response that is one query per row. Warn when the serializer renders lists (a list view's
 * `serializer_class`, or nested with `many=True`, itself or a subclass that inherits the method); info,
 * saying no list use is known, otherwise.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import type { SerializerInfo, ViewInfo } from "../../src/analysis/index/drf/types.js";
import type { QuerySetInfo } from "../../src/analysis/django/types.js";
import { classMember, classNodeAt, listPagination, listRenderers } from "../../src/analysis/django/drf-classes.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { removalScope } from "../../src/analysis/index/drf/removed-fields.js";
import { unwrapParens } from "../../src/analysis/django/syntax.js";
import type { ManyCall } from "../../src/analysis/index/many-calls.js";

/** Methods that always run a new query, prefetched or not. */
const REQUERY = new Set(["filter", "exclude", "order_by", "aggregate", "annotate", "values", "values_list", "get", "distinct", "latest", "earliest", "in_bulk", "select_related", "only", "defer"]);
/** Methods a prefetch_related of the relation answers from memory. */
const FROM_PREFETCH = new Set(["all", "count", "exists", "first", "last"]);

export default defineRule({
  id: "DJP305",
  name: "query-in-serializer-method",
  category: "drf",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "A SerializerMethodField method runs a query for each object it renders.",
  messages: {
    queryPerRow:
      "{{method}} runs {{call}} for every {{model}} the serializer renders{{usage}}: one query per row of a list response. {{advice}}{{note}}",
    // Only nested with many=True in serializers that no list renders: one object's children per response.
    queryPerNestedRow:
      "{{method}} runs {{call}} for every {{model}} the serializer renders{{usage}}: one query per nested row of each object rendered. {{advice}}{{note}}",
    // No list use is known: the serializer may only ever render one object per response.
    queryPerObject:
      "{{method}} runs {{call}} for every {{model}} the serializer renders. No list view or `many=True` field is known to render this serializer, so this may be one query per response; in a list it would be one per row. If a list renders it, compute it in the view's queryset instead (`.annotate(...)` for counts and sums, `prefetch_related(...)` for related rows) and read the annotated attribute here.{{note}}",
  },
  check(ctx) {
    for (const ser of ctx.index.drf.serializersIn(ctx.file.path)) {
      const methodFields = [...ser.declared.values()].filter((f) => f.kind === "method");
      if (methodFields.length === 0) continue;
      const cls = classNodeAt(ctx.file.tree.rootNode, ser.name, ser.line);
      if (!cls) continue;
      ctx.applies();
      for (const field of methodFields) {
        const fn = field.methodName ? classMember(cls, field.methodName) : undefined;
        if (fn?.type !== "function_definition" || !field.methodName) continue;
        const uses = listUses(ctx, ser, field.name, field.methodName);
        const removed = listRemoval(ctx, ser, field.name, uses);
        // Removed from every list response that renders it (or always): the method never runs per row.
        if (removed === "silent") continue;
        if (servesOneObject(ctx, ser, removed.uses)) continue;
        const usage = usageOf(removed.uses);
        const parents = onlyOneObjectParents(ctx, removed.uses);
        if (parents) {
          usage.nestedOnly = true;
          usage.low = `${parents} nests it with many=True and is itself rendered one object at a time (no list view, \`many=True\` call or many=True nesting renders it), so the rows are one object's children`;
          usage.advice = "Prefetch the relation on that object before rendering it (`prefetch_related_objects([obj], ...)`, or the queryset that fetched it) and read the prefetched rows here with `.all()`.";
        }
        const gate = contextGate(fn);
        // The method returns early unless the serializer's context holds a key that DRF's default context
        // (request, view, format) never does, and no list view that renders it adds context of its own.
        if (gate && usage.list && !usage.low && removed.uses.views.every((v) => !v.methods.has("get_serializer_context"))) {
          usage.low = `the method returns before the query unless the serializer's context holds ${codeSpan(gate)}, which DRF's default context (request, view, format) never does and no list view that renders it adds`;
        }
        checkMethod(ctx, ser, fn, usage, removed.partial);
      }
    }
  },
});

/** View methods that never render a list: DRF's hooks for the object, permissions and saves. */
const ONE_OBJECT_HOOKS = new Set([
  "get_queryset", "get_object", "get_serializer_class", "get_serializer_context", "get_permissions", "get_authenticators",
  "get_throttles", "get_parsers", "get_renderers", "perform_create", "perform_update", "perform_destroy",
]);

/**
 * No list renders the method, and none can: the serializer (and each subclass that renders the method)
 * is named only as `serializer_class = X` of views (routes.ts; no call, nested field, string or
 * `get_serializer_class` return), and every view that names it has no list action and no method
 * besides DRF's hooks for one object (rotation set 11: a prisoner-balance serializer of a retrieve-only
 * viewset). The query runs once per response, for the object the URL names: nothing to report.
 */
function servesOneObject(ctx: RuleContext, ser: SerializerInfo, uses: ListUses): boolean {
  if (uses.views.length > 0 || uses.nested.length > 0 || uses.calls.length > 0) return false;
  const renders = [ser.qn, ...uses.renders].map((qn) => ctx.index.drf.serializers.get(qn));
  if (!renders.every((s) => s?.onlyViewsRender === true)) return false;
  const qns = new Set(renders.map((s) => s?.qn));
  const names = new Set(renders.map((s) => s?.name));
  const naming = [...ctx.index.drf.views.values()].filter((v) => {
    if (!("unresolved" in v.serializer)) return qns.has(v.serializer.qn);
    const attr = v.attrs.get("serializer_class")?.value.text ?? "";
    return (v.serializer.candidates ?? []).some((qn) => qns.has(qn)) || names.has(attr.slice(attr.lastIndexOf(".") + 1));
  });
  return naming.length > 0 && naming.every((v) => !v.listCapable && [...v.methods].every((m) => ONE_OBJECT_HOOKS.has(m)));
}

/** `low`: only `many=True` calls render it, and nothing shows they render many rows (the clause says why). */
type Usage = { list: string | undefined; low?: string; prefetched: (relation: string) => boolean | undefined; advice: string; nestedOnly?: boolean };

/**
 * The serializer's only list uses are `many=True` nestings in serializers that nothing renders per row (no
 * list view, no `S(rows, many=True)` call, no many=True nesting of the parent, reached through many=False
 * nestings too): each response renders one parent object and its children (rotation set 14: a changelog
 * serializer built for one experiment in a function). The parents' names, or undefined.
 */
function onlyOneObjectParents(ctx: RuleContext, uses: ListUses): string | undefined {
  if (uses.views.length > 0 || uses.calls.length > 0 || uses.nested.length === 0) return undefined;
  for (const parent of uses.nested) {
    const users = listRenderers(ctx.index, new Set([parent.qn]));
    if (users.views.length > 0 || users.nested.length > 0) return undefined;
    if ([...users.renders].some((qn) => (ctx.index.drf.serializers.get(qn)?.manyCalls ?? []).length > 0)) return undefined;
  }
  return uses.nested.map((p) => codeSpan(p.name)).join(", ");
}

const QUERYSET_ADVICE = "Compute it in the view's queryset instead (`.annotate(...)` for counts and sums, `prefetch_related(...)` for related rows) and read the annotated attribute here.";

/**
 * The advice for the lists that render the method: the usual one, unless every list view's rows come
 * from a combined queryset (Django refuses `prefetch_related()` and `annotate()` after `union()`) or
 * from raw SQL / a plain class (no QuerySet to annotate) and nothing else renders it (rotation set 13).
 */
function adviceFor(views: readonly ViewInfo[], nested: number, calls: number): string {
  const sources = views.map((v) => v.rowSource);
  if (views.length === 0 || nested > 0 || calls > 0 || sources.some((r) => r === undefined)) return QUERYSET_ADVICE;
  const first = sources[0]!;
  if (sources.every((r) => r?.kind === "combined")) {
    return `The list's queryset is combined with ${codeSpan(first.name)}, after which Django refuses \`prefetch_related()\` and \`annotate()\` (NotSupportedError): set \`prefetch_related(...)\` on the first queryset before ${codeSpan(first.name)} (the combined queryset keeps its prefetches) and read the prefetched rows here with \`.all()\`, or annotate every queryset of the ${codeSpan(first.name)} alike.`;
  }
  if (sources.every((r) => r?.kind === "raw")) {
    return `The list's rows come from ${codeSpan(first.name)}, not a QuerySet, so there is nothing to \`annotate()\` or \`prefetch_related()\`: join the value in the SQL, or load what the method looks up once per request (a dict in the serializer context) and read it here.`;
  }
  return QUERYSET_ADVICE;
}
/**
 * The list views, nested `many=True` fields and `S(rows, many=True)` calls that render the serializer's
 * method, and the serializers (it or subclasses) they render it with.
 */
type ListUses = { views: ViewInfo[]; direct?: number; directNested?: number; nested: SerializerInfo[]; calls: (ManyCall & { serializer: string })[]; renders: ReadonlySet<string>; indirect?: boolean };

/**
 * Who renders the method in lists: list views and nested `many=True` fields whose serializer is this one
 * or a subclass that keeps the field and inherits the method (rotation set 8: a comments serializer's
 * subclass per parent type is the one a list view names).
 */
function listUses(ctx: RuleContext, ser: SerializerInfo, field: string, method: string): ListUses {
  const renders = new Set<string>();
  for (const s of ctx.index.drf.serializers.values()) {
    if (s.qn === ser.qn || (s.methodDefiners.get(method) === ser.qn && s.declared.get(field)?.methodName === method && rendersField(s, field))) renders.add(s.qn);
  }
  // A view whose `list()` answers without its serializer (`return Response([])`) renders it only for one object.
  const calls = [...renders].flatMap((qn) => (ctx.index.drf.serializers.get(qn)?.manyCalls ?? []).map((c) => ({ ...c, serializer: qn })));
  return { ...listRenderers(ctx.index, renders), calls };
}

/** A declared field the serializer outputs: a subclass's own `Meta.fields` may leave out what its base declares. */
function rendersField(ser: SerializerInfo, field: string): boolean {
  if (ser.fields === undefined) return true;
  return ser.fields === "__all__" ? !ser.exclude.includes(field) : ser.fields.includes(field);
}

/** Whether a list renders the serializer, and whether those lists prefetch a relation (undefined: not known). */
function usageOf({ views, direct, directNested, nested, calls }: ListUses): Usage {
  // A call that renders a page of rows (not the requesting user's) is a list as a view's is.
  const paged = calls.find((c) => c.page && !c.user);
  const call = paged ?? calls[0];
  const where = call ? ` (rendered with many=True in ${codeSpan(call.fn)}, ${call.path}:${call.line})` : undefined;
  // A view that lists a serializer nesting this one is named after a direct nesting with many=True.
  const view = direct === 0 && nested[0] ? undefined : views[0];
  const list = view ? ` (listed by ${codeSpan(view.name)})` : nested[0] ? ` (nested with many=True in ${codeSpan(nested[0].name)})` : where;
  const low = views.length > 0 || nested.length > 0 || paged || !call ? undefined : call.user ? "the rows it is handed are the requesting user's" : "nothing shows how many rows the call renders";
  const own = views.slice(0, direct ?? views.length);
  return {
    list,
    advice: adviceFor(own, directNested ?? nested.length, calls.length),
    ...(low ? { low } : {}),
    prefetched(relation) {
      // Read over the lists that render this serializer itself: one found through a serializer that nests
      // it once per row lists another model's rows, whose eager loads are not this relation's.
      const own = views.slice(0, direct ?? views.length);
      const resolved = own.flatMap((v) => ("unresolved" in v.queryset ? [] : [v.queryset.loads]));
      if (resolved.length === 0 || resolved.length !== own.length || (directNested ?? nested.length) > 0 || calls.length > 0) return undefined;
      return resolved.every((l) => l.loads.some((p) => p === relation || p.startsWith(`${relation}__`)) || l.opaque.includes(relation));
    },
  };
}

/**
 * How `get_fields()` / `__init__` removals of the field shape list responses: `silent` when every list
 * use drops it, else the uses that keep it, and the guarding condition when only some lists drop it
 * (reported at info, naming it). A removal when the serializer is handed its rows misses nested
 * `many=True` fields; one when it is handed a QuerySet also misses paged lists (a page is a list).
 * Each use is judged by the removals of the serializer it renders with: a subclass a list view names
 * may drop the field its base declares (rotation set 10: a hearing list serializer that pops `sections`).
 */
function listRemoval(ctx: RuleContext, ser: SerializerInfo, field: string, uses: ListUses): "silent" | { uses: ListUses; partial?: { condition: string } } {
  const own = scopesOf(ser, field);
  if (own.some((s) => s.scope === "always" || s.scope === "lists")) return "silent";
  const ownPartial = own.find((s) => s.scope === "some-lists");
  if (uses.views.length === 0 && uses.nested.length === 0 && uses.calls.length === 0) return ownPartial ? { uses, partial: { condition: ownPartial.when.join(" and ") } } : { uses };
  const keptByView = (v: ViewInfo): boolean => {
    const sites = "unresolved" in v.serializer ? own : scopesOf(ctx.index.drf.serializers.get(v.serializer.qn) ?? ser, field);
    if (sites.some((s) => s.scope === "always" || s.scope === "lists" || s.scope === "given-lists")) return false;
    return !(sites.some((s) => s.scope === "queryset-lists") && listPagination(ctx.index, v) === "unpaged");
  };
  // A nested `many=True` field keeps the method unless the nested serializer drops the field in every list.
  const keptByNesting = (s: string): boolean => !scopesOf(ctx.index.drf.serializers.get(s) ?? ser, field).some((r) => r.scope === "always" || r.scope === "lists");
  const nestedFields = (p: SerializerInfo) => [...p.declared.values()].flatMap((f) => (f.kind === "nested" && f.many && f.serializer !== undefined && uses.renders.has(f.serializer) ? [f.serializer] : []));
  // A call hands the serializer its rows: a removal for given rows (or always, or in every list) holds there.
  const keptByCall = (c: ManyCall & { serializer: string }): boolean => !scopesOf(ctx.index.drf.serializers.get(c.serializer) ?? ser, field).some((r) => r.scope === "always" || r.scope === "lists" || r.scope === "given-lists");
  const directViews = new Set(uses.views.slice(0, uses.direct ?? uses.views.length));
  const keptViews = uses.views.filter(keptByView);
  const directNested = new Set(uses.nested.slice(0, uses.directNested ?? uses.nested.length));
  const keptNested = uses.nested.filter((p) => nestedFields(p).some(keptByNesting));
  const kept: ListUses = {
    views: keptViews,
    direct: keptViews.filter((v) => directViews.has(v)).length,
    directNested: keptNested.filter((p) => directNested.has(p)).length,
    nested: keptNested,
    calls: uses.calls.filter(keptByCall),
    renders: uses.renders,
    ...(uses.indirect ? { indirect: true } : {}),
  };
  if (kept.views.length === 0 && kept.nested.length === 0 && kept.calls.length === 0) return "silent";
  const renderers = [...kept.views.flatMap((v) => ("unresolved" in v.serializer ? [] : [v.serializer.qn])), ...kept.nested.flatMap(nestedFields)];
  const partial = [ser, ...renderers.map((qn) => ctx.index.drf.serializers.get(qn) ?? ser)].flatMap((s) => scopesOf(s, field)).find((s) => s.scope === "some-lists");
  return partial ? { uses: kept, partial: { condition: partial.when.join(" and ") } } : { uses: kept };
}

function scopesOf(ser: SerializerInfo, field: string): { when: string[]; scope: ReturnType<typeof removalScope> }[] {
  return (ser.removedFields.get(field) ?? []).map((when) => ({ when, scope: removalScope(when) }));
}

function checkMethod(ctx: RuleContext, ser: SerializerInfo, fn: SyntaxNode, usage: Usage, removed: { condition: string } | undefined): void {
  for (const call of outermostQueryCalls(fn)) {
    const receiver = call.childForFieldName("function")?.childForFieldName("object");
    const qs = receiver ? ctx.django.querySetOf(call) ?? ctx.django.querySetOf(receiver) : undefined;
    if (!qs || !runsQuery(qs, call, usage)) continue;
    const name = fn.childForFieldName("name")?.text ?? "";
    ctx.report({
      node: call,
      scope: fn,
      messageId: usage.nestedOnly ? "queryPerNestedRow" : usage.list ? "queryPerRow" : "queryPerObject",
      data: {
        method: codeSpan(`${ser.name}.${name}`),
        call: codeSpan(shortText(call.text)),
        model: codeSpan(ctx.index.models.get(ser.model ?? "")?.name ?? "object"),
        usage: usage.list ?? "",
        advice: usage.advice,
        note: removed
          ? ` Reported at info: the serializer drops the field from list responses when ${codeSpan(shortText(removed.condition))}.`
          : usage.list && usage.low ? ` Reported at info: ${usage.low}.` : "",
      },
      ...(usage.list && !removed && !usage.low ? {} : { level: "info" as const }),
      subject: `${ser.qn}.${name}:${qs.model.qualifiedName}`,
      model: qs.model.qualifiedName,
    });
    return; // one finding per method
  }
}

function runsQuery(qs: QuerySetInfo, call: SyntaxNode, usage: Usage): boolean {
  const method = call.childForFieldName("function")?.childForFieldName("attribute")?.text ?? "";
  const names = [...qs.calls.map((c) => c.name), method];
  // `.none()` is an EmptyQuerySet: iterating, counting or testing it never reaches the database.
  if (names.includes("none")) return false;
  if (qs.root === "manager") return true;
  if (qs.root !== "related-manager" || qs.via?.instance.source !== "serializer-obj") return false;
  if (names.some((n) => REQUERY.has(n))) return true;
  if (!names.every((n) => FROM_PREFETCH.has(n))) return false;
  // all()/count()/exists() are free when every list prefetches the relation; unknown lists stay silent.
  const prefetched = usage.prefetched(qs.via.relation.kind === "reverse" ? qs.via.relation.relation.accessor : relationName(qs));
  return prefetched === false;
}

function relationName(qs: QuerySetInfo): string {
  const rel = qs.via?.relation;
  return rel && "field" in rel ? rel.field.name : "";
}

/**
 * Calls `x.m(...)` in the method body (not nested functions) that are not themselves the receiver of
 * another call. Calls in an `except` clause are left out: they run when the `try` failed, typically
 * the fallback for an object the view did not annotate (`try: return obj.n_items except
 * AttributeError: return obj.items.count()`), not once per row of the list.
 */
function outermostQueryCalls(fn: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda" || child.type === "except_clause") continue;
      if (child.type === "call" && child.childForFieldName("function")?.type === "attribute" && !isReceiverOfCall(child)) out.push(child);
      visit(child);
    }
  };
  const body = fn.childForFieldName("body") ?? fn;
  visit(body);
  // After `if request.method != "PATCH": return None` the method runs only for a write, which renders
  // one object: never for the rows of a list (a GET).
  const guard = body.namedChildren.find(writeOnlyGuard);
  return guard ? out.filter((call) => call.startIndex < guard.endIndex) : out;
}

/** Keys DRF's generic views put in every serializer's context. */
const DEFAULT_CONTEXT = new Set(["request", "view", "format"]);

/**
 * `if not self.context.get("key"): return ...` (or `"key" not in self.context`, `not self.context["key"]`)
 * as the first statement of the body, with no `else`: what follows runs only when a caller opted in by
 * putting the key in the context (rotation set 13: an audit trail only a detail view asks for). The key.
 */
function contextGate(fn: SyntaxNode): string | undefined {
  // The first statement, past comments and a docstring.
  const stmt = fn.childForFieldName("body")?.namedChildren.find((c) => c.type !== "comment" && !(c.type === "expression_statement" && c.namedChildren[0]?.type === "string"));
  if (stmt?.type !== "if_statement" || stmt.childForFieldName("alternative") || stmt.childForFieldName("consequence")?.namedChildren.at(-1)?.type !== "return_statement") return undefined;
  const text = (stmt.childForFieldName("condition")?.text ?? "").replace(/\s+/g, " ");
  const m = /^not self\.context(?:\.get\(\s*["'](\w+)["']\s*(?:,\s*(?:False|None)\s*)?\)|\[\s*["'](\w+)["']\s*\])$/.exec(text) ?? /^["'](\w+)["'] not in self\.context$/.exec(text);
  const key = m ? (m[1] ?? m[2]) : undefined;
  return key !== undefined && !DEFAULT_CONTEXT.has(key) ? key : undefined;
}

/** Request methods a list response can answer. */
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * `if request is None or request.method != "PATCH": return ...` at the top of the body (no `else`, the
 * branch ends with a return): what follows runs only for the named methods, none of them a read.
 */
function writeOnlyGuard(stmt: SyntaxNode): boolean {
  if (stmt.type !== "if_statement" || stmt.childForFieldName("alternative")) return false;
  const last = stmt.childForFieldName("consequence")?.namedChildren.at(-1);
  if (last?.type !== "return_statement") return false;
  const disjuncts: SyntaxNode[] = [];
  const split = (n: SyntaxNode): void => {
    const node = unwrapParens(n);
    if (node.type === "boolean_operator" && node.childForFieldName("operator")?.text === "or") {
      for (const side of [node.childForFieldName("left"), node.childForFieldName("right")]) if (side) split(side);
    } else disjuncts.push(node);
  };
  const condition = stmt.childForFieldName("condition");
  if (condition) split(condition);
  return disjuncts.some((d) => {
    if (d.type !== "comparison_operator" || d.namedChildren.length !== 2) return false;
    const [left, right] = d.namedChildren;
    const op = d.children.filter((c) => !c.isNamed).map((c) => c.text).join(" ");
    if (left?.type !== "attribute" || left.childForFieldName("attribute")?.text !== "method" || !right) return false;
    const named = right.type === "string" ? [right] : right.type === "tuple" || right.type === "list" || right.type === "set" ? right.namedChildren : [];
    const methods = named.map((m) => /^["']([A-Z]+)["']$/.exec(m.text)?.[1]);
    if (methods.length === 0 || methods.some((m) => m === undefined || READ_METHODS.has(m))) return false;
    return (op === "!=" && right.type === "string") || (op === "not in" && right.type !== "string");
  });
}

function isReceiverOfCall(call: SyntaxNode): boolean {
  const parent = call.parent;
  return parent?.type === "attribute" && parent.childForFieldName("object")?.id === call.id && parent.parent?.type === "call";
}

function shortText(text: string): string {
  const one = text.replace(/\s+/g, " ");
  return one.length > 70 ? `${one.slice(0, 67)}...` : one;
}
