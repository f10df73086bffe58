/**
 * Runs the module-level statements of a settings module, symbolically: star imports and
 * django-split-settings `include()` pull other modules in, overrides (`+=`, `.append`, `.insert`,
 * `X["k"] = v`, `.update`) change values, `if` branches whose condition is unknown are merged, and
 * Celery `app.conf` / `config_from_object` calls are recorded. Pure and memoised per module.
 */
import type { SExpr, SStmt, STarget } from "./syntax.js";
import { CELERY_APP_MARKER, READER_IMPORTS, SPLIT_SETTINGS_INCLUDE, SPLIT_SETTINGS_OPTIONAL } from "./env-calls.js";
import { binary, concat, evaluate, exprText, mergeDicts, type Scope } from "./expressions.js";
import { mergeEnvs } from "./merge.js";
import { matchPaths, normalise } from "./paths.js";
import { truthy, unknown, type DictValue, type Entry, type ListValue, type Origin, type SettingLookup, type SettingValue } from "./values.js";

export interface SettingsCode {
  module: string;
  path: string;
  isPackage: boolean;
  statements: SStmt[];
}

export interface CodeLookup {
  byModule(dotted: string): SettingsCode | undefined;
  byPath(path: string): SettingsCode | undefined;
  paths(): Iterable<string>;
}

export interface CeleryAppState {
  /** The variable holding the app (`app`). */
  name: string;
  origin: Origin;
  /** `config_from_object(<source>, namespace=<ns>)`: the source (`"django.conf:settings"`) and namespace. */
  configFrom?: { source: SettingValue; namespace?: SettingValue; origin: Origin };
  /** `app.conf.x = v` / `app.conf.update(x=v)`, keys as written. */
  conf: Map<string, SettingValue>;
  /** `app.conf.update(<unknown>)`: other keys may be set. */
  confOpen: boolean;
}

export interface EvaluatedModule {
  module: string;
  path: string;
  env: ReadonlyMap<string, SettingValue>;
  /** Why a name that is not bound may still be set (an unreadable star import, `globals().update`). */
  incomplete: string[];
  /** Optional modules that were not found (`try: from .local import *`, `optional("local.py")`): may override. */
  optionalMissing: string[];
  celeryApps: CeleryAppState[];
  /** Module-level calls of imported functions (`sentry_sdk.init`), for audits. */
  calls: Array<{ callee: string; origin: Origin }>;
  /** Paths of the modules this one star-imported and the files it included (split-settings), directly or not. */
  starImported: string[];
  included: string[];
  lookup(name: string): SettingLookup;
}

interface ExecState {
  env: Map<string, SettingValue>;
  starImported: string[];
  included: string[];
  incomplete: string[];
  optionalMissing: string[];
  celery: Map<string, CeleryAppState>;
  calls: Array<{ callee: string; origin: Origin }>;
}

/** Where the statements being run come from (an included file runs in the includer's namespace). */
interface Frame {
  code: SettingsCode;
  /** Files being included, for cycles. */
  including: Set<string>;
}

const MAX_INCLUDE_DEPTH = 12;

