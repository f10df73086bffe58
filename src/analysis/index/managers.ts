/**
 * Managers declared in a class body, and what their `get_queryset()` eager-loads:
 * `objects = OrderManager()`, `objects = OrderQuerySet.as_manager()`,
 * `objects = BaseManager.from_queryset(OrderQuerySet)()`, `objects = models.Manager()`.
 */
import type { ProjectClass } from "./ancestry.js";
import type { IndexContext } from "./context.js";
import { isManagerBase } from "./django-names.js";
import { lastName } from "./expr.js";
import type { Expr } from "./expr.js";
import type { ClassAttr, ModuleFacts } from "./facts.js";
import type { ManagerInfo } from "./types.js";
import { managerQueryMethods } from "./query-methods.js";

/** Managers in the class body, in source order (a re-assigned name keeps its last value). */
export function ownManagers(ctx: IndexContext, pc: ProjectClass): ManagerInfo[] {
  const byName = new Map<string, ManagerInfo>();
  for (const attr of pc.cls.attrs) {
    if (ctx.classifier.fieldCall(pc.mod, attr.value)) continue;
    const manager = managerOf(ctx, pc.mod, attr);
    byName.delete(attr.name);
    if (manager) byName.set(attr.name, manager);
  }
  return [...byName.values()];
}

function managerOf(ctx: IndexContext, mod: ModuleFacts, attr: ClassAttr): ManagerInfo | undefined {
  const value = attr.value;
  if (value.t !== "call") return undefined;
  const { fn } = value;
  const info = (className: string, managerClass?: string, querySetClass?: string): ManagerInfo => {
    const classes = [...(querySetClass ? [{ qn: querySetClass, onQuerySet: true }] : []), ...(managerClass ? [{ qn: managerClass, onQuerySet: false }] : [])];
    const queryMethods = managerQueryMethods(ctx, classes);
    return {
      name: attr.name,
      className,
      ...(managerClass ? eagerOfManagerClass(ctx, managerClass) : { eagerLoads: [], selectsAllRelated: false }),
      ...(queryMethods.size > 0 ? { queryMethods } : {}),
    };
  };
  // OrderQuerySet.as_manager(): a plain Manager over the QuerySet; get_queryset adds nothing.
  if (fn.t === "name" && fn.dotted.endsWith(".as_manager")) return info(value.text, undefined, projectClass(ctx, mod, fn.dotted.slice(0, -".as_manager".length)));
  // Base.from_queryset(OrderQuerySet)(): the base manager's get_queryset applies.
  if (isFromQuerySet(fn)) return info(value.text, fromQuerySetBase(ctx, mod, fn), fromQuerySetClass(ctx, mod, fn));
  if (fn.t !== "name") return undefined;
  const r = ctx.symbols.resolveIn(mod, fn.dotted);
  if (r?.kind === "class") return ctx.classifier.isManagerClass(r.qn) ? info(fn.text, r.qn) : undefined;
  // OrderManager = models.Manager.from_queryset(OrderQuerySet) at module level, then OrderManager().
  if (r?.kind === "value" && isFromQuerySet(r.expr)) return info(fn.text, fromQuerySetBase(ctx, r.mod, r.expr), fromQuerySetClass(ctx, r.mod, r.expr));
  if (r?.kind === "external") return isManagerBase(r.dotted) ? info(fn.text) : undefined;
  // Unresolvable but named like one (a library manager imported through a star import).
  return r === undefined && lastName(fn)?.endsWith("Manager") ? info(fn.text) : undefined;
}

/** A project class a dotted name in `mod` names. */
function projectClass(ctx: IndexContext, mod: ModuleFacts, dotted: string): string | undefined {
  const r = ctx.symbols.resolveIn(mod, dotted);
  return r?.kind === "class" ? r.qn : undefined;
}

/** The project QuerySet class `QS` of `Base.from_queryset(QS)`. */
function fromQuerySetClass(ctx: IndexContext, mod: ModuleFacts, expr: Extract<Expr, { t: "call" }>): string | undefined {
  const arg = expr.args[0];
  return arg?.t === "name" ? projectClass(ctx, mod, arg.dotted) : undefined;
}

/** `Base.from_queryset(QS)`: a manager class built from a base manager and a QuerySet. */
function isFromQuerySet(expr: Expr): expr is Extract<Expr, { t: "call" }> {
  return expr.t === "call" && expr.fn.t === "name" && expr.fn.dotted.endsWith(".from_queryset");
}

/** The project manager class `Base` of `Base.from_queryset(QS)`, if it is one. */
function fromQuerySetBase(ctx: IndexContext, mod: ModuleFacts, expr: Extract<Expr, { t: "call" }>): string | undefined {
  if (expr.fn.t !== "name") return undefined;
  const r = ctx.symbols.resolveIn(mod, expr.fn.dotted.slice(0, -".from_queryset".length));
  return r?.kind === "class" ? r.qn : undefined;
}

/**
 * Eager loads of a project manager class: the nearest get_queryset in its MRO, plus its parents'
 * when it starts from `super().get_queryset()`.
 */
export function eagerOfManagerClass(ctx: IndexContext, qn: string): Pick<ManagerInfo, "eagerLoads" | "selectsAllRelated"> {
  const loads = new Set<string>();
  let selectsAll = false;
  for (const c of ctx.hierarchy.mro(qn)) {
    const eager = ctx.hierarchy.get(c)?.cls.getQueryset;
    if (!eager) continue;
    for (const l of eager.loads) loads.add(l);
    selectsAll ||= eager.selectsAll;
    if (!eager.callsSuper) break;
  }
  return { eagerLoads: [...loads], selectsAllRelated: selectsAll };
}
