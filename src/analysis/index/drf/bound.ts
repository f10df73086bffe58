/**
 * Whether a view's `get_queryset()` lists only one user's rows or one parent's rows (the list rules'
 * materiality, issue 9): every `return` must be bounded, by a filter keyword whose value is
 * `request.user` itself (`filter(owner=self.request.user)`; not `filter(org=self.request.user.org)`, an
 * organisation's rows, which may be thousands: rotation set 14) or the URL
 * (`filter(project=self.kwargs["project_pk"])`, or a parent object fetched with it, or `self.category` when
 * the view's `category` property reads `self.kwargs`: `BodyBound.via`, checked per view), by a related manager
 * of the user (`self.request.user.projects.all()`), or by `.none()`. A return that ORs in other rows
 * (`Q(owner=user) | Q(public=True)`) or skips the filter (`if user.is_staff: return Model.objects.all()`)
 * makes the whole method unbounded.
 */
import type { SyntaxNode } from "../../parser.js";
import { localAssignments } from "../returned-chains.js";
import { hasSliceStop, unwrapParens } from "../../django/syntax.js";

export type Bound = "user" | "parent" | "slice";

/** A body's bound, and the attributes of `self` it relies on (each must be a view property that reads the URL). */
export interface BodyBound {
  bound: Bound;
  via?: string[];
  /**
   * For a "parent" or "user" bound: the filter lookups that pin the rows to the URL's object or to who asks, as written
   * (`project`, `case__id`), when every return is pinned by such a keyword (DJP306 resolves the parent model).
   */
  lookups?: string[];
  /**
   * For a "user" bound: filter keywords that reach the user through a relation first (`customer__user`,
   * `series__owner`); the DRF index keeps the bound only when every hop before the user is one-to-one.
   */
  userLookups?: string[];
  /** The user bound is a value the request's session holds (a committee the user picked), not the user: a tenant's rows. */
  session?: boolean;
}

const FILTERS = new Set(["filter", "get", "filter_by_user", "for_user"]);
const MAX_FOLLOW = 4;
/** Methods that fetch the object a view's URL names (DRF's `get_object`, nested views' `get_parent_object`). */
const URL_OBJECT_GETTERS: ReadonlySet<string> = new Set(["self.get_parent_object", "self.get_object"]);

export function boundOfBody(fn: SyntaxNode): BodyBound | undefined {
  const body = fn.childForFieldName("body");
  if (!body) return undefined;
  const walk: Walk = { assigns: localAssignments(body), ors: new Map(), followed: new Set(), via: new Set(), lookups: new Set(), userLookups: new Set(), session: false };
  const kinds = new Set<Bound>();
  let returns = 0;
  const visit = (node: SyntaxNode): boolean => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      if (child.type === "return_statement") {
        returns++;
        const value = child.namedChildren[0];
        walk.followed.clear();
        const kind = value ? (slicedResult(value) ?? boundIn(value, walk, 0)) : undefined;
        if (!kind) return false;
        kinds.add(kind);
      } else if (child.type === "if_statement" && notTheList(child)) {
        // `if self.action != "list": return qs`: what a detail action gets bounds nothing of the list.
        if (!visit(child.childForFieldName("condition")!)) return false;
        for (const alt of child.childrenForFieldName("alternative")) if (!visit(alt)) return false;
      } else if (!visit(child)) return false;
    }
    return true;
  };
  if (!visit(body) || returns === 0) return undefined;
  const bound = kinds.has("parent") ? "parent" : kinds.has("user") ? "user" : "slice";
  const lookups = bound !== "slice" && walk.lookups.size > 0 ? { lookups: [...walk.lookups] } : {};
  const userLookups = bound === "user" && walk.userLookups.size > 0 ? { userLookups: [...walk.userLookups] } : {};
  const session = bound === "user" && walk.session ? { session: true } : {};
  return walk.via.size > 0 ? { bound, via: [...walk.via], ...lookups, ...userLookups, ...session } : { bound, ...lookups, ...userLookups, ...session };
}

