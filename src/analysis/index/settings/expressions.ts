/**
 * Evaluates settings expressions (syntax.ts) to values (values.ts) in a module environment. Literals,
 * containers, `+`/`|`, comparisons, boolean operators, ternaries and a few builtins are computed;
 * env lookups become "unknown (env)" with their literal default; everything else is "unknown (expr)",
 * tagged env when an env value flows into it.
 */
import type { SExpr } from "./syntax.js";
import {
  CELERY_APP_CLASSES,
  CELERY_APP_MARKER,
  DATABASE_URL_HELPERS,
  ENV_GETTERS,
  IDENTITY_CALLS,
  READER_FACTORIES,
  looksLikeEnvHelper,
} from "./env-calls.js";
import { sameValue, truthy, unknown, type DictValue, type Entry, type ListValue, type Origin, type SettingValue, type UnknownValue } from "./values.js";

/** What an expression can see: the module's names, and where it is (for origins). */
export interface Scope {
  path: string;
  get(name: string): SettingValue | undefined;
  /** Why a name that is not bound may still exist (an unreadable star import), if so. */
  incompleteReason(): string | undefined;
}

const BUILTINS = new Set([
  "list", "tuple", "dict", "set", "frozenset", "str", "int", "float", "bool", "sorted", "len", "open", "print",
  "globals", "locals", "vars", "exec", "eval", "getattr", "setattr", "isinstance", "Exception", "ValueError",
  "ImportError", "KeyError", "range", "map", "filter", "zip", "any", "all", "min", "max", "repr", "__file__", "__name__",
]);

export function exprText(e: SExpr): string {
  switch (e.k) {
    case "str":
      return JSON.stringify(e.v);
    case "num":
      return String(e.v);
    case "bool":
      return e.v ? "True" : "False";
    case "none":
      return "None";
    case "name":
      return e.id;
    case "not":
      return `not ${exprText(e.operand)}`;
    case "list":
      return e.tuple ? "(…)" : "[…]";
    case "dict":
      return "{…}";
    default:
      return e.text;
  }
}

export function evaluate(e: SExpr, scope: Scope): SettingValue {
  const origin: Origin = { path: scope.path, line: e.line };
  switch (e.k) {
    case "str":
      return { kind: "str", value: e.v, origin };
    case "num":
      return { kind: "num", value: e.v, origin };
    case "bool":
      return { kind: "bool", value: e.v, origin };
    case "none":
      return { kind: "none", origin };
    case "fstr":
      return derived(e.text, e.parts.map((p) => evaluate(p, scope)), origin);
    case "name":
      return nameValue(e.id, scope, origin);
    case "attr": {
      const obj = evaluate(e.obj, scope);
      if (obj.kind === "ref") return { kind: "ref", dotted: `${obj.dotted}.${e.name}`, member: true, origin };
      if (obj.kind === "reader") return { ...obj, origin };
      return derived(e.text, [obj], origin);
    }
    case "sub":
      return subscript(e, scope, origin);
    case "call":
      return callValue(e, scope, origin);
    case "list":
      return listValue(e, scope, origin);
    case "dict":
      return dictValue(e, scope, origin);
    case "bin":
      return binary(e.op, evaluate(e.left, scope), evaluate(e.right, scope), e.text, origin);
    case "cmp":
      return compare(e, scope, origin);
    case "and":
    case "or": {
      const left = evaluate(e.left, scope);
      const t = truthy(left);
      if (t === undefined) return derived(e.text, [left, evaluate(e.right, scope)], origin);
      if (e.k === "and") return t ? evaluate(e.right, scope) : left;
      return t ? left : evaluate(e.right, scope);
    }
    case "not": {
      const v = evaluate(e.operand, scope);
      const t = truthy(v);
      return t === undefined ? derived(`not ${exprText(e.operand)}`, [v], origin) : { kind: "bool", value: !t, origin };
    }
    case "neg": {
      const v = evaluate(e.operand, scope);
      return v.kind === "num" ? { kind: "num", value: -v.value, origin } : derived(e.text, [v], origin);
    }
    case "if": {
      const cond = evaluate(e.cond, scope);
      const t = truthy(cond);
      if (t !== undefined) return evaluate(t ? e.then : e.else, scope);
      const alternatives = [evaluate(e.then, scope), evaluate(e.else, scope)];
      if (alternatives[0] && alternatives[1] && sameValue(alternatives[0], alternatives[1])) return alternatives[0];
      return unknown(cond.kind === "unknown" && cond.reason === "env" ? "env" : "conditional", e.text, {
        alternatives,
        condition: exprText(e.cond),
        origin,
        ...(cond.kind === "unknown" && cond.variable ? { variable: cond.variable } : {}),
      });
    }
    case "other":
      return unknown("expr", e.text, { origin });
  }
}

