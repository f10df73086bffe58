/**
 * The QuerySet-returning methods of models and managers, resolved from the per-class summaries
 * (`returned-chains.ts`) along the class's MRO: the nearest definition of a name decides, as in Python.
 */
import type { IndexContext } from "./context.js";
import type { ModuleFacts } from "./facts.js";
import type { ReturnedChain } from "./returned-chains.js";
import type { QueryMethod } from "./types.js";

/**
 * A model's methods that return QuerySets: classmethods over `cls.<manager>`, instance methods over a
 * relation of the row (`self.items…`), and methods over a named model's manager (`Order.objects…`,
 * resolved here; a name that is not a project model is dropped).
 */
export function modelQueryMethods(ctx: IndexContext, mro: readonly string[], isModel: (qn: string) => boolean): Map<string, QueryMethod> {
  const out = new Map<string, QueryMethod>();
  const seen = new Set<string>();
  for (const c of mro) {
    const pc = ctx.hierarchy.get(c);
    if (!pc) continue;
    for (const name of [...pc.cls.methods, ...pc.cls.properties]) {
      if (seen.has(name)) continue;
      seen.add(name);
      const chain = pc.cls.returnedChains?.[name];
      const method = chain && modelMethod(ctx, pc.mod, chain, isModel);
      if (method) out.set(name, method);
    }
  }
  return out;
}

function modelMethod(ctx: IndexContext, mod: ModuleFacts, chain: ReturnedChain, isModel: (qn: string) => boolean): QueryMethod | undefined {
  const { root } = chain;
  switch (root.k) {
    case "cls":
      return chain.binding === "class" ? { ...chain, rows: { k: "manager", manager: root.attr } } : undefined;
    case "self-attr":
      return chain.binding === "instance" ? { ...chain, rows: { k: "relation", attr: root.attr } } : undefined;
    case "name": {
      const r = ctx.symbols.resolveIn(mod, root.dotted);
      return r?.kind === "class" && isModel(r.qn) ? { ...chain, rows: { k: "manager", model: r.qn, manager: root.attr } } : undefined;
    }
    default:
      return undefined;
  }
}

/** Methods of manager / QuerySet classes (nearest in each MRO) that return the manager's own rows refined. */
export function managerQueryMethods(ctx: IndexContext, classes: readonly { qn: string; onQuerySet: boolean }[]): Map<string, QueryMethod> {
  const out = new Map<string, QueryMethod>();
  for (const { qn, onQuerySet } of classes) {
    const seen = new Set<string>();
    for (const c of ctx.hierarchy.mro(qn)) {
      const cls = ctx.hierarchy.get(c)?.cls;
      if (!cls) continue;
      for (const name of [...cls.methods, ...cls.properties]) {
        if (seen.has(name)) continue;
        seen.add(name);
        const chain = cls.returnedChains?.[name];
        if (chain?.root.k === "self" && chain.binding === "instance" && !out.has(name)) out.set(name, { ...chain, rows: { k: "own" }, onQuerySet });
      }
    }
  }
  return out;
}