/**
 * One method's walk. `ors` remembers per node whether its subtree ORs in rows, so every node is looked at
 * once however often the walk passes it; `followed` holds the names already followed for one return
 * (`qs = qs.filter(...)` reassigned ten times would otherwise be followed 10^depth times).
 */
interface Walk {
  assigns: Map<string, SyntaxNode[]>;
  ors: Map<number, boolean>;
  followed: Set<string>;
  /** `self.<name>` filter values taken as the URL's parent object (BodyBound.via). */
  via: Set<string>;
  /** The keywords that bound a return to the URL's object (BodyBound.lookups). */
  lookups: Set<string>;
  /** User keywords that walk a relation first (BodyBound.userLookups). */
  userLookups: Set<string>;
  /** A user keyword read the request's session rather than the user (BodyBound.session). */
  session: boolean;
}

/** The bound an expression carries: a bounding filter or root anywhere in it or in what its names were assigned. */
function boundIn(node: SyntaxNode, walk: Walk, depth: number): Bound | undefined {
  if (depth > MAX_FOLLOW) return undefined;
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.text === "|") return undefined;
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    if (name === "none") return "user";
    if (name && FILTERS.has(name)) {
      // Each keyword on its own: one that reads the URL's object or the user directly bounds the rows,
      // whatever another reads through `self.<attr>` (awx's generic sub-lists filter
      // `content_type=<from self.parent_model>, object_id=po.pk`: the second keyword is the bound).
      let throughSelf: { kind: Bound; via: Set<string>; lookup: string } | undefined;
      for (const arg of node.childForFieldName("arguments")?.namedChildren ?? []) {
        const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : undefined;
        const via = new Set<string>();
        const lookup = arg.childForFieldName("name")?.text ?? "";
        const read = value ? source(value, walk.assigns, depth, via) : undefined;
        // One user's rows only when the rows point at the user directly: a key to the user (`owner=user`,
        // `owner_id=user.id`), not what the user leads to (`domain=user.enforcer.domain`: a city's rows) nor
        // rows two relations away (`series__owner=user`: every permit of every series an operator account
        // uploaded). Rotation set 14: parkkihubi's enforcement and operator lists, thousands of rows each.
        const itself = value !== null && value !== undefined && userItself(value, walk.assigns);
        const fromSession = !itself && value !== null && value !== undefined && sessionValue(value, walk.assigns);
        const kind = read === "user" && !itself && !fromSession ? undefined : read;
        if (kind === "user" && fromSession) walk.session = true;
        if (kind === "user" && lookup.replace(/__(id|pk|exact|in)$/, "").includes("__")) walk.userLookups.add(lookup);
        if (kind && via.size === 0) return noteLookup(walk, kind, lookup);
        if (kind) throughSelf ??= { kind, via, lookup };
      }
      if (throughSelf) {
        for (const v of throughSelf.via) walk.via.add(v);
        return noteLookup(walk, throughSelf.kind, throughSelf.lookup);
      }
    }
    // `self.request.user.projects.all()`: the rows of a related manager of the user.
    const object = fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
    if (object?.type === "attribute" && isUser(object.childForFieldName("object"))) return "user";
  }
  // A name returned (`return qs`) is bounded when every assignment that starts afresh is (one that refines
  // the name itself, `qs = qs.filter(...)`, keeps the bound it had; `.none()` holds no rows), as long as
  // none of them ORs in other rows (rotation set 8: `qs = Entry.objects.filter(space=...)` with a
  // `qs = qs.none()` branch is not one user's rows).
  if (node.type === "identifier") {
    if (walk.followed.has(node.text)) return undefined;
    walk.followed.add(node.text);
    const values = walk.assigns.get(node.text) ?? [];
    if (values.some((v) => hasOr(v, walk.ors))) return undefined;
    const fresh = values.filter((v) => !refinesName(v, node.text));
    const kinds = fresh.map((v) => (isNoneCall(v) ? "none" : boundIn(v, walk, depth + 1)));
    if (kinds.length === 0 || kinds.some((k) => k === undefined)) return undefined;
    const bounds = kinds.filter((k): k is Bound => k !== "none");
    return bounds.find((k) => k === "parent") ?? bounds.find((k) => k === "user") ?? bounds[0] ?? "user";
  }
  if (hasOr(node, walk.ors)) return undefined;
  // Only the rows' own chain bounds them: a filter inside `prefetch_related(Prefetch(..., queryset=...))`
  // or an annotation's subquery picks related rows or values, not the rows listed (rotation set 8).
  const receiver = node.type === "call" ? ownRowsOnly(node) : undefined;
  for (const child of receiver ? [receiver] : node.namedChildren) {
    if (child.type === "lambda") continue;
    const kind = boundIn(child, walk, depth);
    if (kind) return kind;
  }
  return undefined;
}

