/**
 * Eager loading along a QuerySet chain: select_related / prefetch_related paths (incl. `Prefetch`),
 * values mode, only/defer, fetch modes, and what the manager or model adds by itself.
 */
import type { SyntaxNode } from "../parser.js";
import type { FieldInfo, ModelInfo } from "../index/types.js";
import type { EagerCoverage, QuerySetInfo } from "./types.js";
import { calleeName, keywordArg, positionalArgs, stringValue, unwrapParens } from "./syntax.js";

export function coverageOf(qs: QuerySetInfo): EagerCoverage {
  const cov: EagerCoverage = {
    selectRelated: new Set(),
    selectsAll: false,
    prefetch: new Set(),
    valuesMode: false,
    mitigated: false,
    // `self` of a QuerySet method: the caller may have eager-loaded anything before calling it.
    unknown: qs.fromCaller === true,
  };
  // The manager's get_queryset() runs first. Its list does not say select or prefetch; a path that is
  // valid in one of them is loaded either way, so it counts for both.
  for (const path of qs.manager?.eagerLoads ?? []) {
    cov.selectRelated.add(path);
    cov.prefetch.add(path);
  }
  if (qs.manager?.selectsAllRelated) cov.selectsAll = true;
  if (qs.model.autoPrefetch) cov.forwardMitigated = true;

  for (const call of qs.calls) {
    if (call.method) {
      addSummary(cov, call.method);
      continue;
    }
    switch (call.name) {
      case "select_related":
        if (argumentsOf(call.args).length === 0) cov.selectsAll = true;
        else addPaths(cov, call.args, "select");
        break;
      case "prefetch_related":
        addPaths(cov, call.args, "prefetch");
        break;
      case "values":
      case "values_list":
        cov.valuesMode = true;
        break;
      case "only":
        // Each only() replaces the previous one.
        cov.only = fieldNames(cov, call.args, qs.model);
        break;
      case "defer":
        if (isNoneCall(call.args)) cov.defer = new Set();
        else cov.defer = new Set([...(cov.defer ?? []), ...fieldNames(cov, call.args, qs.model)]);
        break;
      case "fetch_mode":
        cov.mitigated = true;
        break;
      default:
        break;
    }
  }
  return cov;
}

/**
 * What a project method returning a QuerySet loads, as summarised by the index. Its select and
 * prefetch paths are not told apart (one list), so a path counts for both; `only()` / `defer()` in it
 * or a non-literal argument make the coverage unknown (the rules stay quiet).
 */
function addSummary(cov: EagerCoverage, method: NonNullable<QuerySetInfo["calls"][number]["method"]>): void {
  for (const path of method.loads) {
    cov.selectRelated.add(path);
    cov.prefetch.add(path);
  }
  if (method.selectsAll) cov.selectsAll = true;
  if (method.unknownArgs || method.methods.includes("only") || method.methods.includes("defer")) cov.unknown = true;
  if (method.methods.includes("fetch_mode")) cov.mitigated = true;
}

/**
 * `path` is loaded eagerly: an eager path equals it or extends it (`"customer__address"` loads
 * `customer`). values mode, fetch modes and unknown arguments count as covered (nothing to prove).
 * `field` (the first segment's field) lets `select_related()` without arguments and auto_prefetch
 * count only for forward relations (and, for the former, only non-null ones, as Django does).
 */
export function isCovered(cov: EagerCoverage, path: string, kind: "select" | "prefetch" | "any" = "any", field?: FieldInfo): boolean {
  if (cov.valuesMode || cov.mitigated || cov.unknown) return true;
  const forward = field === undefined || field.kind === "fk" || field.kind === "o2o";
  const selected =
    hasPath(cov.selectRelated, path) ||
    (cov.selectsAll && forward && !(field?.nullable ?? false)) ||
    (cov.forwardMitigated === true && forward);
  const prefetched = hasPath(cov.prefetch, path);
  if (kind === "select") return selected;
  if (kind === "prefetch") return prefetched;
  return selected || prefetched;
}

export function hasPath(paths: ReadonlySet<string>, path: string): boolean {
  if (paths.has(path)) return true;
  const prefix = `${path}__`;
  for (const p of paths) if (p.startsWith(prefix)) return true;
  return false;
}

function argumentsOf(args: SyntaxNode): SyntaxNode[] {
  return args.namedChildren.filter((c) => c.type !== "comment");
}

function isNoneCall(args: SyntaxNode): boolean {
  const list = argumentsOf(args);
  return list.length === 1 && list[0]?.type === "none";
}

function addPaths(cov: EagerCoverage, args: SyntaxNode, kind: "select" | "prefetch"): void {
  const target = kind === "select" ? cov.selectRelated : cov.prefetch;
  if (isNoneCall(args)) {
    // `select_related(None)` / `prefetch_related(None)` clear what was there.
    target.clear();
    if (kind === "select") cov.selectsAll = false;
    return;
  }
  for (const arg of argumentsOf(args)) {
    const literal = stringValue(arg);
    if (literal !== undefined) {
      target.add(literal);
      continue;
    }
    const prefetch = kind === "prefetch" ? prefetchObject(arg) : undefined;
    if (prefetch) {
      target.add(prefetch.lookup);
      if (prefetch.toAttr !== undefined) target.add(prefetch.toAttr);
      continue;
    }
    cov.unknown = true;
  }
}

/** `Prefetch("items", queryset=..., to_attr="open_items")` with literal lookup (and to_attr). */
function prefetchObject(arg: SyntaxNode): { lookup: string; toAttr?: string } | undefined {
  const call = unwrapParens(arg);
  if (call.type !== "call" || calleeName(call) !== "Prefetch") return undefined;
  const args = call.childForFieldName("arguments");
  const lookupNode = positionalArgs(args)[0] ?? keywordArg(args, "lookup");
  const lookup = lookupNode ? stringValue(lookupNode) : undefined;
  if (lookup === undefined) return undefined;
  const toAttrNode = positionalArgs(args)[2] ?? keywordArg(args, "to_attr");
  if (!toAttrNode) return { lookup };
  const toAttr = stringValue(toAttrNode);
  return toAttr === undefined ? undefined : { lookup, toAttr };
}

/**
 * only()/defer() names, with a foreign key's attname mapped to the field: Django accepts
 * `only("customer_id")` for the `customer` FK and loads the same column.
 */
function fieldNames(cov: EagerCoverage, args: SyntaxNode, model: ModelInfo): Set<string> {
  const names = new Set<string>();
  for (const arg of argumentsOf(args)) {
    const literal = stringValue(arg);
    if (literal === undefined) cov.unknown = true;
    else names.add(fieldOfAttname(model, literal));
  }
  return names;
}

function fieldOfAttname(model: ModelInfo, name: string): string {
  if (!name.endsWith("_id") || model.fields.has(name)) return name;
  const field = model.fields.get(name.slice(0, -3));
  return field && (field.kind === "fk" || field.kind === "o2o") ? field.name : name;
}
