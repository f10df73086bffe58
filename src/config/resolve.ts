/** Answers "is this path analysed?" and "how does this rule apply to this path?" from a config. */
import picomatch from "picomatch";
import type { Level } from "../analysis/finding.js";
import { DEFAULT_EXCLUDE_GROUPS, type DjperfConfig, type RuleSetting } from "./schema.js";

export interface EffectiveRule {
  enabled: boolean;
  level: Level;
  options: Record<string, unknown>;
}

const matcherCache = new Map<string, (path: string) => boolean>();

function matcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join("\0");
  let m = matcherCache.get(key);
  if (!m) {
    m = globs.length === 0 ? () => false : picomatch(globs as string[], { dot: true });
    matcherCache.set(key, m);
  }
  return m;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return matcher(globs)(path);
}

/**
 * Whether a repository-relative path is analysed under this config. `apps`: the repository's `examples`
 * folders that are Django apps (`exampleApps`), whose code is not example code.
 */
export function isPathIncluded(config: DjperfConfig, path: string, apps?: ReadonlySet<string>): boolean {
  return exclusionOf(config, path, apps) === undefined;
}

/**
 * Why a path is not analysed: the default-exclude group that matches (`tests`, `sample and seed
 * data`, …), `paths.exclude`, or `paths.include`; undefined when it is analysed.
 */
export function exclusionOf(config: DjperfConfig, path: string, apps?: ReadonlySet<string>): string | undefined {
  if (!matchesAny(path, config.paths.include)) return "not in paths.include";
  if (config.paths.default_excludes) {
    const group = DEFAULT_EXCLUDE_GROUPS.find((g) => matchesAny(path, g.patterns) && !(g.kind === "examples" && inExampleApp(path, apps)));
    if (group) return group.kind;
  }
  return matchesAny(path, config.paths.exclude) ? "paths.exclude" : undefined;
}

/** A Django app's own files: an `examples` folder holding one of them is an app named `examples`. */
const APP_MARKER = /^((?:.*\/)?examples)\/(?:apps\.py|models\.py|models\/__init__\.py|migrations\/__init__\.py)$/;

/**
 * The folders named `examples` that are Django apps (their own `apps.py`, `models.py` or `migrations/`,
 * doccano's `backend/examples`): the default `**\/examples/**` exclusion is for example code, not for an
 * app that happens to be called that. Example projects keep their apps deeper (`examples/demo/shop/`).
 */
export function exampleApps(paths: readonly string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const m = APP_MARKER.exec(p);
    if (m?.[1]) out.add(m[1]);
  }
  return out;
}

/** `exampleApps` of the listing, read only when some path could be in an `examples` folder. */
export async function exampleAppsFor(paths: readonly string[], listing: () => Promise<string[]>): Promise<ReadonlySet<string> | undefined> {
  return paths.some((p) => /(?:^|\/)examples\//.test(p)) ? exampleApps(await listing()) : undefined;
}

function inExampleApp(path: string, apps: ReadonlySet<string> | undefined): boolean {
  if (!apps || apps.size === 0) return false;
  for (let i = path.indexOf("examples/"); i !== -1; i = path.indexOf("examples/", i + 1)) {
    if ((i === 0 || path[i - 1] === "/") && apps.has(path.slice(0, i + "examples".length))) return true;
  }
  return false;
}

/** `DJP1*` matches DJP101…DJP199; `DJP*` every rule; an exact id only itself. */
export function ruleIdMatches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith("*") ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

function apply(base: EffectiveRule, setting: RuleSetting): EffectiveRule {
  if (typeof setting === "string") {
    return setting === "off" ? { ...base, enabled: false } : { ...base, enabled: true, level: setting };
  }
  return {
    enabled: setting.off === undefined ? base.enabled : !setting.off,
    level: setting.level ?? base.level,
    options: { ...base.options, ...(setting.options ?? {}) },
  };
}

/** Applies matching `rules` entries (prefixes first, exact ids last), then path overrides in order. */
export function effectiveRule(config: DjperfConfig, ruleId: string, defaultLevel: Level, path?: string): EffectiveRule {
  let result: EffectiveRule = { enabled: true, level: defaultLevel, options: {} };
  const applyTable = (table: Record<string, RuleSetting>): void => {
    const keys = Object.keys(table)
      .filter((k) => ruleIdMatches(k, ruleId))
      .sort((a, b) => a.length - b.length || a.localeCompare(b));
    for (const k of keys) result = apply(result, table[k]!);
  };
  applyTable(config.rules);
  if (path !== undefined) {
    for (const o of config.overrides) if (matchesAny(path, o.paths)) applyTable(o.rules);
  }
  return result;
}
