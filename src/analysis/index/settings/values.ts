/**
 * Values of settings as far as they can be proven from source. `unknown` is a first-class value:
 * env-driven, computed, conditional or imported from code the index cannot see. Consumers ask
 * three-valued questions (true / false / undefined = unknown) and stay silent on unknown.
 */

export interface Origin {
  path: string;
  line: number;
}

export type UnknownReason =
  /** Provided by the deployment: environment variables, env readers (django-environ, decouple), secrets files. */
  | "env"
  /** Computed by code the evaluator does not follow (function calls, comprehensions, f-strings). */
  | "expr"
  /** Set differently on branches whose condition is not known statically. */
  | "conditional"
  /** Imported from a module the index does not have (a library, an untracked local_settings). */
  | "import"
  /** Changed by code the evaluator does not follow (a loop, `globals().update`). */
  | "dynamic";

export type SettingValue =
  | { kind: "str"; value: string; origin?: Origin }
  | { kind: "num"; value: number; origin?: Origin }
  | { kind: "bool"; value: boolean; origin?: Origin }
  | { kind: "none"; origin?: Origin }
  | ListValue
  | DictValue
  | UnknownValue
  /**
   * A name bound by an import that is not a settings value (`os`, `Path`, a library function).
   * `member`: a name read out of a module (`from m import X`, `m.X`) that the index could not
   * evaluate; it may be a constant (`other_settings.DEBUG_MODE`), so its truth is not known.
   */
  | { kind: "ref"; dotted: string; member?: true; origin?: Origin }
  /** An env reader object: django-environ `Env()`, decouple `config`/`AutoConfig()`. */
  | { kind: "reader"; library: string; defaults?: ReadonlyMap<string, SettingValue>; origin?: Origin };

export interface ListValue {
  kind: "list";
  items: Entry[];
  tuple: boolean;
  /** Items the evaluator could not see may exist (an unknown splat, a loop that appends). */
  open: boolean;
  origin?: Origin;
}

export interface DictValue {
  kind: "dict";
  entries: Map<string, Entry>;
  /** Keys the evaluator could not see may exist (an unknown `**splat`, a non-literal key, `.update(unknown)`). */
  open: boolean;
  /** An unknown dict these keys were set on (`DATABASES["default"]["OPTIONS"] = …` on `env.db(...)`): it keeps the env default. */
  extends?: UnknownValue;
  origin?: Origin;
}

export interface Entry {
  value: SettingValue;
  /** Source text of the condition under which the item / key is present (`if DEBUG:`), when not unconditional. */
  guard?: string;
}

export interface UnknownValue {
  kind: "unknown";
  reason: UnknownReason;
  /** The expression as written (shortened), for "unverified" lines. */
  text: string;
  /** The literal default of an env lookup (`env.cache("CACHE_URL", default="locmem://")` → "locmem://"). */
  default?: SettingValue;
  /** For "env": the variable name when literal (`CACHE_URL`). */
  variable?: string;
  /** For "conditional": the values on the branches (a branch that leaves it unset adds nothing). */
  alternatives?: SettingValue[];
  condition?: string;
  origin?: Origin;
}

/** The answer to "what is setting X here?". */
export type SettingLookup =
  | { status: "set"; value: SettingValue }
  /** Provably not set: Django's default applies. */
  | { status: "unset" }
  /** It may be set by something the index cannot see. */
  | { status: "unknown"; reason: string };

export function unknown(reason: UnknownReason, text: string, extra: Partial<UnknownValue> = {}): UnknownValue {
  return { kind: "unknown", reason, text, ...extra };
}

export function isKnownScalar(v: SettingValue): v is Extract<SettingValue, { kind: "str" | "num" | "bool" | "none" }> {
  return v.kind === "str" || v.kind === "num" || v.kind === "bool" || v.kind === "none";
}

/** Python truthiness, when it is known. */
export function truthy(v: SettingValue): boolean | undefined {
  switch (v.kind) {
    case "str":
      return v.value !== "";
    case "num":
      return v.value !== 0;
    case "bool":
      return v.value;
    case "none":
      return false;
    case "list":
      if (v.items.length > 0 && v.items.some((i) => i.guard === undefined)) return true;
      return v.open || v.items.length > 0 ? undefined : false;
    case "dict":
      if ([...v.entries.values()].some((e) => e.guard === undefined)) return true;
      return v.open || v.entries.size > 0 ? undefined : false;
    case "ref":
      // A module, class or function is true; a constant read out of an unevaluated module may be False.
      return v.member ? undefined : true;
    case "reader":
      return true;
    default:
      return undefined;
  }
}

/** Structural equality of proven values (origins ignored); unknowns are never equal to anything. */
export function sameValue(a: SettingValue, b: SettingValue): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case "str":
    case "num":
    case "bool":
      return b.kind === a.kind && b.value === a.value;
    case "none":
      return b.kind === "none";
    case "ref":
      return b.kind === "ref" && b.dotted === a.dotted;
    case "reader":
      return b.kind === "reader" && b.library === a.library;
    case "list":
      return (
        b.kind === "list" &&
        a.open === b.open &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => {
          const other = b.items[i];
          return other !== undefined && other.guard === item.guard && sameValue(item.value, other.value);
        })
      );
    case "dict":
      if (b.kind !== "dict" || a.open !== b.open || a.entries.size !== b.entries.size) return false;
      for (const [key, entry] of a.entries) {
        const other = b.entries.get(key);
        if (!other || other.guard !== entry.guard || !sameValue(entry.value, other.value)) return false;
      }
      return true;
    default:
      return false;
  }
}

