/**
 * What kind of deployment a settings module describes, beyond its name: settings that live in a docs,
 * example or workbench folder are never production; a module chosen only because it is the one
 * settings module must not contradict production (DEBUG on by default, local hosts only); and a
 * production module can describe a single-host deployment (one SQLite file, per-process caches and
 * no deployment files), where process-local state and a monitoring stack are not the rulebook's concern.
 */
import { PROCESS_LOCAL_CACHE_BACKENDS, cacheBackend, databaseEngine } from "./accessors.js";
import type { EvaluatedModule } from "./evaluate.js";
import type { SettingsModuleRef } from "./entry-points.js";
import type { SettingLookup, SettingValue } from "./values.js";

/** Folders whose settings serve documentation builds, examples or a developer's workbench. */
const DOCS_FOLDERS = /^(docs?|documentation|sphinx)$/i;
const EXAMPLE_FOLDERS = /^(examples?|samples?|workbench|demos?|sandbox|playground|tutorial|testproj(ect)?|test_?project|tests?_?app|dev_?project|devproj|example_?project|sample_?project|demo_?project|dummy_?project)$/i;

/** Why a settings file is not production because of the folder it lives in, or undefined. */
export function folderRoleReason(path: string): string | undefined {
  const folders = path.split("/").slice(0, -1);
  const docs = folders.find((f) => DOCS_FOLDERS.test(f));
  if (docs) return `${path} lives in the documentation folder \`${docs}/\``;
  const example = folders.find((f) => EXAMPLE_FOLDERS.test(f));
  if (example) return `${path} lives in the example / workbench folder \`${example}/\``;
  return undefined;
}

/** Name parts of a file to copy and edit (`production_example.py`, `settings.sample.py`, `local.dist.py`). */
const TEMPLATE_TOKENS = /^(example|sample|template|tmpl|tpl|dist|skel|skeleton)$/i;

/**
 * Why a settings module is a template, not settings that run: its name says so and no other settings
 * module imports it (a template others star-import is a base in use). A deployment copies it and
 * edits the copy, which is not in the repository; an entry point may still name it.
 */
export function templateRoleReason(module: string, path: string, imported: boolean): string | undefined {
  if (imported) return undefined;
  const last = module.slice(module.lastIndexOf(".") + 1);
  const token = last.split(/[_-]/).find((t) => TEMPLATE_TOKENS.test(t));
  return token ? `${path} is named as a template to copy (\`${token}\`) and no settings module imports it` : undefined;
}

/**
 * Why a module's own settings say it is a development setup, or undefined: `DEBUG = True` outright,
 * and (`strict`, for a module nothing else names for production) DEBUG read from the environment
 * with a default of True, or ALLOWED_HOSTS naming only the local machine.
 */
export function developmentSignal(module: EvaluatedModule, strict: boolean): string | undefined {
  const debug = module.lookup("DEBUG");
  if (debug.status === "set" && isTrue(debug.value)) return `${module.path} sets DEBUG = True`;
  if (!strict) return undefined;
  if (debug.status === "set" && debug.value.kind === "unknown" && debug.value.reason === "env" && debug.value.default && isTrue(debug.value.default)) {
    return `${module.path} turns DEBUG on unless the environment says otherwise`;
  }
  const hosts = module.lookup("ALLOWED_HOSTS");
  if (hosts.status === "set" && hosts.value.kind === "list" && !hosts.value.open && hosts.value.items.length > 0) {
    const names = hosts.value.items.map((e) => (e.value.kind === "str" && !e.guard ? e.value.value : undefined));
    if (names.every((n) => n !== undefined && LOCAL_HOSTS.has(n))) return `${module.path} allows only local hosts (${names.join(", ")})`;
  }
  return undefined;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", ".localhost"]);

function isTrue(v: SettingValue): boolean {
  return v.kind === "bool" && v.value;
}

/**
 * Why the production module describes one process on one machine, or undefined: its database is a
 * SQLite file (no second machine can share it), or, for a module not named for production, it sets
 * every cache to a per-process backend and no Dockerfile, compose file or Procfile describes a
 * deployment (so no multi-worker server configuration is in the repository).
 */
export function singleHostReason(module: EvaluatedModule, refs: readonly SettingsModuleRef[], namedForProduction: boolean): string | undefined {
  const engine = databaseEngine(module.lookup("DATABASES"));
  if (engine.status === "set" && engine.backend?.endsWith("sqlite3")) return `its database is a SQLite file (${engine.backend}), so it runs on one machine`;
  if (namedForProduction) return undefined;
  const deployment = refs.some((r) => r.kind === "docker" || r.kind === "compose" || r.kind === "procfile");
  if (deployment) return undefined;
  if (!allCachesProcessLocal(module.lookup("CACHES"))) return undefined;
  return "every cache it sets is per-process and no Dockerfile, compose file or Procfile describes a multi-process deployment";
}

/**
 * Every cache alias is written out as a per-process backend: a documented choice. An unset CACHES
 * (Django's LocMemCache default) documents nothing: libraries deployed from elsewhere leave it unset.
 */
function allCachesProcessLocal(caches: SettingLookup): boolean {
  if (caches.status !== "set" || caches.value.kind !== "dict" || caches.value.open || caches.value.entries.size === 0) return false;
  for (const alias of caches.value.entries.keys()) {
    const backend = cacheBackend(caches, alias);
    if (backend.status !== "set" || !backend.backend || !PROCESS_LOCAL_CACHE_BACKENDS.has(backend.backend)) return false;
  }
  return true;
}
