/**
 * Where a settings finding is shown. The settings index evaluates the production settings across
 * modules (star imports, overrides) and keeps each value's origin (file and statement line); a rule
 * analysing one file reports only values written in that file, anchored on the literal itself when
 * it can be found in the statement (`"debug_toolbar",` inside a multi-line INSTALLED_APPS), else on
 * the statement.
 */
import type { SyntaxNode } from "../parser.js";
import type { Origin } from "../index/settings/values.js";
import type { ProjectIndex } from "../index/types.js";
import type { DjangoFacts } from "./types.js";
import { stringValue } from "./syntax.js";

/** The file is one of the project's Django settings modules. */
export function isSettingsFile(index: ProjectIndex, path: string): boolean {
  for (const m of index.settings.modules.values()) if (m.path === path) return true;
  return false;
}

/**
 * The production settings as rules see them: the module production runs and every file it pulls in
 * (star-imported bases, split-settings includes), or why it is not known. Rules that judge production
 * settings stay silent (and say "unverified") when no module can be named for production: a project
 * with only development settings, or several candidates.
 */
export type ProductionFiles =
  | {
      decided: true;
      module: string;
      path: string;
      files: ReadonlySet<string>;
      /** Why this module is taken for production (named so, named by an entry point, the only one). */
      reason: string;
      /** Why it describes one process on one machine, when it does (see settings/deployment.ts). */
      singleHost?: string;
    }
  | { decided: false; reason: string };

export function productionFiles(index: ProjectIndex): ProductionFiles {
  const { production } = index.settings;
  const module = production.module;
  const evaluated = module ? index.settings.evaluated(module) : undefined;
  if (!module || !evaluated) return { decided: false, reason: production.reason };
  return {
    decided: true,
    module,
    path: evaluated.path,
    files: new Set([evaluated.path, ...evaluated.starImported, ...evaluated.included]),
    reason: production.reason,
    ...(production.singleHost ? { singleHost: production.singleHost } : {}),
  };
}

/**
 * The production settings as a settings rule sees them. When the production module is not known, the
 * rule says so on settings files (unverified) and judges nothing: undefined. (DJP401, DJP602, DJP701,
 * DJP702.)
 */
export function decidedProduction(ctx: {
  index: ProjectIndex;
  file: { path: string };
  unverified(reason: string): void;
}): Extract<ProductionFiles, { decided: true }> | undefined {
  const production = productionFiles(ctx.index);
  if (production.decided) return production;
  if (isSettingsFile(ctx.index, ctx.file.path)) ctx.unverified(`the production settings module is not known: ${production.reason}`);
  return undefined;
}

/**
 * The production settings of a multi-process deployment, for rules about state shared between
 * processes and machines (DJP602, DJP702): a single-host deployment applies nothing (silent).
 */
export function multiHostProduction(ctx: Parameters<typeof decidedProduction>[0]): Extract<ProductionFiles, { decided: true }> | undefined {
  const production = decidedProduction(ctx);
  return production && !production.singleHost ? production : undefined;
}

/** The node to report a value at: its literal in the statement at `origin` when `literal` is given and found. */
export function anchorAt(django: DjangoFacts, origin: Origin | undefined, literal?: string): SyntaxNode | undefined {
  if (!origin || origin.path !== django.file.path) return undefined;
  const statement = statementAt(django.file.tree.rootNode, origin.line);
  if (!statement) return undefined;
  if (literal !== undefined) {
    for (const s of statement.descendantsOfType("string")) if (stringValue(s) === literal) return s;
  }
  return statement;
}

/** The outermost statement starting on a 1-based line (module level, also inside `if` / `try`). */
function statementAt(root: SyntaxNode, line: number): SyntaxNode | undefined {
  const row = line - 1;
  let found: SyntaxNode | undefined;
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (found) return;
      if (child.startPosition.row > row || child.endPosition.row < row) continue;
      if (child.startPosition.row === row && child.type !== "block" && !CONTAINERS.has(child.type)) {
        found = child;
        return;
      }
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** Nodes whose children are statements: the statement on a line may sit inside them. */
const CONTAINERS = new Set(["if_statement", "elif_clause", "else_clause", "try_statement", "except_clause", "finally_clause", "with_statement", "block"]);

/**
 * Whether anything in the repository loads a settings module: an entry point (wsgi.py, manage.py,
 * Dockerfile, compose file, Procfile) names it or names a module that star-imports or includes it.
 * "elsewhere" when the entry points name other modules of the repository and none of them pulls this
 * one in (a production-named module nothing runs: a stale template); "unknown" when no entry point
 * names a module of the repository (the deployment sets DJANGO_SETTINGS_MODULE outside it).
 */
export type LoadEvidence = { kind: "loaded"; by: string } | { kind: "elsewhere"; names: string } | { kind: "unknown" };

/** For the settings file at `path`. */
export function loadEvidence(index: ProjectIndex, path: string): LoadEvidence {
  const settings = index.settings;
  const others: string[] = [];
  for (const ref of settings.entryPoints) {
    const run = settings.evaluated(ref.module);
    if (!run) continue;
    const where = `${ref.path}:${ref.line}`;
    if (run.path === path) return { kind: "loaded", by: `${where} names ${ref.module}` };
    if (run.starImported.includes(path) || run.included.includes(path)) return { kind: "loaded", by: `${where} names ${ref.module}, which imports it` };
    const info = [...settings.modules.values()].find((m) => m.path === run.path);
    if (info?.role !== "test") others.push(`${where} names ${ref.module}`);
  }
  return others.length > 0 ? { kind: "elsewhere", names: [...new Set(others)].slice(0, 3).join(", ") } : { kind: "unknown" };
}