function nameValue(id: string, scope: Scope, origin: Origin): SettingValue {
  const bound = scope.get(id);
  if (bound) return bound;
  if (BUILTINS.has(id)) return { kind: "ref", dotted: `builtins.${id}`, origin };
  const why = scope.incompleteReason();
  return why ? unknown("import", `${id} (${why})`, { origin }) : unknown("expr", id, { origin });
}

/**
 * An unknown computed from other values: "env" when any env-driven value flows into it (so `DEBUG =
 * os.getenv("DEBUG") == "1"` stays env-driven), otherwise "expr".
 */
export function derived(text: string, parts: SettingValue[], origin: Origin): UnknownValue {
  const env = parts.find((p): p is UnknownValue => p.kind === "unknown" && p.reason === "env");
  return unknown(env ? "env" : "expr", text, { origin, ...(env?.variable ? { variable: env.variable } : {}) });
}

function subscript(e: Extract<SExpr, { k: "sub" }>, scope: Scope, origin: Origin): SettingValue {
  const obj = evaluate(e.obj, scope);
  const key = evaluate(e.key, scope);
  if (obj.kind === "ref" && (obj.dotted === "os.environ" || obj.dotted === "os.environb")) {
    return unknown("env", e.text, { origin, ...(key.kind === "str" ? { variable: key.value } : {}) });
  }
  if (obj.kind === "dict" && key.kind === "str") {
    const entry = obj.entries.get(key.value);
    if (entry && entry.guard === undefined) return entry.value;
  }
  if (obj.kind === "list" && key.kind === "num" && !obj.open && obj.items.every((i) => i.guard === undefined)) {
    const item = obj.items[key.value < 0 ? obj.items.length + key.value : key.value];
    if (item) return item.value;
  }
  return derived(e.text, [obj, key], origin);
}

function listValue(e: Extract<SExpr, { k: "list" }>, scope: Scope, origin: Origin): ListValue {
  const out: ListValue = { kind: "list", items: [], tuple: e.tuple, open: false, origin };
  for (const item of e.items) {
    const v = evaluate(item.value, scope);
    if (!item.splat) out.items.push({ value: v });
    else if (v.kind === "list") {
      out.items.push(...v.items);
      out.open ||= v.open;
    } else out.open = true;
  }
  return out;
}

function dictValue(e: Extract<SExpr, { k: "dict" }>, scope: Scope, origin: Origin): DictValue {
  const out: DictValue = { kind: "dict", entries: new Map(), open: false, origin };
  for (const entry of e.entries) {
    if ("splat" in entry) {
      const v = evaluate(entry.splat, scope);
      if (v.kind === "dict") {
        for (const [k, val] of v.entries) out.entries.set(k, val);
        out.open ||= v.open;
      } else out.open = true;
      continue;
    }
    const key = evaluate(entry.key, scope);
    if (key.kind === "str") out.entries.set(key.value, { value: evaluate(entry.value, scope) });
    else out.open = true;
  }
  return out;
}