/** Records the keyword that bound a return to the URL's object or to who asks. */
function noteLookup(walk: Walk, kind: Bound, lookup: string): Bound {
  if (kind !== "slice") walk.lookups.add(lookup);
  return kind;
}

/** QuerySet methods whose arguments never narrow the rows: eager loads, annotations, ordering, columns. */
const NOT_NARROWING = new Set(["prefetch_related", "select_related", "annotate", "alias", "order_by", "only", "defer", "values", "values_list", "distinct", "using"]);

/** For `qs.prefetch_related(...)` / `qs.annotate(...)`: the receiver `qs`, the only part that can bound the rows. */
function ownRowsOnly(call: SyntaxNode): SyntaxNode | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "attribute" || !NOT_NARROWING.has(fn.childForFieldName("attribute")?.text ?? "")) return undefined;
  return fn.childForFieldName("object") ?? undefined;
}

/** `x.none()`: an empty QuerySet. */
function isNoneCall(node: SyntaxNode): boolean {
  const fn = unwrapParens(node).childForFieldName("function");
  return unwrapParens(node).type === "call" && fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "none";
}

/** `qs.filter(...)` assigned to `qs`: the chain starts at the name itself. */
function refinesName(value: SyntaxNode, name: string): boolean {
  let node: SyntaxNode | null = unwrapParens(value);
  while (node?.type === "call" || node?.type === "attribute" || node?.type === "subscript") {
    node = node.type === "call" ? node.childForFieldName("function") : node.type === "attribute" ? node.childForFieldName("object") : node.childForFieldName("value");
  }
  return node?.type === "identifier" && node.text === name;
}

/** What a filter value reads: the user (`request.user…`) or the URL (`self.kwargs…`, or a name assigned from it). */
function source(value: SyntaxNode, assigns: Map<string, SyntaxNode[]>, depth: number, via: Set<string>, seen: Set<string> = new Set()): Bound | undefined {
  let found: Bound | undefined;
  const visit = (n: SyntaxNode): void => {
    if (found) return;
    if (isUser(n)) found = "user";
    // `self.kwargs`, or a filter backend's `view.kwargs` (`filter_queryset(self, request, queryset, view)`).
    else if (n.type === "attribute" && /^(self|view)\.kwargs$/.test(n.text.replace(/\s/g, ""))) found = "parent";
    // The parent (or the object) the view looks up from its URL: `po = self.get_parent_object()`.
    else if (n.type === "call" && URL_OBJECT_GETTERS.has(n.childForFieldName("function")?.text.replace(/\s/g, "") ?? "")) found = "parent";
    // `self.category`: the URL's parent object if the view's `category` property reads `self.kwargs`.
    else if (selfAttribute(n)) {
      via.add(selfAttribute(n) ?? "");
      found = "parent";
    }
    else if (n.type === "identifier" && depth < MAX_FOLLOW && !seen.has(n.text) && (n.parent?.type !== "attribute" || n.parent.childForFieldName("object")?.id === n.id)) {
      // Each name once: a name reassigned from itself would otherwise be followed 10^depth times.
      seen.add(n.text);
      for (const v of assigns.get(n.text) ?? []) {
        const kind = source(v, assigns, depth + 1, via, seen);
        if (kind) found = kind;
      }
    } else for (const c of n.namedChildren) visit(c);
  };
  visit(value);
  return found;
}

