/**
 * Typed questions about well-known settings, answered three-valued from a SettingLookup: rules ask
 * these instead of walking values themselves. "Unset" means Django's (or DRF's) default applies.
 */
import { valueAt, type SettingLookup, type SettingValue } from "./values.js";

/** A setting's sub-value (`REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]`), three-valued. */
export function settingAt(lookup: SettingLookup, path: ReadonlyArray<string | number>): SettingLookup {
  if (lookup.status !== "set") return lookup;
  return valueAt(lookup.value, path);
}

export interface BackendAnswer {
  /** The dotted backend class when literal. */
  backend?: string;
  /** For env-driven config (`env.cache("CACHE_URL", default="locmem://")`): the default URL or value. */
  envDefault?: string;
  /** For a database URL default: the vendor it names (`postgresql`). */
  defaultVendor?: string;
  status: "set" | "unset" | "unknown";
  reason?: string;
  value?: SettingValue;
}

/** `CACHES[alias]["BACKEND"]`; unset CACHES means Django's LocMemCache default. */
export function cacheBackend(caches: SettingLookup, alias = "default"): BackendAnswer {
  return backendOf(caches, alias, "BACKEND");
}

/** `DATABASES[alias]["ENGINE"]`, also from a database URL default (`env.db(default="postgres://…")`). */
export function databaseEngine(databases: SettingLookup, alias = "default"): BackendAnswer {
  const answer = backendOf(databases, alias, "ENGINE");
  if (answer.envDefault && !answer.backend) {
    // A URL default (`env.db(default="postgres://…")`) or a dotted ENGINE default
    // (`os.environ.get("DATABASE_ENGINE", "django.db.backends.mysql")`).
    const engine = engineFromUrl(answer.envDefault) ?? (answer.envDefault.includes("://") ? undefined : vendorOfEngine(answer.envDefault));
    if (engine) return { ...answer, defaultVendor: engine };
  }
  return answer;
}

function backendOf(root: SettingLookup, alias: string, key: string): BackendAnswer {
  if (root.status !== "set") return { status: root.status, ...(root.status === "unknown" ? { reason: root.reason } : {}) };
  const entry = valueAt(root.value, [alias]);
  if (entry.status === "unknown") return { status: "unknown", reason: entry.reason, ...envDefaultOf(root.value, alias) };
  if (entry.status === "unset") return { status: "unset" };
  const backend = valueAt(entry.value, [key]);
  if (backend.status === "set" && backend.value.kind === "str") return { status: "set", backend: backend.value.value, value: backend.value };
  const base = entry.value.kind === "dict" ? entry.value.extends : undefined;
  // The key itself read from the environment with a literal default: `os.environ.get("X", "django.db.backends.mysql")`.
  const own = entry.value.kind === "dict" ? entry.value.entries.get(key)?.value : undefined;
  if (backend.status === "unknown" && own?.kind === "unknown" && own.default?.kind === "str") return { status: "unknown", reason: backend.reason, envDefault: own.default.value, value: own };
  if (backend.status === "unknown" && base?.default?.kind === "str") return { status: "unknown", reason: backend.reason, envDefault: base.default.value, value: base };
  if (backend.status === "unset") return { status: "unset" };
  return { status: "unknown", reason: backend.status === "unknown" ? backend.reason : `${key} is not a string` };
}

/** The literal default of an env-driven alias entry (`"default": env.cache(default="locmem://")`). */
function envDefaultOf(root: SettingValue, alias: string): { envDefault?: string; value?: SettingValue } {
  if (root.kind !== "dict") return {};
  const entry = root.entries.get(alias);
  const v = entry?.value.kind === "dict" ? entry.value.extends : entry?.value;
  if (v?.kind === "unknown" && v.default?.kind === "str") return { envDefault: v.default.value, value: v };
  return {};
}

const URL_ENGINES: ReadonlyArray<[RegExp, string]> = [
  [/^(postgres|postgresql|pgsql|psql|postgis|pgpool|timescale|timescalegis|cockroach)(\+\w+)?:/, "postgresql"],
  [/^(mysql|mysql2|mysqlgis|mysql-connector)(\+\w+)?:/, "mysql"],
  [/^(sqlite|spatialite)(\+\w+)?:/, "sqlite3"],
  [/^(oracle|oraclegis)(\+\w+)?:/, "oracle"],
  [/^(mssql)(\+\w+)?:/, "mssql"],
];

/** The database vendor a database URL names, or undefined. */
export function engineFromUrl(url: string): string | undefined {
  for (const [re, engine] of URL_ENGINES) if (re.test(url)) return engine;
  return undefined;
}

/** The vendor an ENGINE names: `django.db.backends.postgresql` → postgresql; PostGIS and zero-downtime wrappers included. */
export function vendorOfEngine(engine: string): string | undefined {
  if (/postgres|postgis|psycopg|zero_downtime|pg_/i.test(engine)) return "postgresql";
  if (/mysql/i.test(engine)) return "mysql";
  if (/sqlite|spatialite/i.test(engine)) return "sqlite3";
  if (/oracle/i.test(engine)) return "oracle";
  return undefined;
}

/** Process-local cache backends: each worker process has its own copy (or none). */
export const PROCESS_LOCAL_CACHE_BACKENDS: ReadonlySet<string> = new Set([
  "django.core.cache.backends.locmem.LocMemCache",
  "django.core.cache.backends.dummy.DummyCache",
  "django.core.cache.backends.filebased.FileBasedCache",
]);

/** The default storage: `STORAGES["default"]["BACKEND"]` (Django ≥ 4.2) or `DEFAULT_FILE_STORAGE`. */
export function defaultStorage(storages: SettingLookup, defaultFileStorage: SettingLookup): BackendAnswer {
  const modern = backendOf(storages, "default", "BACKEND");
  if (modern.status !== "unset") return modern;
  if (defaultFileStorage.status === "set" && defaultFileStorage.value.kind === "str") {
    return { status: "set", backend: defaultFileStorage.value.value, value: defaultFileStorage.value };
  }
  if (defaultFileStorage.status === "unknown") return { status: "unknown", reason: defaultFileStorage.reason };
  if (defaultFileStorage.status === "set") return { status: "unknown", reason: "DEFAULT_FILE_STORAGE is not a literal", value: defaultFileStorage.value };
  return { status: "unset" };
}

/** DRF's settings dict entry (`REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]`); an absent REST_FRAMEWORK is DRF's defaults. */
export function restFrameworkSetting(restFramework: SettingLookup, key: string): SettingLookup {
  if (restFramework.status === "unset") return { status: "unset" };
  return settingAt(restFramework, [key]);
}
