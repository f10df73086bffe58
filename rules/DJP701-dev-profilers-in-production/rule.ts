/**
 * DJP701 dev-profilers-in-production: development profilers (django-debug-toolbar, silk, nplusone,
 * zeal) installed or in the middleware of the settings production runs, not behind a DEBUG or
 * environment check; `DEBUG = True` in the production module; `include("debug_toolbar.urls")` (or
 * silk's) outside any `if` while production installs the toolbar.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { listContains, type SettingLookup } from "../../src/analysis/index/settings/values.js";
import { anchorAt, loadEvidence, productionFiles, isSettingsFile } from "../../src/analysis/django/settings-anchors.js";
import { calleeName, positionalArgs, stringValue } from "../../src/analysis/django/syntax.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { settingAt } from "../../src/analysis/index/settings/accessors.js";

interface Profiler {
  name: string;
  package: string;
  apps: string[];
  middleware: string[];
  urls?: string;
  /** The tool does nothing while `DEBUG` is off unless its config overrides the gate (the debug toolbar). */
  debugGate?: { setting: string; key: string };
  /** Its app alone (models, templates, admin) costs nothing per request: the middleware does the recording. */
  recordsInMiddleware?: true;
}

const PROFILERS: readonly Profiler[] = [
  { name: "django-debug-toolbar", package: "django-debug-toolbar", apps: ["debug_toolbar"], middleware: ["debug_toolbar.middleware.DebugToolbarMiddleware"], urls: "debug_toolbar.urls", debugGate: { setting: "DEBUG_TOOLBAR_CONFIG", key: "SHOW_TOOLBAR_CALLBACK" }, recordsInMiddleware: true },
  { name: "django-silk", package: "django-silk", apps: ["silk"], middleware: ["silk.middleware.SilkyMiddleware"], urls: "silk.urls", recordsInMiddleware: true },
  { name: "nplusone", package: "nplusone", apps: ["nplusone.ext.django"], middleware: ["nplusone.ext.django.NPlusOneMiddleware"] },
  { name: "django-zeal", package: "django-zeal", apps: ["zeal"], middleware: ["zeal.middleware.zeal_middleware"] },
];

export default defineRule({
  id: "DJP701",
  name: "dev-profilers-in-production",
  category: "monitoring",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "Development profilers (debug toolbar, silk, nplusone, zeal) or DEBUG = True in the settings production runs.",
  messages: {
    installed:
      "{{item}} ({{tool}}) is in {{setting}} of the settings production runs, not behind `if DEBUG:` or an environment flag: it records every query (and stack traces) of every request, costing time and memory on each one, and can expose internals. Move it to the development settings (`settings/dev.py`: `INSTALLED_APPS += [...]`, `MIDDLEWARE.insert(0, ...)`) or wrap it in `if DEBUG:`.{{unloaded}} Intended? `# djperf: ignore[DJP701] <reason>`.",
    debugOn:
      "`DEBUG = True` in the production settings module: Django then keeps every SQL query of the process in memory (`connection.queries`), serves detailed error pages, and static files through Django. Set `DEBUG = False` (or read it from the environment with a False default).{{unloaded}}",
    inertInstalled:
      "{{item}} ({{tool}}) is in {{setting}} of the settings production runs. While `DEBUG` is off the toolbar records nothing (its default `SHOW_TOOLBAR_CALLBACK` needs `DEBUG` and an `INTERNAL_IPS` address), so today this costs one check per request; but turning `DEBUG` on to diagnose production would start recording every query. Keep it in the development settings (`settings/dev.py`) or under `if DEBUG:`. Intended? `# djperf: ignore[DJP701] <reason>`.",
    inertUrls:
      "{{call}} adds {{tool}}'s URLs unconditionally; they answer 404 while `DEBUG` is off (the toolbar's default `SHOW_TOOLBAR_CALLBACK`), so nothing is exposed today. Add them under `if settings.DEBUG:` (or use `debug_toolbar_urls()`) so that they stay out of production whatever DEBUG says. Intended? `# djperf: ignore[DJP701] <reason>`.",
    urls:
      "{{call}} adds {{tool}}'s URLs unconditionally while the production settings install it: its pages are served in production. Add them under `if settings.DEBUG:` (or use the toolbar's `debug_toolbar_urls()`, which is empty when DEBUG is off). Intended? `# djperf: ignore[DJP701] <reason>`.",
  },
  check(ctx) {
    const production = productionFiles(ctx.index);
    const settingsFile = isSettingsFile(ctx.index, ctx.file.path);
    if (!production.decided) {
      if (settingsFile) ctx.unverified(`the production settings module is not known: ${production.reason}`);
      return;
    }
    if (production.files.has(ctx.file.path)) {
      ctx.applies();
      checkSettings(ctx);
      return;
    }
    if (!settingsFile) checkUrls(ctx);
  },
});

