/**
 * The settings part of the ProjectIndex (RULES.md §3 "S"): which modules are Django settings, which one
 * production runs, and the value of any setting there, evaluated through star imports, split-settings
 * includes and overrides. Env-driven and unreadable values are "unknown", never guessed.
 */
import { isSettingsPath } from "../select.js";
import { ENTRY_PRIORITY, type SettingsModuleRef, type SourceLine } from "./entry-points.js";
import { SettingsEvaluator, type CodeLookup, type EvaluatedModule, type SettingsCode } from "./evaluate.js";
import { assignsDjangoSettings, pulledModules, roleOf, type SettingsRole } from "./roles.js";
import { sameValue, type SettingLookup } from "./values.js";
import type { ComposeService } from "./compose.js";
import { celeryConfigOf, type CeleryConfig } from "./celery-config.js";
import { developmentSignal, folderRoleReason, singleHostReason, templateRoleReason } from "./deployment.js";

export interface SettingsModuleInfo {
  module: string;
  path: string;
  role: SettingsRole;
  /** Star-imported or included by another settings module: a base or a fragment, not run on its own. */
  imported: boolean;
  /** Included by django-split-settings into another module's namespace: never run on its own. */
  fragment: boolean;
  /** Named by an entry point (wsgi.py, Dockerfile, …). */
  referenced: boolean;
  /** Why the module is development-only whatever its role word (a docs, example or workbench folder; a template to copy). */
  roleReason?: string;
}

export interface ProductionChoice {
  /** The settings module production runs, when it can be decided. */
  module?: string;
  /** How it was decided, or why not (one sentence). */
  reason: string;
  candidates: string[];
  /** Why the production module describes one process on one machine (SQLite, per-process caches and no deployment files). */
  singleHost?: string;
}

export interface SettingsIndex {
  /** Every Django settings module, by dotted module name. */
  modules: ReadonlyMap<string, SettingsModuleInfo>;
  production: ProductionChoice;
  /** Where the project names its settings module. */
  entryPoints: readonly SettingsModuleRef[];
  /** Deployment lines (Procfile, compose file, Dockerfile) that start a Celery worker with task events on. */
  workerEvents: readonly SourceLine[];
  /** The services of the repository's compose files (settings/compose.ts). */
  compose: readonly ComposeService[];
  /** A module's settings after running it symbolically (memoised); undefined when the module is not indexed. */
  evaluated(module: string): EvaluatedModule | undefined;
  /** A setting in the production module; unknown when production cannot be decided. */
  inProduction(name: string): SettingLookup;
  /**
   * A setting as the project runs it: the production module when decided, otherwise the value every
   * non-test root settings module agrees on (unknown when they disagree).
   */
  effective(name: string): SettingLookup;
  /** The modules `effective` reads (production, or every non-test root). */
  effectiveModules(): EvaluatedModule[];
  celery: CeleryConfig;
}

export function buildSettingsIndex(code: readonly SettingsCode[], refs: readonly SettingsModuleRef[], workerEvents: readonly SourceLine[] = [], compose: readonly ComposeService[] = []): SettingsIndex {
  const lookup = codeLookup(code);
  const evaluator = new SettingsEvaluator(lookup);
  const referenced = new Set<string>();
  for (const ref of refs) {
    const target = lookup.byModule(ref.module);
    if (target) referenced.add(target.module);
  }

  const modules = new Map<string, SettingsModuleInfo>();
  const candidates = code.filter((c) => isSettingsPath(c.path) && (referenced.has(c.module) || assignsDjangoSettings(c.statements) || pulledModules(c.statements).includes.length > 0));
  const evaluatedCode = (c: SettingsCode): EvaluatedModule => evaluator.evaluate(c);
  // What each non-test settings module pulls in when it runs: star-imported bases and included fragments.
  const starImported = new Set<string>();
  const included = new Set<string>();
  for (const c of candidates) {
    if (roleOf(c.module) === "test") continue;
    const run = evaluatedCode(c);
    for (const path of run.starImported) if (path !== c.path) starImported.add(path);
    for (const path of run.included) if (path !== c.path) included.add(path);
  }
  for (const c of candidates) {
    const imported = starImported.has(c.path) || included.has(c.path);
    const roleReason = folderRoleReason(c.path) ?? templateRoleReason(c.module, c.path, imported);
    modules.set(c.module, {
      module: c.module,
      path: c.path,
      role: roleReason ? "development" : roleOf(c.module),
      ...(roleReason ? { roleReason } : {}),
      imported,
      fragment: included.has(c.path),
      referenced: referenced.has(c.module),
    });
  }

  const evaluated = (module: string): EvaluatedModule | undefined => {
    const c = lookup.byModule(module);
    return c ? evaluator.evaluate(c) : undefined;
  };
  const production = withDeployment(chooseProduction(modules, refs, lookup, evaluated), modules, refs, evaluated);
  const roots = (): EvaluatedModule[] => {
    if (production.module) {
      const prod = evaluated(production.module);
      return prod ? [prod] : [];
    }
    return [...modules.values()]
      .filter((m) => !m.imported && m.role !== "test")
      .map((m) => evaluated(m.module))
      .filter((m): m is EvaluatedModule => m !== undefined);
  };

  const index: SettingsIndex = {
    modules,
    production,
    entryPoints: refs,
    workerEvents,
    compose,
    evaluated,
    inProduction(name) {
      if (!production.module) return { status: "unknown", reason: `production settings module not decided: ${production.reason}` };
      const prod = evaluated(production.module);
      return prod ? prod.lookup(name) : { status: "unknown", reason: `${production.module} is not indexed` };
    },
    effective(name) {
      const list = roots();
      if (list.length === 0) return { status: "unknown", reason: "no settings module found" };
      const results = list.map((m) => m.lookup(name));
      const first = results[0];
      if (!first) return { status: "unknown", reason: "no settings module found" };
      for (const r of results.slice(1)) {
        if (r.status !== first.status) return { status: "unknown", reason: `settings modules disagree on ${name} and the production module is not decided` };
        if (r.status === "set" && first.status === "set" && !sameValue(r.value, first.value)) {
          return { status: "unknown", reason: `settings modules disagree on ${name} and the production module is not decided` };
        }
      }
      return first;
    },
    effectiveModules: roots,
    get celery(): CeleryConfig {
      return (celery ??= celeryConfigOf(code, evaluator, index));
    },
  };
  let celery: CeleryConfig | undefined;
  return index;
}