export function binary(op: string, left: SettingValue, right: SettingValue, text: string, origin: Origin): SettingValue {
  if (op === "+") {
    if (left.kind === "list" && right.kind === "list") return concat(left, right);
    if (left.kind === "str" && right.kind === "str") return { kind: "str", value: left.value + right.value, origin };
    if (left.kind === "num" && right.kind === "num") return { kind: "num", value: left.value + right.value, origin };
  }
  if (op === "|" && left.kind === "dict" && right.kind === "dict") return mergeDicts(left, right);
  if (left.kind === "num" && right.kind === "num") {
    const v = op === "*" ? left.value * right.value : op === "-" ? left.value - right.value : op === "/" && right.value !== 0 ? left.value / right.value : op === "//" && right.value !== 0 ? Math.floor(left.value / right.value) : undefined;
    if (v !== undefined) return { kind: "num", value: v, origin };
  }
  return derived(text, [left, right], origin);
}

export function concat(left: ListValue, right: ListValue): ListValue {
  return { kind: "list", items: [...left.items, ...right.items], tuple: left.tuple, open: left.open || right.open, origin: left.origin };
}

export function mergeDicts(left: DictValue, right: DictValue): DictValue {
  const entries = new Map<string, Entry>(left.entries);
  for (const [k, v] of right.entries) entries.set(k, v);
  return { kind: "dict", entries, open: left.open || right.open, origin: left.origin };
}

function compare(e: Extract<SExpr, { k: "cmp" }>, scope: Scope, origin: Origin): SettingValue {
  const values = e.operands.map((o) => evaluate(o, scope));
  let result = true;
  for (let i = 0; i < e.ops.length; i++) {
    const a = values[i];
    const b = values[i + 1];
    const op = e.ops[i];
    if (!a || !b || !op) return derived(e.text, values, origin);
    const r = compareTwo(op, a, b);
    if (r === undefined) return derived(e.text, values, origin);
    result &&= r;
  }
  return { kind: "bool", value: result, origin };
}

function compareTwo(op: string, a: SettingValue, b: SettingValue): boolean | undefined {
  const scalar = (v: SettingValue): string | number | boolean | null | undefined =>
    v.kind === "str" || v.kind === "num" || v.kind === "bool" ? v.value : v.kind === "none" ? null : undefined;
  if (op === "in" || op === "not in") {
    const needle = scalar(a);
    if (needle === undefined) return undefined;
    let found: boolean | undefined;
    if (b.kind === "list") {
      if (b.items.some((i) => i.guard === undefined && scalar(i.value) === needle)) found = true;
      else if (!b.open && b.items.every((i) => i.guard === undefined && scalar(i.value) !== undefined)) found = false;
    } else if (b.kind === "dict" && typeof needle === "string") {
      const entry = b.entries.get(needle);
      if (entry && entry.guard === undefined) found = true;
      else if (!entry && !b.open) found = false;
    } else if (b.kind === "str" && typeof needle === "string") found = b.value.includes(needle);
    if (found === undefined) return undefined;
    return op === "in" ? found : !found;
  }
  const x = scalar(a);
  const y = scalar(b);
  if (x === undefined || y === undefined) return undefined;
  switch (op) {
    case "==":
    case "is":
      return x === y;
    case "!=":
    case "is not":
      return x !== y;
    case "<":
      return x !== null && y !== null ? x < y : undefined;
    case "<=":
      return x !== null && y !== null ? x <= y : undefined;
    case ">":
      return x !== null && y !== null ? x > y : undefined;
    case ">=":
      return x !== null && y !== null ? x >= y : undefined;
    default:
      return undefined;
  }
}

/** The dotted name a callee resolves to through imports (`getenv` → `os.getenv`), or undefined. */
export function calleeOf(fn: SExpr, scope: Scope): SettingValue {
  return evaluate(fn, scope);
}

function positional(e: Extract<SExpr, { k: "call" }>, i: number): SExpr | undefined {
  return e.args.filter((a) => a.kind === "pos")[i]?.value;
}

function keyword(e: Extract<SExpr, { k: "call" }>, name: string): SExpr | undefined {
  return e.args.find((a) => a.kind === "kw" && a.name === name)?.value;
}