export class SettingsEvaluator {
  private readonly memo = new Map<string, EvaluatedModule>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly lookup: CodeLookup) {}

  evaluate(code: SettingsCode): EvaluatedModule {
    const memo = this.memo.get(code.module);
    if (memo) return memo;
    this.inProgress.add(code.module);
    const state: ExecState = { env: new Map(), starImported: [], included: [], incomplete: [], optionalMissing: [], celery: new Map(), calls: [] };
    this.run(code.statements, state, { code, including: new Set([code.path]) });
    this.inProgress.delete(code.module);
    const result = finish(code, state);
    this.memo.set(code.module, result);
    return result;
  }

  /** Runs statements; returns false when they raise unconditionally (the branch is dead). */
  private run(statements: readonly SStmt[], state: ExecState, frame: Frame): boolean {
    for (const stmt of statements) {
      if (!this.step(stmt, state, frame)) return false;
    }
    return true;
  }

  private step(stmt: SStmt, state: ExecState, frame: Frame): boolean {
    const scope = scopeOf(state, frame);
    const origin = { path: frame.code.path, line: stmt.line };
    switch (stmt.s) {
      case "assign": {
        const value = evaluate(stmt.value, scope);
        for (const name of stmt.names) bind(state, name, value, origin);
        return true;
      }
      case "unpack": {
        const value = evaluate(stmt.value, scope);
        const items = value.kind === "list" && !value.open && value.items.length === stmt.names.length ? value.items : undefined;
        stmt.names.forEach((name, i) => state.env.set(name, items?.[i]?.value ?? unknown("expr", `${name} (unpacked)`, { origin })));
        return true;
      }
      case "aug":
        this.augment(stmt.target, stmt.op, evaluate(stmt.value, scope), state, scope, origin);
        return true;
      case "set":
        this.setTarget(stmt.target, evaluate(stmt.value, scope), state, scope, origin);
        return true;
      case "del": {
        const keys = keysOf(stmt.target, scope);
        const root = state.env.get(stmt.target.name);
        if (keys && root) state.env.set(stmt.target.name, updateAt(root, keys, () => undefined, origin));
        return true;
      }
      case "call":
        this.callStatement(stmt.call, state, frame, scope, origin);
        return true;
      case "star":
        this.starImport(stmt.module, state, frame, false);
        return true;
      case "import":
        this.importName(stmt, state, frame, origin);
        return true;
      case "if":
        return this.branch(stmt.branches, state, frame);
      case "try": {
        const first = stmt.body[0];
        const missing = first && (first.s === "star" || first.s === "import") ? this.missingProjectModule(first, frame) : undefined;
        if (missing) {
          state.optionalMissing.push(missing);
          if (!this.run(stmt.handlers[0] ?? [], state, frame)) return false;
        } else {
          if (!this.run(stmt.body, state, frame)) return false;
          if (!this.run(stmt.orelse, state, frame)) return false;
        }
        return this.run(stmt.final, state, frame);
      }
      case "def":
        state.env.set(stmt.name, { kind: "ref", dotted: `${frame.code.module}.${stmt.name}`, origin });
        return true;
      case "settingsClass":
        // The settings are this class's attributes (and its bases'), picked by DJANGO_CONFIGURATION when
        // the process starts: a name the module does not bind may still be set. Module-level values stay.
        state.env.set(stmt.name, { kind: "ref", dotted: `${frame.code.module}.${stmt.name}`, origin });
        state.incomplete.push(`the settings class \`${stmt.name}\` (${frame.code.path}:${stmt.line}), whose attributes are the settings of the configuration chosen at run time`);
        return true;
      case "raise":
        return false;
      case "opaque":
        for (const name of stmt.names) {
          const cur = state.env.get(name);
          state.env.set(name, opened(cur, `changed in a loop at line ${stmt.line}`, origin));
        }
        return true;
    }
  }

  private augment(target: STarget, op: string, value: SettingValue, state: ExecState, scope: Scope, origin: Origin): void {
    const keys = keysOf(target, scope);
    const root = state.env.get(target.name);
    if (!keys || target.path.some((p) => "attr" in p)) {
      if (root) state.env.set(target.name, opened(root, `${target.name} changed at line ${origin.line}`, origin));
      return;
    }
    const apply = (cur: SettingValue | undefined): SettingValue => {
      if (cur === undefined) return unknown("expr", `${target.name} ${op}= …`, { origin });
      if (op === "+" && cur.kind === "unknown" && value.kind === "list") return { ...value, open: true, origin };
      return binary(op, cur, value, `${target.name} ${op}= …`, origin);
    };
    if (keys.length === 0) state.env.set(target.name, apply(root));
    else if (root) state.env.set(target.name, updateAt(root, keys, apply, origin));
  }

  private setTarget(target: STarget, value: SettingValue, state: ExecState, scope: Scope, origin: Origin): void {
    const first = target.path[0];
    // `app.conf.x = v` / `app.conf["x"] = v` on a Celery app.
    const app = state.celery.get(target.name);
    if (app && first && "attr" in first && first.attr === "conf" && target.path.length === 2) {
      const second = target.path[1];
      const key = second && ("attr" in second ? second.attr : keyString(evaluate(second.key, scope)));
      if (key) app.conf = new Map(app.conf).set(key, value);
      return;
    }
    const keys = keysOf(target, scope);
    const root = state.env.get(target.name);
    if (!keys) {
      if (root && target.path.every((p) => !("attr" in p))) state.env.set(target.name, opened(root, `${target.name}[…] set at line ${origin.line}`, origin));
      return;
    }
    if (root) state.env.set(target.name, updateAt(root, keys, () => value, origin));
  }

  private callStatement(call: SExpr, state: ExecState, frame: Frame, scope: Scope, origin: Origin): void {
    if (call.k !== "call") return;
    const fn = call.fn;
    const callee = evaluate(fn, scope);
    if (callee.kind === "ref" && SPLIT_SETTINGS_INCLUDE.has(callee.dotted)) {
      this.include(call, state, frame, scope);
      return;
    }
    if ((callee.kind === "ref" && callee.dotted === "builtins.exec") || writesModuleNamespace(fn, scope)) {
      markIncomplete(state, `${call.text} at line ${origin.line}`);
      return;
    }
    if (fn.k === "attr") {
      if (this.celeryCall(fn, call, state, scope, origin)) return;
      const target = targetOfExpr(fn.obj);
      const keys = target && keysOf(target, scope);
      const root = target && state.env.get(target.name);
      if (target && keys && root && root.kind !== "ref" && root.kind !== "reader") {
        const args = call.args.map((a) => ({ ...a, v: evaluate(a.value, scope) }));
        state.env.set(target.name, updateAt(root, keys, (cur) => applyMethod(cur, fn.name, args, origin), origin));
        return;
      }
    }
    if (callee.kind === "ref") state.calls.push({ callee: callee.dotted, origin });
  }

  /** `app.config_from_object(...)`, `app.conf.update(...)`. */
  private celeryCall(fn: Extract<SExpr, { k: "attr" }>, call: Extract<SExpr, { k: "call" }>, state: ExecState, scope: Scope, origin: Origin): boolean {
    const obj = fn.obj;
    if (obj.k === "name" && fn.name === "config_from_object") {
      const app = state.celery.get(obj.id);
      if (!app) return false;
      const source = call.args.find((a) => a.kind === "pos")?.value;
      const ns = call.args.find((a) => a.kind === "kw" && a.name === "namespace")?.value;
      app.configFrom = {
        source: source ? evaluate(source, scope) : unknown("expr", call.text, { origin }),
        ...(ns ? { namespace: evaluate(ns, scope) } : {}),
        origin,
      };
      return true;
    }
    if (obj.k === "attr" && obj.name === "conf" && obj.obj.k === "name" && fn.name === "update") {
      const app = state.celery.get(obj.obj.id);
      if (!app) return false;
      const conf = new Map(app.conf);
      for (const arg of call.args) {
        if (arg.kind === "kw" && arg.name) conf.set(arg.name, evaluate(arg.value, scope));
        else {
          const v = evaluate(arg.value, scope);
          if (v.kind === "dict") {
            for (const [k, e] of v.entries) conf.set(k, e.value);
            app.confOpen ||= v.open;
          } else app.confOpen = true;
        }
      }
      app.conf = conf;
      return true;
    }
    return false;
  }

  private include(call: Extract<SExpr, { k: "call" }>, state: ExecState, frame: Frame, scope: Scope): void {
    for (const item of this.includeItems(call, scope, state)) {
      if (item.template !== undefined) {
        this.includeOneOf(item.template, item.text ?? item.template, state, frame);
        continue;
      }
      if (item.guard === undefined) {
        this.includeOne(item.pattern, item.optional, state, frame);
        continue;
      }
      // An include added to the list under a condition (`base_settings.append("docker.py")` in an `if`).
      const taken = cloneState(state);
      this.includeOne(item.pattern, item.optional, taken, frame);
      const merged = mergeEnvs({ env: taken.env, guard: item.guard }, { env: state.env, guard: `not (${item.guard})` });
      state.env = merged;
      state.included = unique([...state.included, ...taken.included]);
      state.incomplete = unique([...state.incomplete, ...taken.incomplete]);
      state.optionalMissing = unique([...state.optionalMissing, ...taken.optionalMissing]);
    }
  }

  /**
   * `include("environments/{0}.py".format(ENV))` / `include(f"environments/{ENV}.py")`: exactly one of the
   * files the template matches runs; values that differ between them become conditional.
   */
  private includeOneOf(template: string, text: string, state: ExecState, frame: Frame): void {
    const dir = frame.code.path.includes("/") ? frame.code.path.slice(0, frame.code.path.lastIndexOf("/") + 1) : "";
    const paths = matchPaths(normalise(dir + template), this.lookup.paths());
    if (paths.length === 0) {
      markIncomplete(state, `include(${text}) of a file not in the repository`);
      return;
    }
    const branches = paths.map((path) => {
      const branch = cloneState(state);
      this.includeOne(path.slice(dir.length), false, branch, frame);
      return { branch, guard: `${text} is ${path.slice(path.lastIndexOf("/") + 1)}` };
    });
    let merged = branches[branches.length - 1]?.branch;
    for (let i = branches.length - 2; i >= 0 && merged; i--) {
      const b = branches[i];
      if (!b) continue;
      const env = mergeEnvs({ env: b.branch.env, guard: b.guard }, { env: merged.env, guard: `not (${b.guard})` });
      merged = { ...merged, env, included: unique([...merged.included, ...b.branch.included]), starImported: unique([...merged.starImported, ...b.branch.starImported]), incomplete: unique([...merged.incomplete, ...b.branch.incomplete]), optionalMissing: unique([...merged.optionalMissing, ...b.branch.optionalMissing]) };
    }
    if (merged) adopt(state, merged);
  }

  /** The files an `include(...)` call names: literal paths, `optional(path)`, templates, and `*list` of them. */
  private includeItems(call: Extract<SExpr, { k: "call" }>, scope: Scope, state: ExecState): Array<{ pattern: string; optional: boolean; guard?: string; template?: string; text?: string }> {
    const items: Array<{ pattern: string; optional: boolean; guard?: string; template?: string; text?: string }> = [];
    const addUnknown = (e: SExpr): void => {
      const template = templateOf(e.k === "call" || e.k === "fstr" ? e.text : "");
      if (template !== undefined) items.push({ pattern: template, optional: false, template, text: exprText(e) });
      else markIncomplete(state, `include(${exprText(e)})`);
    };
    for (const arg of call.args) {
      if (arg.kind === "kw") continue;
      if (arg.kind === "pos" && arg.value.k === "call") {
        const inner = evaluate(arg.value.fn, scope);
        const first = arg.value.args[0]?.value;
        if (inner.kind === "ref" && SPLIT_SETTINGS_OPTIONAL.has(inner.dotted) && first?.k === "str") {
          items.push({ pattern: first.v, optional: true });
          continue;
        }
      }
      const v = evaluate(arg.value, scope);
      if (arg.kind === "pos" && v.kind === "str") items.push({ pattern: v.value, optional: false });
      else if (arg.kind === "pos") addUnknown(arg.value);
      else if (arg.kind === "star" && arg.value.k === "list") {
        for (const item of arg.value.items) {
          const iv = evaluate(item.value, scope);
          if (iv.kind === "str") items.push({ pattern: iv.value, optional: false });
          else addUnknown(item.value);
        }
      } else if (arg.kind === "star" && v.kind === "list") {
        for (const entry of v.items) {
          const guard = entry.guard !== undefined ? { guard: entry.guard } : {};
          const text = entry.value.kind === "unknown" ? entry.value.text : "";
          const optional = /^optional\(\s*["']([^"']+)["']\s*\)$/.exec(text)?.[1];
          const template = templateOf(text);
          if (entry.value.kind === "str") items.push({ pattern: entry.value.value, optional: false, ...guard });
          else if (optional !== undefined) items.push({ pattern: optional, optional: true, ...guard });
          else if (template !== undefined && entry.guard === undefined) items.push({ pattern: template, optional: false, template, text });
          else markIncomplete(state, `include() of ${exprText(arg.value)}`);
        }
        if (v.open) markIncomplete(state, `include() of ${exprText(arg.value)}`);
      } else markIncomplete(state, `include(${exprText(arg.value)})`);
    }
    return items;
  }

  private includeOne(pattern: string, optional: boolean, state: ExecState, frame: Frame): void {
    const dir = frame.code.path.includes("/") ? frame.code.path.slice(0, frame.code.path.lastIndexOf("/") + 1) : "";
    const paths = matchPaths(normalise(dir + pattern), this.lookup.paths());
    if (paths.length === 0) {
      if (optional) state.optionalMissing.push(pattern);
      else markIncomplete(state, `include("${pattern}") of a file not in the repository`);
    }
    for (const path of paths) {
      const code = this.lookup.byPath(path);
      if (!code || frame.including.has(path) || frame.including.size > MAX_INCLUDE_DEPTH) continue;
      const including = new Set(frame.including).add(path);
      state.included.push(path);
      this.run(code.statements, state, { code, including });
    }
  }

  private starImport(module: string, state: ExecState, frame: Frame, optional: boolean): void {
    const code = this.lookup.byModule(module);
    if (!code || code.module === frame.code.module || this.inProgress.has(code.module)) {
      if (optional) state.optionalMissing.push(module);
      else markIncomplete(state, `from ${module} import *`);
      return;
    }
    const imported = this.evaluate(code);
    state.starImported.push(code.path, ...imported.starImported);
    state.included.push(...imported.included);
    // Names the imported module could not see may be defined by it too: they may override earlier ones.
    for (const reason of imported.incomplete) if (!state.incomplete.includes(reason)) markIncomplete(state, reason);
    const all = imported.env.get("__all__");
    const names = all?.kind === "list" && !all.open && all.items.every((i) => i.value.kind === "str") ? all.items.map((i) => (i.value.kind === "str" ? i.value.value : "")) : undefined;
    for (const [name, value] of imported.env) {
      if (names ? names.includes(name) : !name.startsWith("_")) state.env.set(name, value);
    }
    state.optionalMissing.push(...imported.optionalMissing);
    for (const app of imported.celeryApps) if (!names || names.includes(app.name)) state.celery.set(app.name, app);
  }

  private importName(stmt: Extract<SStmt, { s: "import" }>, state: ExecState, frame: Frame, origin: Origin): void {
    const { local, target } = stmt;
    const reader = READER_IMPORTS.get(target);
    if (reader) {
      state.env.set(local, { kind: "reader", library: reader, origin });
      return;
    }
    const dot = target.lastIndexOf(".");
    const from = dot > 0 ? this.lookup.byModule(target.slice(0, dot)) : undefined;
    if (from && from.module !== frame.code.module && !this.inProgress.has(from.module)) {
      const imported = this.evaluate(from);
      const value = imported.env.get(target.slice(dot + 1));
      if (value) {
        bind(state, local, value, origin);
        const app = imported.celeryApps.find((a) => a.name === target.slice(dot + 1));
        if (app) state.celery.set(local, app);
        return;
      }
    }
    state.env.set(local, { kind: "ref", dotted: target, ...(stmt.member ? { member: true as const } : {}), origin });
  }

  private branch(branches: ReadonlyArray<{ cond?: SExpr; body: SStmt[] }>, state: ExecState, frame: Frame): boolean {
    for (let i = 0; i < branches.length; i++) {
      const branch = branches[i];
      if (!branch) break;
      if (!branch.cond) return this.run(branch.body, state, frame);
      const t = truthy(evaluate(branch.cond, scopeOf(state, frame)));
      if (t === true) return this.run(branch.body, state, frame);
      if (t === false) continue;
      // Unknown condition: this branch and the rest (the "else" side) are both possible.
      const guard = exprText(branch.cond);
      const taken = cloneState(state);
      const takenOk = this.run(branch.body, taken, frame);
      const rest = cloneState(state);
      const restOk = this.branch(branches.slice(i + 1), rest, frame);
      if (!takenOk && !restOk) return false;
      if (!takenOk) return adopt(state, rest);
      if (!restOk) return adopt(state, taken);
      const merged = mergeEnvs({ env: taken.env, guard }, { env: rest.env, guard: `not (${guard})` });
      adopt(state, rest);
      state.env = merged;
      for (const [name, app] of taken.celery) if (!state.celery.has(name)) state.celery.set(name, app);
      state.starImported = unique([...state.starImported, ...taken.starImported]);
      state.included = unique([...state.included, ...taken.included]);
      state.incomplete = unique([...taken.incomplete, ...rest.incomplete]);
      state.optionalMissing = unique([...taken.optionalMissing, ...rest.optionalMissing]);
      return true;
    }
    return true;
  }

  /** A `from x import *` / `import x` at the top of a `try:` whose project module is not in the repository. */
  private missingProjectModule(stmt: Extract<SStmt, { s: "star" | "import" }>, frame: Frame): string | undefined {
    const module = stmt.s === "star" ? stmt.module : stmt.target.slice(0, Math.max(stmt.target.lastIndexOf("."), 0)) || stmt.target;
    if (this.lookup.byModule(module) || this.lookup.byModule(stmt.s === "import" ? stmt.target : module)) return undefined;
    const top = frame.code.module.split(".")[0];
    const projectLike = module.split(".")[0] === top || /settings|local|secret|prod|dev|custom|site/i.test(module);
    return projectLike ? module : undefined;
  }
}