function checkSettings(ctx: RuleContext): void {
  const settings = ctx.index.settings;
  for (const [setting, pick] of [
    ["INSTALLED_APPS", (p: Profiler) => p.apps],
    ["MIDDLEWARE", (p: Profiler) => p.middleware],
  ] as const) {
    const lookup = settings.inProduction(setting);
    for (const profiler of PROFILERS) {
      for (const item of pick(profiler)) {
        const contains = lookup.status === "set" ? listContains(lookup.value, item) : undefined;
        if (contains === undefined) {
          if (installedPackage(ctx, profiler)) unverifiedLookup(ctx, setting, lookup, item);
          continue;
        }
        if (!contains || lookup.status !== "set") continue;
        const runs = setting === "INSTALLED_APPS" ? middlewareRuns(ctx, profiler) : "on";
        if (runs === "off") continue;
        const anchor = anchorAt(ctx.django, itemOrigin(lookup, item) ?? lookup.value.origin, item);
        const inert = gatedByDebug(ctx, profiler);
        const unsure = runs === "unknown" ? { impact: { level: "low" as const, reason: `its app alone records nothing, and whether ${codeSpan(profiler.middleware[0] ?? profiler.name)} is in production's MIDDLEWARE cannot be read` } } : {};
        if (!anchor) continue;
        const data = { item: codeSpan(item), tool: profiler.name, setting: codeSpan(setting) };
        if (inert) ctx.report({ node: anchor, messageId: "inertInstalled", data, level: "info" });
        else {
          const load = unloaded(ctx, ctx.file.path);
          ctx.report({ node: anchor, messageId: "installed", data: { ...data, ...load.data }, ...unsure, ...(load.level ? { level: load.level } : {}) });
        }
      }
    }
  }
  {
    const debug = settings.inProduction("DEBUG");
    if (debug.status === "set" && debug.value.kind === "bool" && debug.value.value) {
      const anchor = anchorAt(ctx.django, debug.value.origin);
      if (anchor) ctx.report({ node: anchor, messageId: "debugOn", ...unloaded(ctx, ctx.file.path) });
    }
  }
}

/**
 * A value written in a settings file that no entry point of the repository loads (named by none, and
 * imported by no module one names) is unverified: reported at info, saying why. Taken for production
 * by its name alone, it may be a stale template while the deployment runs another module (rotation 12:
 * `settings/production.py` with `DEBUG = True` while wsgi.py, manage.py and the uWSGI ini name
 * `settings`, whose `__init__` imports only the base).
 */
function unloaded(ctx: RuleContext, path: string): { level?: "info"; data: { unloaded: string } } {
  const evidence = loadEvidence(ctx.index, path);
  if (evidence.kind === "loaded") return { data: { unloaded: "" } };
  const why =
    evidence.kind === "elsewhere"
      ? `the entry points load other settings (${evidence.names}) and none of them imports ${codeSpan(path)}`
      : `no entry point in the repository (wsgi.py, manage.py, Dockerfile, compose file, Procfile) names ${codeSpan(path)} or a module that imports it`;
  return { level: "info", data: { unloaded: ` Reported at info, unverified: ${why}; it is taken for production by its name alone. When nothing runs it, delete it.` } };
}