function envLookup(e: Extract<SExpr, { k: "call" }>, scope: Scope, origin: Origin, schema?: ReadonlyMap<string, SettingValue>): UnknownValue {
  const variable = positional(e, 0) ?? keyword(e, "var") ?? keyword(e, "key") ?? keyword(e, "option");
  const defaultExpr = keyword(e, "default") ?? positional(e, 1);
  const variableValue = variable ? evaluate(variable, scope) : undefined;
  // django-environ: `Env(DEBUG=(bool, False))` declares defaults for `env("DEBUG")`.
  const def = defaultExpr ? evaluate(defaultExpr, scope) : variableValue?.kind === "str" ? schema?.get(variableValue.value) : undefined;
  return unknown("env", e.text, {
    origin,
    ...(variableValue?.kind === "str" ? { variable: variableValue.value } : {}),
    ...(def && def.kind !== "unknown" ? { default: def } : {}),
  });
}

function callValue(e: Extract<SExpr, { k: "call" }>, scope: Scope, origin: Origin): SettingValue {
  const callee = calleeOf(e.fn, scope);
  if (callee.kind === "reader") return envLookup(e, scope, origin, callee.defaults);
  if (callee.kind === "ref") {
    const dotted = callee.dotted;
    if (ENV_GETTERS.has(dotted)) return envLookup(e, scope, origin);
    const library = READER_FACTORIES.get(dotted);
    if (library) return { kind: "reader", library, defaults: readerSchema(e, scope), origin };
    if (CELERY_APP_CLASSES.has(dotted)) return { kind: "ref", dotted: CELERY_APP_MARKER, origin };
    if (DATABASE_URL_HELPERS.has(dotted)) {
      const arg = positional(e, 0);
      const parsed = arg ? evaluate(arg, scope) : undefined;
      if (parsed?.kind === "str") return unknown("expr", e.text, { origin, default: parsed });
      if (parsed?.kind === "unknown") return { ...parsed, text: e.text, origin };
      const variable = keyword(e, "env");
      const variableValue = variable ? evaluate(variable, scope) : undefined;
      const def = keyword(e, "default");
      const defValue = def ? evaluate(def, scope) : undefined;
      return unknown("env", e.text, {
        origin,
        variable: variableValue?.kind === "str" ? variableValue.value : "DATABASE_URL",
        ...(defValue && defValue.kind !== "unknown" ? { default: defValue } : {}),
      });
    }
    const builtin = builtinCall(dotted, e, scope, origin);
    if (builtin) return builtin;
    const last = dotted.slice(dotted.lastIndexOf(".") + 1);
    const first = positional(e, 0);
    if (first?.k === "str" && looksLikeEnvHelper(last, first.v)) return envLookup(e, scope, origin);
  }
  if (e.fn.k === "attr") {
    const method = methodCall(e, e.fn, scope, origin);
    if (method) return method;
  } else if (e.fn.k === "name") {
    const first = positional(e, 0);
    if (callee.kind === "unknown" && first?.k === "str" && looksLikeEnvHelper(e.fn.id, first.v)) return envLookup(e, scope, origin);
  }
  return derived(e.text, [callee, ...e.args.map((a) => evaluate(a.value, scope))], origin);
}

/** `Env(DEBUG=(bool, False), HOSTS=(list, []))`: the declared default of each variable. */
function readerSchema(e: Extract<SExpr, { k: "call" }>, scope: Scope): Map<string, SettingValue> {
  const out = new Map<string, SettingValue>();
  for (const arg of e.args) {
    if (arg.kind !== "kw" || !arg.name || arg.value.k !== "list") continue;
    const second = arg.value.items[1];
    if (second && !second.splat) {
      const v = evaluate(second.value, scope);
      if (v.kind !== "unknown") out.set(arg.name, v);
    }
  }
  return out;
}

