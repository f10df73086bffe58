/**
 * Does a view's `list()` override render the view's own rows with the view's own serializer, the way
 * DRF's `ListModelMixin.list` does? Projects override `list()` to add to the response (a sidecar
 * `prefetch` block, headers, extra keys) while keeping the rows and the serializer; for DJP306 such a
 * view walks exactly what its serializer walks over `get_queryset()`, so it is checked like any list.
 *
 * Proven on the tree, conservatively: the rows are `self.get_queryset()` passed only through
 * `self.filter_queryset` / `self.paginate_queryset` (and variables holding them), used only there, as
 * a `for` iterable, in `self.get_serializer(...)` or in a `None` test; the body instantiates no
 * serializer class by name and eager-loads nothing itself. Anything else is a custom list.
 */
import type { SyntaxNode } from "../../parser.js";

/** View methods that take and return the view's rows unchanged in model and eager loads. */
const ROW_PASSING = new Set(["self.filter_queryset", "self.paginate_queryset"]);

export function listRendersViewRows(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName("body");
  if (!body) return false;
  if (/\b(select_related|prefetch_related|Prefetch|objects)\b/.test(body.text)) return false;
  const nodes = descendants(body);
  const calls = nodes.filter((n) => n.type === "call");
  if (!calls.some((c) => calleeText(c) === "self.get_serializer")) return false;
  if (calls.some((c) => /(^|\.)\w*Serializer$/.test(calleeText(c)))) return false;
  const sources = calls.filter((c) => calleeText(c) === "self.get_queryset");
  if (sources.length === 0) return false;
  const rows = rowNames(nodes);
  if (!sources.every((s) => consumed(s, rows))) return false;
  return nodes.every((n) => n.type !== "identifier" || !rows.has(n.text) || isRowsUse(n));
}

/**
 * A `list()` override that pages on one path and serializes the unpaged rows on another: it calls
 * `self.paginate_queryset(...)`, and also `self.get_serializer(rows, many=True)` where `rows` is
 * `self.get_queryset()` / `self.filter_queryset(...)` (or a variable holding one) rather than a page
 * (rotation set 14: a mixin that pages only when the request has `?page`). The line of that call.
 */
export function listServesUnpaged(fn: SyntaxNode): number | undefined {
  const body = fn.childForFieldName("body");
  if (!body) return undefined;
  const nodes = descendants(body);
  const calls = nodes.filter((n) => n.type === "call");
  if (!calls.some((c) => calleeText(c) === "self.paginate_queryset")) return undefined;
  const whole = new Set<string>();
  const pages = new Set<string>();
  for (const a of nodes) {
    if (a.type !== "assignment" || a.childForFieldName("left")?.type !== "identifier") continue;
    const right = a.childForFieldName("right");
    const name = a.childForFieldName("left")?.text ?? "";
    const callee = right?.type === "call" ? calleeText(right) : "";
    if (callee === "self.get_queryset" || callee === "self.filter_queryset") whole.add(name);
    else pages.add(name);
  }
  for (const name of pages) whole.delete(name);
  for (const c of calls) {
    if (calleeText(c) !== "self.get_serializer") continue;
    const args = c.childForFieldName("arguments")?.namedChildren ?? [];
    const many = args.some((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "many" && a.childForFieldName("value")?.text === "True");
    const first = args[0];
    if (!many || !first || first.type === "keyword_argument") continue;
    const rows = first.type === "identifier" ? whole.has(first.text) : first.type === "call" && (calleeText(first) === "self.get_queryset" || calleeText(first) === "self.filter_queryset");
    if (rows) return c.startPosition.row + 1;
  }
  return undefined;
}

/** Names through which a `list()` body reaches the view's serializer. */
const SERIALIZER_ACCESS = new Set(["self.get_serializer", "self.get_serializer_class", "self.serializer_class"]);

/**
 * Does the `list()` override reach the view's serializer at all (`self.get_serializer(...)`,
 * `self.get_serializer_class()`, `self.serializer_class`, `super().list(...)`)? A list that answers
 * without it (`return Response([])`, a count) renders none of its rows with the serializer.
 */
export function listUsesViewSerializer(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName("body");
  if (!body) return true;
  return descendants(body).some((n) => {
    if (n.type === "attribute" && SERIALIZER_ACCESS.has(n.text.replace(/\s+/g, ""))) return true;
    if (n.type !== "call") return false;
    const callee = n.childForFieldName("function");
    const object = callee?.type === "attribute" ? callee.childForFieldName("object") : null;
    // `super().list(request)` / `super(View, self).list(...)`: DRF's own list.
    return callee?.childForFieldName("attribute")?.text === "list" && object?.type === "call" && object.childForFieldName("function")?.text === "super";
  });
}

function descendants(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode): void => {
    for (const child of n.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      out.push(child);
      visit(child);
    }
  };
  visit(node);
  return out;
}