/**
 * For a tool that records in its middleware: whether the middleware is in production's MIDDLEWARE
 * unconditionally. "off" when it is absent, or added only under a condition (`if SILK_ENABLED:` from
 * the environment, rotation set 10): the installed app then costs nothing per request and is not
 * reported (the middleware's own line says it is unverified). "unknown" when MIDDLEWARE cannot be
 * read: the app is reported at info, saying so.
 */
function middlewareRuns(ctx: RuleContext, profiler: Profiler): "on" | "off" | "unknown" {
  if (!profiler.recordsInMiddleware) return "on";
  const middleware = ctx.index.settings.inProduction("MIDDLEWARE");
  if (middleware.status !== "set") return middleware.status === "unset" ? "off" : "unknown";
  const contains = profiler.middleware.map((m) => listContains(middleware.value, m));
  if (contains.some((c) => c === true)) return "on";
  if (profiler.middleware.some((m) => listContains(middleware.value, m, true) === true)) return "off";
  return contains.every((c) => c === false) ? "off" : "unknown";
}

/**
 * The tool is provably off in production: it gates itself on `DEBUG`, production's `DEBUG` is not a
 * literal True (an env-driven DEBUG is the deployment's to keep off; a literal True is DJP701's own
 * `debugOn` finding), and production leaves the gate's callback at its default.
 */
function gatedByDebug(ctx: RuleContext, profiler: Profiler): boolean {
  if (!profiler.debugGate) return false;
  const settings = ctx.index.settings;
  const debug = settings.inProduction("DEBUG");
  if (debug.status === "set" && debug.value.kind === "bool" && debug.value.value) return false;
  const config = settings.inProduction(profiler.debugGate.setting);
  return config.status === "unset" || (config.status === "set" && settingAt(config, [profiler.debugGate.key]).status === "unset");
}

function unverifiedLookup(ctx: RuleContext, setting: string, lookup: SettingLookup, item: string): void {
  const reason = lookup.status === "unknown" ? lookup.reason : `it is not fully known (${item} may be added under a condition)`;
  ctx.unverified(`${setting}: ${reason}`);
}

function installedPackage(ctx: RuleContext, profiler: Profiler): boolean {
  return ctx.index.versions.package(profiler.package) !== undefined;
}

/** The origin of the list item itself (a `+=` in another module keeps its own line). */
function itemOrigin(lookup: SettingLookup, item: string) {
  if (lookup.status !== "set" || lookup.value.kind !== "list") return undefined;
  for (const entry of lookup.value.items) {
    if (entry.guard === undefined && entry.value.kind === "str" && entry.value.value === item) return entry.value.origin;
  }
  return undefined;
}

/** `path("__debug__/", include("debug_toolbar.urls"))` outside any `if`, while production installs the toolbar. */
function checkUrls(ctx: RuleContext): void {
  for (const call of ctx.django.nodesOfType("call")) {
    if (calleeName(call) !== "include") continue;
    const first = positionalArgs(call.childForFieldName("arguments"))[0];
    const target = first ? (stringValue(first) ?? (first.type === "attribute" || first.type === "identifier" ? first.text : undefined)) : undefined;
    const profiler = PROFILERS.find((p) => p.urls !== undefined && target === p.urls);
    if (!profiler || isConditional(call)) continue;
    ctx.applies();
    const apps = ctx.index.settings.inProduction("INSTALLED_APPS");
    const installed = apps.status === "set" ? profiler.apps.some((a) => listContains(apps.value, a) === true) : undefined;
    if (installed === undefined) {
      unverifiedLookup(ctx, "INSTALLED_APPS", apps, profiler.apps[0] ?? profiler.name);
      continue;
    }
    if (!installed) continue;
    const inert = gatedByDebug(ctx, profiler);
    ctx.report({ node: call, messageId: inert ? "inertUrls" : "urls", data: { call: codeSpan(call.text), tool: profiler.name }, ...(inert ? { level: "info" as const } : {}) });
  }
}

function isConditional(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "if_statement" || n.type === "conditional_expression" || n.type === "function_definition") return true;
  }
  return false;
}
