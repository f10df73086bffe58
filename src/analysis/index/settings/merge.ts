/**
 * Joins the namespaces of `if` branches whose condition is not known statically. Lists and dicts are
 * merged item by item, items present on one side only carry the branch condition as their guard
 * (`INSTALLED_APPS += ["debug_toolbar"]` under `if DEBUG:`); other differing values become
 * "unknown (conditional)" with the branch values as alternatives.
 */
import { sameValue, unknown, type DictValue, type Entry, type ListValue, type SettingValue } from "./values.js";

export interface Branch {
  env: ReadonlyMap<string, SettingValue>;
  /** The condition under which this branch runs, as source text. */
  guard: string;
}

export function mergeEnvs(a: Branch, b: Branch): Map<string, SettingValue> {
  const out = new Map<string, SettingValue>();
  const names = new Set([...a.env.keys(), ...b.env.keys()]);
  for (const name of names) {
    const merged = mergeValues(a.env.get(name), b.env.get(name), a.guard, b.guard);
    if (merged) out.set(name, merged);
  }
  return out;
}

export function mergeValues(a: SettingValue | undefined, b: SettingValue | undefined, guardA: string, guardB: string): SettingValue | undefined {
  if (!a) return b && onlyWhen(b, guardB);
  if (!b) return onlyWhen(a, guardA);
  if (sameValue(a, b)) return a;
  if (a.kind === "list" && b.kind === "list") return mergeLists(a, b, guardA, guardB);
  if (a.kind === "dict" && b.kind === "dict") return mergeDicts(a, b, guardA, guardB);
  return unknown("conditional", `${guardA} ? … : …`, {
    alternatives: [...alternativesOf(a), ...alternativesOf(b)],
    condition: guardA,
    ...(a.origin ? { origin: a.origin } : b.origin ? { origin: b.origin } : {}),
  });
}

/** A value set on one branch only: the name may be unset on the other. */
function onlyWhen(v: SettingValue, guard: string): SettingValue {
  return unknown("conditional", `set only when ${guard}`, { alternatives: alternativesOf(v), condition: guard, ...(v.origin ? { origin: v.origin } : {}) });
}

function alternativesOf(v: SettingValue): SettingValue[] {
  return v.kind === "unknown" && v.reason === "conditional" && v.alternatives ? v.alternatives : [v];
}

function mergeLists(a: ListValue, b: ListValue, guardA: string, guardB: string): ListValue {
  const items: Entry[] = [];
  const usedInA = new Set<number>();
  for (const item of b.items) {
    const match = a.items.findIndex((other, i) => !usedInA.has(i) && other.guard === item.guard && sameValue(other.value, item.value));
    if (match >= 0) {
      usedInA.add(match);
      items.push(item);
    } else items.push({ value: item.value, guard: combine(item.guard, guardB) });
  }
  a.items.forEach((item, i) => {
    if (!usedInA.has(i)) items.push({ value: item.value, guard: combine(item.guard, guardA) });
  });
  return { kind: "list", items, tuple: b.tuple, open: a.open || b.open, ...(b.origin ? { origin: b.origin } : {}) };
}

function mergeDicts(a: DictValue, b: DictValue, guardA: string, guardB: string): DictValue {
  const entries = new Map<string, Entry>();
  for (const key of new Set([...b.entries.keys(), ...a.entries.keys()])) {
    const ea = a.entries.get(key);
    const eb = b.entries.get(key);
    if (ea && eb) {
      if (ea.guard === eb.guard) {
        const merged = mergeValues(ea.value, eb.value, guardA, guardB);
        if (merged) entries.set(key, ea.guard !== undefined ? { value: merged, guard: ea.guard } : { value: merged });
      } else entries.set(key, { value: mergeValues(ea.value, eb.value, guardA, guardB) ?? eb.value, guard: combine(ea.guard, eb.guard) ?? guardA });
    } else if (ea) entries.set(key, { value: ea.value, guard: combine(ea.guard, guardA) });
    else if (eb) entries.set(key, { value: eb.value, guard: combine(eb.guard, guardB) });
  }
  return { kind: "dict", entries, open: a.open || b.open, ...(b.origin ? { origin: b.origin } : {}) };
}

function combine(inner: string | undefined, outer: string): string;
function combine(inner: string | undefined, outer: string | undefined): string | undefined;
function combine(inner: string | undefined, outer: string | undefined): string | undefined {
  if (inner === undefined) return outer;
  if (outer === undefined) return inner;
  return `${outer} and ${inner}`;
}
