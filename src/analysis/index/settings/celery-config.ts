/**
 * Celery configuration as the worker sees it: `app.conf.x = …` / `app.conf.update(…)` in the module
 * that creates the `Celery(...)` app, then the object named by `config_from_object` (Django settings
 * with the `CELERY_` namespace, old-style upper-case names without one, or a `celeryconfig` module).
 */
import type { EvaluatedModule, SettingsCode, SettingsEvaluator } from "./evaluate.js";
import type { SettingsIndex } from "./index.js";
import type { Origin, SettingLookup, SettingValue } from "./values.js";

export interface CeleryAppInfo {
  module: string;
  /** The variable holding the app. */
  name: string;
  origin: Origin;
  /** What `config_from_object` was given (`"django.conf:settings"`), as text; undefined when not called. */
  configSource?: string;
  /** The `namespace=` given to `config_from_object`, when literal. */
  namespace?: string;
}

export interface CeleryConfig {
  apps: CeleryAppInfo[];
  /**
   * A Celery setting by its lower-case name (`task_routes`, `worker_send_task_events`). `source` says
   * where it was found: `app.conf`, a settings name (`CELERY_TASK_ROUTES`) or a config module.
   */
  setting(key: string): SettingLookup & { source?: string };
}

/** Celery 3 names read without a namespace → Celery 4+ names. */
const OLD_NAMES: ReadonlyMap<string, string[]> = new Map([
  ["task_routes", ["CELERY_ROUTES"]],
  ["task_queues", ["CELERY_QUEUES"]],
  ["task_default_queue", ["CELERY_DEFAULT_QUEUE"]],
  ["task_time_limit", ["CELERYD_TASK_TIME_LIMIT"]],
  ["task_soft_time_limit", ["CELERYD_TASK_SOFT_TIME_LIMIT"]],
  ["worker_send_task_events", ["CELERY_SEND_EVENTS", "CELERYD_SEND_EVENTS"]],
  ["task_send_sent_event", ["CELERY_SEND_TASK_SENT_EVENT"]],
  ["broker_url", ["BROKER_URL"]],
  ["result_backend", ["CELERY_RESULT_BACKEND"]],
  ["task_always_eager", ["CELERY_ALWAYS_EAGER"]],
  ["task_acks_late", ["CELERY_ACKS_LATE"]],
  ["beat_schedule", ["CELERYBEAT_SCHEDULE"]],
  ["worker_prefetch_multiplier", ["CELERYD_PREFETCH_MULTIPLIER"]],
  ["worker_concurrency", ["CELERYD_CONCURRENCY"]],
  ["task_ignore_result", ["CELERY_IGNORE_RESULT"]],
  ["task_serializer", ["CELERY_TASK_SERIALIZER"]],
]);

export function celeryConfigOf(code: readonly SettingsCode[], evaluator: SettingsEvaluator, settings: SettingsIndex): CeleryConfig {
  const apps: Array<{ info: CeleryAppInfo; module: EvaluatedModule; conf: ReadonlyMap<string, SettingValue>; confOpen: boolean; source?: SettingValue }> = [];
  const seen = new Set<string>();
  for (const c of code) {
    if (!c.statements.some((s) => s.s === "assign" && s.value.k === "call")) continue;
    const mod = evaluator.evaluate(c);
    for (const app of mod.celeryApps) {
      // An app imported from another module (`from .celery import app`) is the same app.
      const key = `${app.origin.path}:${app.origin.line}`;
      if (app.origin.path !== c.path || seen.has(key)) continue;
      seen.add(key);
      const ns = app.configFrom?.namespace;
      apps.push({
        info: {
          module: c.module,
          name: app.name,
          origin: app.origin,
          ...(app.configFrom ? { configSource: describeSource(app.configFrom.source) } : {}),
          ...(ns?.kind === "str" ? { namespace: ns.value } : {}),
        },
        module: mod,
        conf: app.conf,
        confOpen: app.confOpen,
        ...(app.configFrom ? { source: app.configFrom.source } : {}),
      });
    }
  }

  const fromSettings = (names: string[]): (SettingLookup & { source?: string }) | undefined => {
    let unknownResult: (SettingLookup & { source?: string }) | undefined;
    for (const name of names) {
      const r = settings.effective(name);
      if (r.status === "set") return { ...r, source: name };
      if (r.status === "unknown") unknownResult ??= r;
    }
    return unknownResult;
  };

  return {
    apps: apps.map((a) => a.info),
    setting(key) {
      if (apps.length === 0) {
        return fromSettings([`CELERY_${key.toUpperCase()}`, ...(OLD_NAMES.get(key) ?? [])]) ?? { status: "unset" };
      }
      const app = apps[0];
      if (!app) return { status: "unset" };
      const conf = app.conf.get(key);
      if (conf) return { status: "set", value: conf, source: "app.conf" };
      let result: (SettingLookup & { source?: string }) | undefined;
      const source = app.source;
      if (!source) result = { status: "unset" };
      else if ((source.kind === "str" && source.value === "django.conf:settings") || (source.kind === "ref" && source.dotted === "django.conf.settings")) {
        const ns = app.info.namespace;
        const names = ns !== undefined ? [`${ns}_${key.toUpperCase()}`] : [key, ...(OLD_NAMES.get(key) ?? [])];
        result = fromSettings(names) ?? { status: "unset" };
      } else if (source.kind === "str") {
        const mod = settings.evaluated(source.value.replace(":", "."));
        if (!mod) result = { status: "unknown", reason: `config module ${source.value} is not indexed` };
        else {
          const own = mod.lookup(key);
          result = own.status === "set" ? { ...own, source: source.value } : own;
        }
      } else result = { status: "unknown", reason: `config_from_object(${describeSource(source)}) cannot be read` };
      if (result.status === "unset" && app.confOpen) return { status: "unknown", reason: "app.conf.update() with a value the index cannot read" };
      return result;
    },
  };
}

function describeSource(v: SettingValue): string {
  if (v.kind === "str") return JSON.stringify(v.value);
  if (v.kind === "ref") return v.dotted;
  if (v.kind === "unknown") return v.text;
  return v.kind;
}
