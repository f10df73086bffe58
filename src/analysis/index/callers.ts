/**
 * The callers index: for each module-level function of the project, the calls every read module makes
 * of it (`call-facts.ts`), or nothing when some caller cannot be seen. A function is closed (its calls
 * are all its callers) when no module hands it out as a value, reaches it as `module.name`, names it in
 * a string (`getattr(m, "name")`, a dotted path that resolves to it), exports it in `__all__`, or decorates it with anything but
 * `transaction.atomic`, and every call of it resolves to it alone. Built once per index, linear in the
 * facts; questions are answered from maps.
 *
 * Module names come from paths (`src/shop/orders.py` → `src.shop.orders`) while imports name the
 * package (`shop.orders`): a target matches a function whose qualified name ends with it, or that it
 * ends with; two matches make the call ambiguous, and both functions open.
 */
import type { CallFact, CallModuleFacts, FunctionShape } from "./call-facts.js";

export interface CallerCall {
  /** The calling module. */
  module: string;
  call: CallFact;
}

export interface CallerIndex {
  /** Every call of `module.name` from the read modules, when those are all its callers; else undefined. */
  callsOf(module: string, name: string): readonly CallerCall[] | undefined;
  /** The function's parameters, when the index read its module. */
  shapeOf(module: string, name: string): FunctionShape | undefined;
  /**
   * Every mention of the function the read modules make hands it to another thread or process
   * (`Thread(target=f)`): nothing calls it, no other use of it is seen, so it never runs in the code
   * that starts it (a view's request).
   */
  runsOnlyOnOtherThreads(module: string, name: string): boolean;
}

interface FunctionEntry {
  shape: FunctionShape;
  open: boolean;
  calls: CallerCall[];
  /** Handed to another thread by some module. */
  threaded: boolean;
  /** Open for another reason than a hand-off to a thread (any other mention, a decorator, an export). */
  otherwise: boolean;
}

/** Re-exports followed through packages (`shop/__init__.py: from .orders import close_order`). */
const MAX_REEXPORTS = 3;

export function buildCallerIndex(modules: readonly CallModuleFacts[]): CallerIndex {
  const functions = new Map<string, FunctionEntry>();
  const byName = new Map<string, string[]>();
  const byModule = new Map<string, CallModuleFacts>();
  for (const mod of modules) {
    byModule.set(mod.module, mod);
    for (const [name, shape] of Object.entries(mod.functions)) {
      const qn = `${mod.module}.${name}`;
      functions.set(qn, { shape, open: shape.decorated, calls: [], threaded: false, otherwise: shape.decorated });
      const list = byName.get(name);
      if (list) list.push(qn);
      else byName.set(name, [qn]);
    }
  }
  const modulesSeen = new Map<string, CallModuleFacts[]>();
  const modulesOf = (dotted: string): CallModuleFacts[] => {
    let found = modulesSeen.get(dotted);
    if (!found) {
      const exact = byModule.get(dotted);
      found = exact ? [exact] : [...byModule.values()].filter((m) => m.module.endsWith(`.${dotted}`) || dotted.endsWith(`.${m.module}`));
      modulesSeen.set(dotted, found);
    }
    return found;
  };
  const resolve = (target: string, depth = 0): string[] => {
    if (functions.has(target)) return [target];
    const cut = target.lastIndexOf(".");
    const name = target.slice(cut + 1);
    const candidates = byName.get(name);
    if (!candidates || cut < 0) return [];
    const matched = candidates.filter((qn) => qn.endsWith(`.${target}`) || target.endsWith(`.${qn}`));
    if (matched.length > 0 || depth >= MAX_REEXPORTS) return matched;
    const found = new Set<string>();
    for (const mod of modulesOf(target.slice(0, cut))) {
      const next = mod.imports[name];
      if (next && next !== target) for (const qn of resolve(next, depth + 1)) found.add(qn);
    }
    return [...found];
  };
  const open = (target: string, threaded = false): void => {
    if (!byName.has(target.slice(target.lastIndexOf(".") + 1))) return;
    for (const qn of resolve(target)) {
      const entry = functions.get(qn)!;
      entry.open = true;
      if (threaded) entry.threaded = true;
      else entry.otherwise = true;
    }
  };
  const openAll = (qn: string): void => {
    const entry = functions.get(qn)!;
    entry.open = true;
    entry.otherwise = true;
  };
  const named = new Set<string>();
  for (const mod of modules) {
    for (const target of mod.escaped) open(target);
    for (const target of mod.threaded) open(target, true);
    for (const name of mod.exported) open(mod.imports[name] ?? `${mod.module}.${name}`);
    for (const name of mod.named) named.add(name);
    for (const path of mod.paths) open(path);
    for (const call of mod.calls) {
      if (!byName.has(call.target.slice(call.target.lastIndexOf(".") + 1))) continue;
      const targets = resolve(call.target);
      if (targets.length === 1) functions.get(targets[0]!)!.calls.push({ module: mod.module, call });
      else for (const qn of targets) openAll(qn);
    }
  }
  for (const name of named) for (const qn of byName.get(name) ?? []) openAll(qn);
  return {
    callsOf(module, name) {
      const entry = functions.get(`${module}.${name}`);
      return entry && !entry.open ? entry.calls : undefined;
    },
    shapeOf(module, name) {
      return functions.get(`${module}.${name}`)?.shape;
    },
    runsOnlyOnOtherThreads(module, name) {
      const entry = functions.get(`${module}.${name}`);
      return entry !== undefined && entry.threaded && !entry.otherwise && entry.calls.length === 0;
    },
  };
}
