/**
 * The routes index: which view classes the project never routes to their `list` action. A class's
 * list is proven unrouted when every mention of its name across the read modules (`class-uses.ts`) is
 * accounted for: its definition, plain imports, `super(X, self)`, `X.as_view({...})` mappings that
 * name other actions only, and subclasses whose own list is proven unrouted in the same way; and at
 * least one such mapping routes the class (or a subclass) somewhere, so a class discovered at runtime
 * (no mention at all, or only a base of such) is never taken as unrouted. A router registration,
 * `as_view()` without a mapping, an alias, a string naming the class or any other use keeps the list.
 *
 * Classes are matched by name only: two classes of one name share their mentions, which can only keep
 * a list. Only a read of every application module proves anything (`complete`); test modules route
 * nothing in production and are not read.
 */
import type { ClassUses } from "./class-uses.js";

export interface RouteIndex {
  /** Every application module was read: what the index does not see, the project does not have. */
  complete: boolean;
  /** Every route of the class named `name` (and of its subclasses) maps other actions than `list`. */
  listNeverRouted(name: string): boolean;
  /** Some class of this name reaches `self.list` / `super().list` from another method. */
  reachesList(name: string): boolean;
  /**
   * The class named `name` is never routed itself: every mention is its definition, an import, a base of
   * a subclass (at least one) or `super(X, self)`; no `as_view`, router or other use. Its subclasses are.
   */
  onlySubclassed(name: string): boolean;
}

export const NO_ROUTES: RouteIndex = { complete: false, listNeverRouted: () => false, reachesList: () => false, onlySubclassed: () => false };

export function buildRouteIndex(modules: readonly (ClassUses | undefined)[], complete: boolean): RouteIndex {
  if (!complete) return NO_ROUTES;
  const other = new Set<string>();
  const asView = new Map<string, (string[] | null)[]>();
  const subclasses = new Map<string, string[]>();
  const reach = new Set<string>();
  for (const uses of modules) {
    if (!uses) continue;
    for (const name of uses.other) other.add(name);
    for (const name of uses.reachList) reach.add(name);
    for (const [name, calls] of Object.entries(uses.asView)) asView.set(name, [...(asView.get(name) ?? []), ...calls]);
    for (const [sub, base] of uses.bases) subclasses.set(base, [...(subclasses.get(base) ?? []), sub]);
  }
  const memo = new Map<string, boolean>();
  const proven = (name: string, visiting: Set<string>): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name) || other.has(name) || reach.has(name)) return false;
    visiting.add(name);
    const calls = asView.get(name) ?? [];
    const subs = subclasses.get(name) ?? [];
    const result = calls.length + subs.length > 0 && calls.every((c) => c !== null && !c.includes("list")) && subs.every((s) => proven(s, visiting));
    visiting.delete(name);
    memo.set(name, result);
    return result;
  };
  return {
    complete: true,
    listNeverRouted: (name) => proven(name, new Set()),
    reachesList: (name) => reach.has(name),
    onlySubclassed: (name) => !other.has(name) && (asView.get(name) ?? []).length === 0 && (subclasses.get(name) ?? []).length > 0,
  };
}