/**
 * `globals().update(cfg)`, `vars().update(yaml.safe_load(f))`, `vars()[key].update(v)`,
 * `globals().setdefault(...)`: a method call on the module's own namespace (or on a value held in it)
 * may set or change any setting, so nothing bound so far is certain.
 */
function writesModuleNamespace(fn: SExpr, scope: Scope): boolean {
  let e: SExpr = fn;
  while (e.k === "attr" || e.k === "sub") e = e.obj;
  if (e.k !== "call" || e === fn) return false;
  const callee = evaluate(e.fn, scope);
  return callee.kind === "ref" && NAMESPACES.has(callee.dotted);
}

const NAMESPACES = new Set(["builtins.globals", "builtins.vars", "builtins.locals"]);

/**
 * Code the evaluator cannot read runs here (an include of an unknown file, a star import of a missing
 * module, `globals().update`): it may set any name, so every value bound so far may be overridden.
 */
function markIncomplete(state: ExecState, reason: string): void {
  state.incomplete.push(reason);
  for (const [name, value] of state.env) {
    if (value.kind === "ref" || value.kind === "reader") continue;
    if (value.kind === "unknown" && value.reason === "import") continue;
    state.env.set(name, unknown("import", `${name} may be overridden by ${reason}`, { alternatives: [value], ...(value.origin ? { origin: value.origin } : {}) }));
  }
}