/** The value at a key path inside dicts (string keys) and lists (number keys), three-valued. */
export function valueAt(value: SettingValue, path: ReadonlyArray<string | number>): SettingLookup {
  let cur: SettingValue = value;
  for (const key of path) {
    if (cur.kind === "dict" && typeof key === "string") {
      const entry = cur.entries.get(key);
      if (entry && entry.guard === undefined) cur = entry.value;
      else if (entry) return { status: "unknown", reason: `${key} is set only when ${entry.guard}` };
      else if (cur.open) return { status: "unknown", reason: `${key} may be set by an expression the index cannot read` };
      else return { status: "unset" };
    } else if (cur.kind === "list" && typeof key === "number") {
      if (cur.open || cur.items.some((i) => i.guard !== undefined)) return { status: "unknown", reason: "the list is not fully known" };
      const item = cur.items[key < 0 ? cur.items.length + key : key];
      if (!item) return { status: "unset" };
      cur = item.value;
    } else if (cur.kind === "unknown") {
      return { status: "unknown", reason: describeUnknown(cur) };
    } else {
      return { status: "unknown", reason: `not a ${typeof key === "string" ? "dict" : "list"}` };
    }
  }
  return cur.kind === "unknown" ? { status: "unknown", reason: describeUnknown(cur) } : { status: "set", value: cur };
}

/** The string a lookup holds, or undefined (unset, unknown, or not a string). */
export function stringOf(lookup: SettingLookup): string | undefined {
  return lookup.status === "set" && lookup.value.kind === "str" ? lookup.value.value : undefined;
}

/**
 * Does a list setting contain the string? true / false when proven, undefined when unknown. A guarded
 * item (added under `if DEBUG:`) counts as unknown, unless `includeGuarded` is set.
 */
export function listContains(value: SettingValue, item: string, includeGuarded = false): boolean | undefined {
  if (value.kind !== "list") return undefined;
  let maybe = value.open;
  for (const entry of value.items) {
    if (entry.value.kind === "str" && entry.value.value === item) {
      if (entry.guard === undefined || includeGuarded) return true;
      maybe = true;
    } else if (entry.value.kind !== "str") maybe = true;
  }
  return maybe ? undefined : false;
}

/** The proven string items of a list (guarded ones excluded). */
export function stringItems(value: SettingValue): string[] {
  if (value.kind !== "list") return [];
  return value.items.flatMap((e) => (e.guard === undefined && e.value.kind === "str" ? [e.value.value] : []));
}

export function describeUnknown(v: UnknownValue): string {
  switch (v.reason) {
    case "env":
      return `env-driven (${v.text}${v.default && isKnownScalar(v.default) ? `, default ${describeScalar(v.default)}` : ""})`;
    case "conditional":
      return `depends on ${v.condition ?? "a condition"}`;
    case "import":
      return `imported from code the index does not have (${v.text})`;
    case "dynamic":
      return `changed by code the index does not follow (${v.text})`;
    default:
      return `computed (${v.text})`;
  }
}

function describeScalar(v: Extract<SettingValue, { kind: "str" | "num" | "bool" | "none" }>): string {
  if (v.kind === "none") return "None";
  if (v.kind === "str") return JSON.stringify(v.value);
  if (v.kind === "bool") return v.value ? "True" : "False";
  return String(v.value);
}

/** A compact one-line rendering for golden tests and `--verbose` dumps. */
export function renderValue(v: SettingValue, depth = 0): string {
  if (depth > 6) return "…";
  switch (v.kind) {
    case "str":
    case "num":
    case "bool":
    case "none":
      return describeScalar(v);
    case "ref":
      return `<${v.dotted}>`;
    case "reader":
      return `<env reader ${v.library}>`;
    case "list": {
      const items = v.items.map((e) => `${renderValue(e.value, depth + 1)}${e.guard !== undefined ? ` if ${e.guard}` : ""}`);
      if (v.open) items.push("…");
      return v.tuple ? `(${items.join(", ")})` : `[${items.join(", ")}]`;
    }
    case "dict": {
      const items = [...v.entries].map(([k, e]) => `${JSON.stringify(k)}: ${renderValue(e.value, depth + 1)}${e.guard !== undefined ? ` if ${e.guard}` : ""}`);
      if (v.open) items.push(v.extends ? `…${renderValue(v.extends, depth + 1)}` : "…");
      return `{${items.join(", ")}}`;
    }
    case "unknown": {
      const parts = [`?${v.reason}`, v.text];
      if (v.default) parts.push(`default=${renderValue(v.default, depth + 1)}`);
      if (v.alternatives) parts.push(`one of ${v.alternatives.map((a) => renderValue(a, depth + 1)).join(" | ")}`);
      return `(${parts.join(" ")})`;
    }
  }
}