function builtinCall(dotted: string, e: Extract<SExpr, { k: "call" }>, scope: Scope, origin: Origin): SettingValue | undefined {
  const first = positional(e, 0);
  if (dotted === "builtins.dict") {
    const out: DictValue = { kind: "dict", entries: new Map(), open: false, origin };
    if (first) {
      const base = evaluate(first, scope);
      if (base.kind === "dict") {
        for (const [k, v] of base.entries) out.entries.set(k, v);
        out.open = base.open;
      } else out.open = true;
    }
    for (const arg of e.args) {
      if (arg.kind === "kw" && arg.name) out.entries.set(arg.name, { value: evaluate(arg.value, scope) });
      else if (arg.kind === "dstar") {
        const v = evaluate(arg.value, scope);
        if (v.kind === "dict") for (const [k, val] of v.entries) out.entries.set(k, val);
        else out.open = true;
      }
    }
    return out;
  }
  if (!first || e.args.length !== 1) return undefined;
  const v = evaluate(first, scope);
  if (IDENTITY_CALLS.has(dotted)) {
    if (dotted === "builtins.tuple" && v.kind === "list") return { ...v, tuple: true };
    if (dotted === "builtins.list" && v.kind === "list") return { ...v, tuple: false };
    return v.kind === "list" || v.kind === "dict" ? v : undefined;
  }
  if (dotted === "builtins.bool") {
    const t = truthy(v);
    return t === undefined ? undefined : { kind: "bool", value: t, origin };
  }
  if (dotted === "builtins.int" && v.kind === "num") return v;
  if (dotted === "builtins.int" && v.kind === "str" && /^-?\d+$/.test(v.value.trim())) return { kind: "num", value: Number(v.value), origin };
  if (dotted === "builtins.str" && v.kind === "str") return v;
  return undefined;
}

/** `x.copy()`, `d.get(k, default)`, `s.lower()`, `s.split(",")` on values; `.get` on an unknown keeps its default. */
function methodCall(e: Extract<SExpr, { k: "call" }>, fn: Extract<SExpr, { k: "attr" }>, scope: Scope, origin: Origin): SettingValue | undefined {
  const obj = evaluate(fn.obj, scope);
  const first = positional(e, 0);
  switch (fn.name) {
    case "copy":
      return obj.kind === "list" || obj.kind === "dict" ? obj : undefined;
    case "get": {
      if (!first) return undefined;
      const key = evaluate(first, scope);
      // configparser's `get(section, option, fallback=…)` takes no positional default.
      const configParser = /config|parser|\bini\b|\bcp\b/i.test(exprText(fn.obj));
      const defExpr = configParser ? keyword(e, "fallback") : (positional(e, 1) ?? keyword(e, "default"));
      const def = defExpr ? evaluate(defExpr, scope) : ({ kind: "none", origin } as const);
      if (obj.kind === "dict" && key.kind === "str") {
        const entry = obj.entries.get(key.value);
        if (entry && entry.guard === undefined) return entry.value;
        if (!entry && !obj.open) return def;
      }
      if (obj.kind === "unknown") {
        return unknown(obj.reason === "env" ? "env" : "expr", e.text, {
          origin,
          ...(def.kind !== "unknown" && (defExpr || !configParser) ? { default: def } : {}),
          ...(key.kind === "str" && obj.reason === "env" ? { variable: key.value } : {}),
        });
      }
      return undefined;
    }
    case "lower":
    case "upper":
    case "strip":
      if (obj.kind === "str" && e.args.length === 0) {
        const value = fn.name === "lower" ? obj.value.toLowerCase() : fn.name === "upper" ? obj.value.toUpperCase() : obj.value.trim();
        return { kind: "str", value, origin };
      }
      return undefined;
    case "split":
      if (obj.kind === "str" && first?.k === "str" && e.args.length === 1) {
        return { kind: "list", items: obj.value.split(first.v).map((s) => ({ value: { kind: "str", value: s, origin } })), tuple: false, open: false, origin };
      }
      return undefined;
    default:
      return undefined;
  }
}
