/**
 * The routes index: which view classes the project never routes to their `list` action. A class's
 * list is proven unrouted when every mention of its name across the read modules (`class-uses.ts`) is
 * accounted for: its definition, plain imports, `super(X, self)`, `X.as_view({...})` mappings that
 * name other actions only, and subclasses whose own list is proven unrouted in the same way; and at
 * least one such mapping routes the class (or a subclass) somewhere. A class no module mentions at all is
 * dead code only when its module's views are plainly wired by name (`unmentioned`): defined once, at the
 * top level of a module whose every other view class is mentioned (one at least through a router, a
 * mapping or another use), with no class decorator and no module of the project that finds classes
 * without naming them (`__subclasses__`, `__init_subclass__`, `getmembers`, a registering metaclass);
 * otherwise it may be discovered at runtime and keeps its list (rotation set 11: WhoCanIVoteFor's
 * `PersonViewSet`, defined beside two registered viewsets and named nowhere else). A router
 * registration, `as_view()` without a mapping, an alias, a string naming the class or any other use
 * keeps the list.
 *
 * Classes are matched by name only: two classes of one name share their mentions, which can only keep
 * a list. Only a read of every application module proves anything (`complete`); test modules route
 * nothing in production and are not read.
 */
import { tracksClassName, type ClassUses } from "./class-uses.js";

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
  /**
   * The class named `name` (a serializer) is only ever a view's `serializer_class = X`: every mention is
   * that, its definition, an import or a base of a subclass; no call (`X(rows, many=True)`, a nested
   * field), no `get_serializer_class` return, no string.
   */
  onlySerializerClass(name: string): boolean;
  /**
   * The class named `name` (a paginator) is only ever a view's `pagination_class = X`: every mention is that,
   * its definition, an import or a base of a subclass; no `@action(pagination_class=X)`, no call, no string.
   * False for a name whose mentions are not sorted (class-uses.ts reads names with `Paginat` in them).
   */
  onlyPaginationClass(name: string): boolean;
  /** `@action(pagination_class=X)` uses of the class named `name`: whether each action reads narrowed rows (class-uses.ts). */
  actionPaging(name: string): boolean[];
  /** The names of the project's subclasses of the class named `name`, at any depth (by name, as every use here). */
  subclassesOf(name: string): string[];
}

export const NO_ROUTES: RouteIndex = { complete: false, listNeverRouted: () => false, reachesList: () => false, onlySubclassed: () => false, onlySerializerClass: () => false, onlyPaginationClass: () => false, actionPaging: () => [], subclassesOf: () => [] };

export function buildRouteIndex(modules: readonly (ClassUses | undefined)[], complete: boolean): RouteIndex {
  if (!complete) return NO_ROUTES;
  const other = new Set<string>();
  const asView = new Map<string, (string[] | null)[]>();
  const subclasses = new Map<string, string[]>();
  const reach = new Set<string>();
  const definedIn = new Map<string, ClassUses[]>();
  const decorated = new Set<string>();
  const paging = new Map<string, boolean[]>();
  let discovers = false;
  for (const uses of modules) {
    if (!uses) continue;
    if (uses.discovers) discovers = true;
    for (const name of uses.defined ?? []) definedIn.set(name, [...(definedIn.get(name) ?? []), uses]);
    for (const name of uses.decorated ?? []) decorated.add(name);
    for (const name of uses.other) other.add(name);
    for (const name of uses.reachList) reach.add(name);
    for (const [name, calls] of Object.entries(uses.asView)) asView.set(name, [...(asView.get(name) ?? []), ...calls]);
    for (const [sub, base] of uses.bases) subclasses.set(base, [...(subclasses.get(base) ?? []), sub]);
    for (const [name, narrow] of uses.actionPaging ?? []) paging.set(name, [...(paging.get(name) ?? []), narrow]);
  }
  const mentioned = (name: string) => other.has(name) || asView.has(name) || subclasses.has(name);
  const unmentioned = (name: string): boolean => {
    const homes = definedIn.get(name) ?? [];
    const home = homes[0];
    if (discovers || homes.length !== 1 || !home || decorated.has(name) || mentioned(name) || reach.has(name)) return false;
    const siblings = (home.defined ?? []).filter((s) => s !== name && s.includes("View"));
    return siblings.every(mentioned) && siblings.some((s) => other.has(s) || asView.has(s));
  };
  const memo = new Map<string, boolean>();
  const proven = (name: string, visiting: Set<string>): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name) || other.has(name) || reach.has(name)) return false;
    visiting.add(name);
    const calls = asView.get(name) ?? [];
    const subs = subclasses.get(name) ?? [];
    const result = calls.length + subs.length > 0 ? calls.every((c) => c !== null && !c.includes("list")) && subs.every((s) => proven(s, visiting)) : unmentioned(name);
    visiting.delete(name);
    memo.set(name, result);
    return result;
  };
  return {
    complete: true,
    listNeverRouted: (name) => proven(name, new Set()),
    reachesList: (name) => reach.has(name),
    onlySubclassed: (name) => !other.has(name) && (asView.get(name) ?? []).length === 0 && (subclasses.get(name) ?? []).length > 0,
    onlySerializerClass: (name) => !other.has(name) && !asView.has(name),
    onlyPaginationClass: (name) => tracksClassName(name) && !other.has(name) && !asView.has(name),
    actionPaging: (name) => paging.get(name) ?? [],
    subclassesOf: (name) => {
      const found = new Set<string>();
      const visit = (n: string): void => {
        for (const sub of subclasses.get(n) ?? []) {
          if (sub === name || found.has(sub)) continue;
          found.add(sub);
          visit(sub);
        }
      };
      visit(name);
      return [...found];
    },
  };
}