function calleeText(call: SyntaxNode): string {
  return call.childForFieldName("function")?.text.replace(/\s+/g, "") ?? "";
}

/** `self.get_queryset()`, `self.filter_queryset(<rows>)`, `self.paginate_queryset(<rows>)` or a rows variable. */
function isRowsExpr(node: SyntaxNode, rows: ReadonlySet<string>): boolean {
  if (node.type === "identifier") return rows.has(node.text);
  if (node.type !== "call") return false;
  const callee = calleeText(node);
  const args = node.childForFieldName("arguments")?.namedChildren ?? [];
  if (callee === "self.get_queryset") return args.length === 0;
  return ROW_PASSING.has(callee) && args.length === 1 && args[0] !== undefined && isRowsExpr(args[0], rows);
}

/** Variables assigned a rows expression anywhere in the body (to a fixed point: `page = self.paginate_queryset(qs)`). */
function rowNames(nodes: readonly SyntaxNode[]): Set<string> {
  const rows = new Set<string>();
  const assigns = nodes.filter((n) => n.type === "assignment" && n.childForFieldName("left")?.type === "identifier");
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of assigns) {
      const name = a.childForFieldName("left")?.text ?? "";
      const right = a.childForFieldName("right");
      if (!rows.has(name) && right && isRowsExpr(right, rows)) {
        rows.add(name);
        changed = true;
      }
    }
  }
  // A rows variable also assigned something else may hold other rows: it is not the view's.
  for (const a of assigns) {
    const right = a.childForFieldName("right");
    if (right && !isRowsExpr(right, rows)) rows.delete(a.childForFieldName("left")?.text ?? "");
  }
  return rows;
}

/** A `self.get_queryset()` call that ends in a rows variable or in the serializer, through row-passing calls only. */
function consumed(call: SyntaxNode, rows: ReadonlySet<string>): boolean {
  let node = call;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (parent.type === "argument_list") continue;
    if (parent.type === "call" && ROW_PASSING.has(calleeText(parent))) continue;
    if (parent.type === "call") return calleeText(parent) === "self.get_serializer";
    if (parent.type === "assignment") return parent.childForFieldName("right")?.id === node.id && rows.has(parent.childForFieldName("left")?.text ?? "");
    return false;
  }
  return false;
}

/** How a rows variable may be used: assigned, passed on, iterated, serialized, or tested against None. */
function isRowsUse(id: SyntaxNode): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (parent.type === "assignment") return parent.childForFieldName("left")?.id === id.id || parent.childForFieldName("right")?.id === id.id;
  if (parent.type === "for_statement" || parent.type === "for_in_clause") return parent.childForFieldName("right")?.id === id.id;
  if (parent.type === "comparison_operator") return /\bis (not )?None$/.test(parent.text.replace(/\s+/g, " "));
  if (parent.type === "argument_list") {
    const call = parent.parent;
    const callee = call?.type === "call" ? calleeText(call) : "";
    return ROW_PASSING.has(callee) || callee === "self.get_serializer";
  }
  return false;
}
