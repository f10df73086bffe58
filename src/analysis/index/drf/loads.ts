/**
 * Eager-load paths written in select_related / prefetch_related arguments, on Expr snapshots, so that a
 * class attribute (`queryset = Order.objects.select_related("customer")`) and a `get_queryset()` body
 * are read the same way. `Prefetch("items", queryset=Item.objects.select_related("product"))` loads
 * `items` and `items__product`; `Prefetch(..., to_attr="x")` fills the attribute `x`, not the relation.
 */
import type { Expr } from "../expr.js";

export interface LoadFacts {
  loads: string[];
  toAttrs: string[];
  selectsAll: boolean;
  /** Prefetch lookups whose inner queryset is not readable: everything under them counts as loaded. */
  opaque: string[];
  /** Paths passed as non-literals: the loads are not fully known. */
  dynamicLoads: boolean;
  /**
   * Paths passed as a class attribute of the view (`select_related(self.tournament_field)`): known only
   * for a concrete view, whose MRO gives the attribute's value (queryset-source.ts resolves them).
   */
  selfAttrLoads?: string[];
  /** The chain narrows the columns it loads (only, defer, values, values_list): DJP106 has nothing to add. */
  narrowed?: boolean;
}

/** QuerySet methods that choose which columns are loaded. */
export const NARROWING_METHODS = new Set(["only", "defer", "values", "values_list"]);

export function emptyLoads(): LoadFacts {
  return { loads: [], toAttrs: [], selectsAll: false, opaque: [], dynamicLoads: false };
}

/** One select_related / prefetch_related call's arguments, under `prefix` (`items__` inside a Prefetch). */
export function addLoadArgs(method: string, args: readonly Expr[], hasSplat: boolean, facts: LoadFacts, prefix = ""): void {
  if (hasSplat) facts.dynamicLoads = true;
  if (method === "select_related" && args.length === 0 && !hasSplat) {
    if (prefix === "") facts.selectsAll = true;
    else facts.opaque.push(prefix.slice(0, -2));
  }
  for (const arg of args) {
    if (arg.t === "str") {
      facts.loads.push(prefix + arg.value);
      continue;
    }
    if (arg.t === "name" && prefix === "" && /^self\.\w+$/.test(arg.dotted)) {
      (facts.selfAttrLoads ??= []).push(arg.dotted.slice("self.".length));
      continue;
    }
    if (arg.t === "call" && arg.fn.t === "name" && /(^|\.)Prefetch$/.test(arg.fn.dotted)) {
      addPrefetch(arg, facts, prefix);
      continue;
    }
    facts.dynamicLoads = true;
  }
}

function addPrefetch(call: Extract<Expr, { t: "call" }>, facts: LoadFacts, prefix: string): void {
  const first = call.args[0] ?? call.kwargs.get("lookup");
  const toAttr = call.kwargs.get("to_attr") ?? call.args[2];
  const inner = call.kwargs.get("queryset") ?? call.args[1];
  if (first?.t !== "str") {
    facts.dynamicLoads = true;
    return;
  }
  const lookup = prefix + first.value;
  const cut = lookup.lastIndexOf("__");
  if (toAttr?.t === "str") {
    facts.toAttrs.push(toAttr.value);
    // The lookup's own prefix is loaded either way (`Prefetch("items__product", to_attr=...)` loads items).
    if (cut > 0) facts.loads.push(lookup.slice(0, cut));
    return;
  }
  if (toAttr) {
    facts.dynamicLoads = true;
    return;
  }
  facts.loads.push(lookup);
  if (inner && inner.t !== "none") {
    const chain = chainOf(inner);
    if (!chain) facts.opaque.push(lookup);
    else for (const step of chain.calls) if (step.method === "select_related" || step.method === "prefetch_related") addLoadArgs(step.method, step.args, step.hasSplat, facts, `${lookup}__`);
  }
}

export interface ChainStep {
  method: string;
  args: Expr[];
  kwargs: Map<string, Expr>;
  hasSplat: boolean;
}

/** `Order.objects.filter(...).select_related("a")` → root `Order.objects`, calls innermost first. */
export function chainOf(expr: Expr): { root: string; calls: ChainStep[] } | undefined {
  const calls: ChainStep[] = [];
  let node: Expr = expr;
  for (let guard = 0; guard < 40; guard++) {
    if (node.t === "name") {
      calls.reverse();
      return { root: node.dotted, calls };
    }
    if (node.t !== "call") return undefined;
    const fn: Expr = node.fn;
    if (fn.t === "name") {
      const dot = fn.dotted.lastIndexOf(".");
      if (dot < 0) return undefined;
      calls.push({ method: fn.dotted.slice(dot + 1), args: node.args, kwargs: node.kwargs, hasSplat: node.hasSplat });
      calls.reverse();
      return { root: fn.dotted.slice(0, dot), calls };
    }
    if (fn.t !== "attr") return undefined;
    calls.push({ method: fn.attr, args: node.args, kwargs: node.kwargs, hasSplat: node.hasSplat });
    node = fn.obj;
  }
  return undefined;
}