/**
 * A path template with unknown parts as a glob: `"environments/{0}.py".format(ENV)` and
 * `f"environments/{ENV}.py"` (as written) → `environments/*.py`.
 */
function templateOf(text: string): string | undefined {
  const raw = /^["']([^"']*)["']\s*\.\s*format\s*\(/.exec(text)?.[1] ?? /^[fF](["'])([^"']*)\1$/.exec(text)?.[2];
  if (raw === undefined || !raw.includes("{")) return undefined;
  const glob = raw.replace(/\{[^{}]*\}/g, "*");
  return /\.py$/.test(glob) && !glob.startsWith("*") ? glob : undefined;
}

function scopeOf(state: ExecState, frame: Frame): Scope {
  return {
    path: frame.code.path,
    get: (name) => state.env.get(name),
    incompleteReason: () => (state.incomplete.length > 0 ? state.incomplete.join("; ") : undefined),
  };
}

function bind(state: ExecState, name: string, value: SettingValue, origin: Origin): void {
  state.env.set(name, value.origin ? value : { ...value, origin });
  if (value.kind === "ref" && value.dotted === CELERY_APP_MARKER) {
    state.celery.set(name, { name, origin: value.origin ?? origin, conf: new Map(), confOpen: false });
  }
}

function cloneState(state: ExecState): ExecState {
  const celery = new Map<string, CeleryAppState>();
  for (const [name, app] of state.celery) celery.set(name, { ...app, conf: new Map(app.conf) });
  return { env: new Map(state.env), starImported: [...state.starImported], included: [...state.included], incomplete: [...state.incomplete], optionalMissing: [...state.optionalMissing], celery, calls: [...state.calls] };
}

function adopt(state: ExecState, from: ExecState): boolean {
  state.env = from.env;
  state.starImported = unique([...state.starImported, ...from.starImported]);
  state.included = unique([...state.included, ...from.included]);
  state.incomplete = from.incomplete;
  state.optionalMissing = from.optionalMissing;
  state.celery = from.celery;
  state.calls = from.calls;
  return true;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function finish(code: SettingsCode, state: ExecState): EvaluatedModule {
  const incomplete = unique(state.incomplete);
  return {
    module: code.module,
    path: code.path,
    env: state.env,
    incomplete,
    optionalMissing: unique(state.optionalMissing),
    celeryApps: [...state.celery.values()],
    calls: state.calls,
    starImported: unique(state.starImported),
    included: unique(state.included),
    lookup(name) {
      const value = state.env.get(name);
      if (value) return { status: "set", value };
      if (incomplete.length > 0) return { status: "unknown", reason: `may be set by ${incomplete.join("; ")}` };
      return { status: "unset" };
    },
  };
}

/** A value changed by code the evaluator does not follow: containers stay known but open. */
function opened(cur: SettingValue | undefined, text: string, origin: Origin): SettingValue {
  if (cur?.kind === "list" || cur?.kind === "dict") return { ...cur, open: true };
  return unknown("dynamic", text, { origin });
}

function keyString(v: SettingValue): string | undefined {
  return v.kind === "str" ? v.value : undefined;
}

/** Subscript keys of a target as literal strings/numbers; undefined when one is not literal. */
function keysOf(target: STarget, scope: Scope): Array<string | number> | undefined {
  const keys: Array<string | number> = [];
  for (const part of target.path) {
    if ("attr" in part) return undefined;
    const v = evaluate(part.key, scope);
    if (v.kind === "str" || v.kind === "num") keys.push(v.value);
    else return undefined;
  }
  return keys;
}

function targetOfExpr(e: SExpr): STarget | undefined {
  const path: STarget["path"] = [];
  let cur = e;
  while (cur.k === "sub") {
    path.unshift({ key: cur.key });
    cur = cur.obj;
  }
  return cur.k === "name" ? { name: cur.id, path } : undefined;
}

/**
 * Replaces the value at `keys` inside `root` (dicts by string key, lists by index) with `fn(current)`;
 * `fn` returning undefined deletes the key. A path through something unknown opens the root instead.
 */
function updateAt(root: SettingValue, keys: ReadonlyArray<string | number>, fn: (cur: SettingValue | undefined) => SettingValue | undefined, origin: Origin): SettingValue {
  const [key, ...rest] = keys;
  if (key === undefined) return fn(root) ?? unknown("expr", "deleted", { origin });
  if (root.kind === "dict" && typeof key === "string") {
    const entries = new Map<string, Entry>(root.entries);
    const cur = root.entries.get(key);
    const next = rest.length === 0 ? fn(cur?.value) : cur ? updateAt(cur.value, rest, fn, origin) : undefined;
    if (next === undefined) {
      if (rest.length > 0 && !cur) return { ...root, open: true } satisfies DictValue;
      entries.delete(key);
    } else entries.set(key, { value: next });
    return { ...root, entries } satisfies DictValue;
  }
  if (root.kind === "list" && typeof key === "number") {
    const items = [...root.items];
    const index = key < 0 ? items.length + key : key;
    const cur = items[index];
    if (!cur || root.open) return { ...root, open: true } satisfies ListValue;
    const next = rest.length === 0 ? fn(cur.value) : updateAt(cur.value, rest, fn, origin);
    if (next === undefined) items.splice(index, 1);
    else items[index] = { value: next };
    return { ...root, items } satisfies ListValue;
  }
  if (root.kind === "unknown" && typeof key === "string") {
    // `X["k"] = v` on an unknown X: X is some dict that now surely holds k.
    const next = rest.length === 0 ? fn(undefined) : undefined;
    return next ? { kind: "dict", entries: new Map([[key, { value: next }]]), open: true, extends: root, origin } : root;
  }
  return root;
}

type EvaluatedArg = { kind: "pos" | "kw" | "star" | "dstar"; name?: string; v: SettingValue };

/** `X.append(v)`, `.insert(i, v)`, `.extend(seq)`, `.remove(v)`, `.update(d)`, `.setdefault(k, v)`, `.pop(k)`. */
function applyMethod(cur: SettingValue | undefined, method: string, args: EvaluatedArg[], origin: Origin): SettingValue | undefined {
  const pos = args.filter((a) => a.kind === "pos").map((a) => a.v);
  if (cur?.kind === "unknown") {
    // An unknown list/dict that surely holds these items/keys now.
    if ((method === "append" || method === "insert") && pos.length > 0) {
      const v = pos[pos.length - 1];
      return v ? { kind: "list", items: [{ value: v }], tuple: false, open: true, origin } : cur;
    }
    if (method === "extend" && pos[0]?.kind === "list") return { ...pos[0], open: true, origin };
    return cur;
  }
  if (cur?.kind === "list") {
    switch (method) {
      case "append":
        return pos[0] ? { ...cur, items: [...cur.items, { value: pos[0] }] } : cur;
      case "insert": {
        const [index, v] = pos;
        if (index?.kind !== "num" || !v) return { ...cur, open: true };
        const items = [...cur.items];
        const at = index.value < 0 ? Math.max(items.length + index.value, 0) : Math.min(index.value, items.length);
        items.splice(at, 0, { value: v });
        return { ...cur, items };
      }
      case "extend":
        return pos[0]?.kind === "list" ? concat(cur, pos[0]) : { ...cur, open: true };
      case "remove": {
        const v = pos[0];
        const at = v ? cur.items.findIndex((i) => i.value.kind === v.kind && "value" in i.value && "value" in v && i.value.value === v.value) : -1;
        if (at < 0) return { ...cur, open: true };
        const items = [...cur.items];
        items.splice(at, 1);
        return { ...cur, items };
      }
      default:
        return { ...cur, open: true };
    }
  }
  if (cur?.kind === "dict") {
    switch (method) {
      case "update": {
        let out: DictValue = cur;
        for (const a of args) {
          if (a.kind === "kw" && a.name) out = { ...out, entries: new Map(out.entries).set(a.name, { value: a.v }) };
          else if (a.v.kind === "dict") out = mergeDicts(out, a.v);
          else out = { ...out, open: true };
        }
        return out;
      }
      case "setdefault": {
        const [key, v] = pos;
        if (key?.kind !== "str") return { ...cur, open: true };
        if (cur.entries.has(key.value)) return cur;
        return { ...cur, entries: new Map(cur.entries).set(key.value, { value: v ?? { kind: "none", origin } }) };
      }
      case "pop": {
        const key = pos[0];
        if (key?.kind !== "str") return { ...cur, open: true };
        const entries = new Map(cur.entries);
        entries.delete(key.value);
        return { ...cur, entries };
      }
      case "get":
      case "copy":
      case "keys":
      case "values":
      case "items":
        return cur;
      default:
        return { ...cur, open: true };
    }
  }
  return cur;
}