function chooseProduction(
  modules: ReadonlyMap<string, SettingsModuleInfo>,
  refs: readonly SettingsModuleRef[],
  lookup: CodeLookup,
  evaluated: (module: string) => EvaluatedModule | undefined,
): ProductionChoice {
  // A module chosen by an entry point or as the only one, that sets `DEBUG = True` outright, is a
  // development project's settings (a demo or dev project shipped with a reusable app), not production.
  // The only module, chosen for want of another, must also not default DEBUG on or allow only localhost.
  const devSignal = (module: string, strict: boolean): string | undefined => {
    const run = evaluated(module);
    return run ? developmentSignal(run, strict) : undefined;
  };
  const debugNotes: string[] = [];
  const all = [...modules.values()];
  if (all.length === 0) return { reason: "no settings module found", candidates: [] };
  const named = all.filter((m) => m.role === "production" && !m.fragment);
  if (named.length === 1 && named[0]) return { module: named[0].module, reason: `${named[0].path} is named for production`, candidates: [named[0].module] };
  if (named.length > 1) {
    const byRef = named.filter((m) => m.referenced);
    const exact = (byRef.length > 0 ? byRef : named).filter((m) => /^(prod|production|live)$/.test(m.module.slice(m.module.lastIndexOf(".") + 1)));
    const pick = byRef.length === 1 ? byRef : exact.length === 1 ? exact : [];
    if (pick[0]) return { module: pick[0].module, reason: `${pick[0].path} is named for production (of ${named.length} candidates)`, candidates: named.map((m) => m.module) };
    return { reason: `several settings modules are named for production (${named.map((m) => m.path).join(", ")})`, candidates: named.map((m) => m.module) };
  }
  for (const kind of ENTRY_PRIORITY) {
    for (const ref of refs.filter((r) => r.kind === kind)) {
      const target = lookup.byModule(ref.module);
      const info = target && modules.get(target.module);
      if (!info || info.role === "test") continue;
      if (info.role === "development") {
        debugNotes.push(`${info.roleReason ?? `${info.path} is named for development`} (named by ${ref.path})`);
        continue;
      }
      const signal = devSignal(info.module, false);
      if (signal) {
        debugNotes.push(`${signal} (named by ${ref.path})`);
        continue;
      }
      return { module: info.module, reason: `${ref.path}:${ref.line} sets DJANGO_SETTINGS_MODULE to ${ref.module}`, candidates: [info.module] };
    }
  }
  const roots = all.filter((m) => !m.imported && m.role !== "test");
  const only = roots.length === 1 ? roots[0] : undefined;
  if (only) {
    const signal = only.role === "development" ? (only.roleReason ?? `${only.path} is named for development`) : devSignal(only.module, true);
    if (!signal) return { module: only.module, reason: `${only.path} is the only settings module`, candidates: [only.module] };
    debugNotes.push(signal);
  }
  const missing = refs.filter((r) => !lookup.byModule(r.module)).map((r) => r.module);
  return {
    reason:
      missing.length > 0
        ? `the settings module named by the entry points (${[...new Set(missing)].join(", ")}) is not in the repository`
        : debugNotes.length > 0
          ? `no production module: ${[...new Set(debugNotes)].join("; ")}`
          : `no production module among ${roots.map((m) => m.path).join(", ")}`,
    candidates: roots.map((m) => m.module),
  };
}

/** The chosen production module, with why it describes a single-host deployment when it does. */
function withDeployment(
  choice: ProductionChoice,
  modules: ReadonlyMap<string, SettingsModuleInfo>,
  refs: readonly SettingsModuleRef[],
  evaluated: (module: string) => EvaluatedModule | undefined,
): ProductionChoice {
  const run = choice.module ? evaluated(choice.module) : undefined;
  if (!choice.module || !run) return choice;
  const singleHost = singleHostReason(run, refs, modules.get(choice.module)?.role === "production");
  return singleHost ? { ...choice, singleHost } : choice;
}

/** Modules by exact dotted name, else by a dotted suffix that exactly one module has (`settings` → `proj.settings`). */
function codeLookup(code: readonly SettingsCode[]): CodeLookup {
  const byModule = new Map<string, SettingsCode>();
  const byPath = new Map<string, SettingsCode>();
  const suffixes = new Map<string, SettingsCode[]>();
  for (const c of code) {
    if (!byModule.has(c.module)) byModule.set(c.module, c);
    byPath.set(c.path, c);
    const parts = c.module.split(".");
    for (let i = 1; i < parts.length; i++) {
      const suffix = parts.slice(i).join(".");
      const list = suffixes.get(suffix);
      if (list) list.push(c);
      else suffixes.set(suffix, [c]);
    }
  }
  return {
    byModule(dotted) {
      const exact = byModule.get(dotted);
      if (exact) return exact;
      const list = suffixes.get(dotted);
      return list?.length === 1 ? list[0] : undefined;
    },
    byPath: (path) => byPath.get(path),
    paths: () => byPath.keys(),
  };
}
