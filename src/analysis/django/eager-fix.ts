/**
 * The fix DJP101 and DJP102 share: insert `.select_related("a")` / `.prefetch_related("r")` right
 * after the manager in the queryset's definition (`Order.objects.select_related("customer").filter(…)`).
 * Eager loading changes how many queries run, not which rows come back, except in the cases declined
 * here, where no fix is offered at all.
 */
import type { SyntaxNode } from "../parser.js";
import type { Fix } from "../finding.js";
import { rangeOf } from "../positions.js";
import type { QuerySetInfo } from "./types.js";
import { enclosingScope, methodCallsOn } from "./syntax.js";

/** Methods of django.db.models.QuerySet: a manager that is a plain Manager proxies exactly these. */
const QUERYSET_METHODS = new Set([
  "aggregate", "alias", "all", "annotate", "bulk_create", "bulk_update", "contains", "count", "create",
  "dates", "datetimes", "defer", "delete", "difference", "distinct", "earliest", "exclude", "exists",
  "explain", "extra", "fetch_mode", "filter", "first", "get", "get_or_create", "in_bulk", "intersection",
  "iterator", "last", "latest", "none", "only", "order_by", "prefetch_related", "raw", "reverse",
  "select_for_update", "select_related", "union", "update", "update_or_create", "using", "values",
  "values_list",
]);

/** The chain would break or change meaning with eager loading added at its start. */
const DECLINE = new Set([
  // Combined queries must select the same columns in every part.
  "union", "intersection", "difference",
  // select_related of a deferred FK raises FieldError; values rows are not instances.
  "only", "defer", "values", "values_list", "raw",
]);

export interface EagerFixInput {
  qs: QuerySetInfo;
  method: "select_related" | "prefetch_related";
  paths: string[];
  /** A nullable hop: PostgreSQL rejects FOR UPDATE on the nullable side of the outer join. */
  nullable?: boolean;
  /** db_constraint=False: the inner join drops rows whose FK points at a missing row. */
  unconstrained?: boolean;
}

export function eagerLoadFix({ qs, method, paths, nullable = false, unconstrained = false }: EagerFixInput): Fix | undefined {
  if (qs.root !== "manager" || paths.length === 0) return undefined;
  // Bound in several branches: one edit would fix one branch only.
  if ((qs.branches ?? 1) > 1) return undefined;
  // Returned by a helper: the edit would land in the helper and change every caller's queryset.
  if (qs.returnedBy) return undefined;
  // `model.objects` where `model` walks a tuple of model classes: the path is proven on the first only.
  if (managerOfLoopVariable(qs.rootNode)) return undefined;
  const elsewhere = laterUses(qs);
  if (!elsewhere) return undefined;
  // The insertion changes every chain that starts from the definition, not only this loop's.
  const names = [...qs.calls.map((c) => c.name), ...elsewhere];
  if (names.some((n) => DECLINE.has(n))) return undefined;
  if (method === "select_related" && nullable && names.includes("select_for_update")) return undefined;
  // A later `select_related()` / `select_related(None)` (or `prefetch_related(None)`) replaces what we add.
  if (qs.calls.some((c) => c.name === method && resetsEagerLoading(c.args))) return undefined;
  // Django 5 refuses iterator() without chunk_size on a prefetching queryset.
  if (method === "prefetch_related" && names.includes("iterator")) return undefined;
  // A plain Manager's own methods do not exist on the QuerySet select_related() returns.
  const managerIsQuerySet = qs.manager?.className?.includes("as_manager") ?? false;
  if (!managerIsQuerySet && names.some((n) => !QUERYSET_METHODS.has(n))) return undefined;
  const args = paths.map((p) => JSON.stringify(p)).join(", ");
  // Extend an existing select_related("a") / prefetch_related("a") rather than adding a second call.
  const existing = qs.calls.filter((c) => c.name === method).pop();
  const lastArg = existing?.args.namedChildren.filter((a) => a.type !== "comment").pop();
  const at = lastArg ? rangeOf(lastArg).end : rangeOf(qs.rootNode).end;
  return {
    safety: method === "select_related" && unconstrained ? "unsafe" : "safe",
    title: lastArg ? `Add ${args} to .${method}()` : `Add .${method}(${args}) to the queryset`,
    edits: [{ range: { start: at, end: at }, newText: lastArg ? `, ${args}` : `.${method}(${args})` }],
  };
}

function resetsEagerLoading(args: SyntaxNode): boolean {
  const list = args.namedChildren.filter((a) => a.type !== "comment");
  return list.length === 0 || (list.length === 1 && list[0]?.type === "none");
}

/**
 * Methods called on the QS-variables of the chain after their definition, in the same function. A
 * variable defined at module or class level (a view's `queryset = …`) has uses we cannot see: undefined.
 */
function laterUses(qs: QuerySetInfo): string[] | undefined {
  const names: string[] = [];
  for (const def of qs.definitions) {
    const left = def.childForFieldName("left");
    const scope = enclosingScope(def);
    if (left?.type !== "identifier" || scope.type !== "function_definition") return undefined;
    for (const id of scope.descendantsOfType("identifier")) {
      if (id.text !== left.text || id.startIndex < def.endIndex) continue;
      names.push(...methodCallsOn(id).map((c) => c.name));
    }
  }
  return names;
}

/**
 * The paths to eager-load, without those another path extends (`customer` when `customer__company` is
 * there: loading the longer path loads the shorter), sorted.
 */
export function maximalPaths(paths: string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((q) => q.startsWith(`${p}__`))).sort();
}

/** `model.objects` inside `for model in (...)`: the manager of a loop variable. */
function managerOfLoopVariable(root: SyntaxNode): boolean {
  const object = root.type === "attribute" ? root.childForFieldName("object") : null;
  if (object?.type !== "identifier") return false;
  for (let n = root.parent; n; n = n.parent) {
    if (n.type === "for_statement" && n.childForFieldName("left")?.text === object.text) return true;
    if (n.type === "function_definition") return false;
  }
  return false;
}
