/** A readable plain-object view of the settings index, for golden tests and dumps. */
import type { SettingsIndex } from "./index.js";
import { renderValue, type SettingLookup } from "./values.js";

/** The settings the DRF, caching, migration and scalability rules read. */
export const WELL_KNOWN_SETTINGS = [
  "DEBUG",
  "INSTALLED_APPS",
  "MIDDLEWARE",
  "DATABASES",
  "CACHES",
  "SESSION_ENGINE",
  "DEFAULT_FILE_STORAGE",
  "STORAGES",
  "MEDIA_ROOT",
  "REST_FRAMEWORK",
  "LOGGING",
] as const;

export interface SettingsSummary {
  production: string;
  modules: Record<string, string>;
  entryPoints: string[];
  /** Well-known settings as the project runs them (`effective`). */
  effective: Record<string, string>;
  celery: { apps: string[]; settings: Record<string, string> };
}

export function renderLookup(lookup: SettingLookup): string {
  if (lookup.status === "unset") return "(unset)";
  if (lookup.status === "unknown") return `(unknown: ${lookup.reason})`;
  return renderValue(lookup.value);
}

export function summariseSettings(settings: SettingsIndex, celeryKeys: readonly string[] = ["task_routes", "broker_url"]): SettingsSummary {
  const modules: Record<string, string> = {};
  for (const [name, info] of [...settings.modules].sort(([a], [b]) => a.localeCompare(b))) {
    modules[name] = [info.role, info.imported && "imported", info.referenced && "referenced"].filter(Boolean).join(" ");
  }
  const effective: Record<string, string> = {};
  for (const name of WELL_KNOWN_SETTINGS) effective[name] = renderLookup(settings.effective(name));
  const celerySettings: Record<string, string> = {};
  for (const key of celeryKeys) {
    const r = settings.celery.setting(key);
    celerySettings[key] = `${renderLookup(r)}${r.source ? ` from ${r.source}` : ""}`;
  }
  return {
    production: settings.production.module ? `${settings.production.module} (${settings.production.reason})` : `none (${settings.production.reason})`,
    modules,
    entryPoints: settings.entryPoints.map((r) => `${r.kind} ${r.path}:${r.line} ${r.module}`),
    effective,
    celery: {
      apps: settings.celery.apps.map((a) => `${a.module}.${a.name}${a.configSource ? ` from ${a.configSource}` : ""}${a.namespace !== undefined ? ` namespace=${a.namespace}` : ""}`),
      settings: celerySettings,
    },
  };
}