/**
 * The filter value is the requesting user (`request.user`, `.id` / `.pk` of it, or a name assigned one of
 * those), not an object the user leads to (`request.user.enforcer.enforced_domain`: a city's rows).
 */
function userItself(value: SyntaxNode, assigns: Map<string, SyntaxNode[]>, seen: Set<string> = new Set()): boolean {
  const v = unwrapParens(value);
  if (isUser(v)) return true;
  if (v.type === "attribute" && /^(id|pk)$/.test(v.childForFieldName("attribute")?.text ?? "") && isUser(v.childForFieldName("object"))) return true;
  if (v.type === "identifier" && !seen.has(v.text)) {
    seen.add(v.text);
    const values = assigns.get(v.text) ?? [];
    return values.length > 0 && values.every((a) => userItself(a, assigns, seen));
  }
  return false;
}

/** What the request's session holds (`request.session["committee"]`, `.get("committee")`), directly or through a local name. */
function sessionValue(value: SyntaxNode, assigns: Map<string, SyntaxNode[]>, seen: Set<string> = new Set()): boolean {
  const v = unwrapParens(value);
  const isSession = (n: SyntaxNode | null | undefined): boolean => n?.type === "attribute" && /^(self\.)?request\.session$/.test(n.text.replace(/\s/g, ""));
  if (v.type === "subscript" && isSession(v.childForFieldName("value"))) return true;
  if (v.type === "call") {
    const fn = v.childForFieldName("function");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "get" && isSession(fn.childForFieldName("object"))) return true;
  }
  if (v.type === "identifier" && !seen.has(v.text)) {
    seen.add(v.text);
    const values = assigns.get(v.text) ?? [];
    return values.length > 0 && values.every((a) => sessionValue(a, assigns, seen));
  }
  return false;
}

/** Attributes of a view that are not objects it looks up itself. */
const NOT_LOOKUPS = new Set(["request", "kwargs", "args", "action", "format_kwarg"]);

/** `name` for `self.name` (one attribute of `self`, not the request or the URL's raw arguments). */
function selfAttribute(node: SyntaxNode): string | undefined {
  if (node.type !== "attribute" || node.childForFieldName("object")?.text !== "self") return undefined;
  const name = node.childForFieldName("attribute")?.text;
  return name && !NOT_LOOKUPS.has(name) ? name : undefined;
}

/**
 * The returned value itself is cut: `return qs[:limit]` / `return (qs...)[: settings.LIMIT]` holds at
 * most `limit` rows whatever the filter (rotation set 6: a user search capped by a setting). Only the
 * returned expression counts: a slice inside a filter argument bounds nothing.
 */
function slicedResult(value: SyntaxNode): Bound | undefined {
  return hasSliceStop(unwrapParens(value)) ? "slice" : undefined;
}

/** `if self.action != "list":`: the branch serves the other actions, never the list. */
function notTheList(ifStatement: SyntaxNode): boolean {
  const condition = ifStatement.childForFieldName("condition");
  if (condition?.type !== "comparison_operator" || condition.namedChildren.length !== 2) return false;
  const [left, right] = condition.namedChildren;
  const op = condition.children.find((c) => !c.isNamed)?.type;
  return op === "!=" && left?.text.replace(/\s/g, "") === "self.action" && /^["']list["']$/.test(right?.text ?? "");
}

/**
 * `request.user`, or the request's session: what a session holds (the organisation or committee the user
 * picked, `request.session["committee_uuid"]`) is that one user's choice, so it bounds the rows the same way.
 */
function isUser(node: SyntaxNode | null | undefined): boolean {
  if (node?.type !== "attribute") return false;
  return /^(self\.)?request\.(user|session)$/.test(node.text.replace(/\s/g, ""));
}

function hasOr(node: SyntaxNode, memo: Map<number, boolean>): boolean {
  const known = memo.get(node.id);
  if (known !== undefined) return known;
  const answer = (node.type === "binary_operator" && node.childForFieldName("operator")?.text === "|") || node.namedChildren.some((c) => c.type !== "lambda" && hasOr(c, memo));
  memo.set(node.id, answer);
  return answer;
}
