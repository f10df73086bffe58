/**
 * DJP702 observability-gaps: a repository audit of the rulebook's monitoring checklist, reported at
 * info on the settings production runs (check-run summary, never inline):
 * - response times: no APM initialised in settings (Sentry, OpenTelemetry, New Relic, Datadog,
 *   Elastic APM, Scout), no metrics app or middleware (django-prometheus), and none a dependency;
 * - slow queries: no `django.db.backends` logger, no `log_min_duration_statement` /
 *   `statement_timeout` in the database OPTIONS, and no APM that records queries;
 * - Celery (when used): workers send no task events and no queue monitor is a dependency; the
 *   message also names missing task time limits.
 * Env-driven or unreadable settings are "unverified"; monitoring configured outside the repository
 * is declared with the `external` option.
 */
import { z } from "zod";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { settingAt } from "../../src/analysis/index/settings/accessors.js";
import { describeUnknown, listContains, truthy, type SettingLookup, type SettingValue } from "../../src/analysis/index/settings/values.js";
import { anchorAt, multiHostProduction } from "../../src/analysis/django/settings-anchors.js";
import { APM_PACKAGES, CELERY_MONITOR_PACKAGES } from "../../src/analysis/index/versions.js";

const GAPS = ["apm", "slow_queries", "celery"] as const;

const options = z.object({
  /** Monitoring set up outside the repository (deployment, database server, APM agent wrapper). */
  external: z.array(z.enum(GAPS)).default([]),
});
type Options = z.infer<typeof options>;

/** Module-level calls in settings that start an APM agent. */
const APM_CALLS = /^(sentry_sdk\.init|raven\.|newrelic\.agent\.initialize|ddtrace\.(patch_all|patch|auto)|opentelemetry\.|elasticapm\.|scout_apm\.|honeybadger\.|rollbar\.init)/;
const APM_APPS = ["elasticapm.contrib.django", "scout_apm.django", "django_prometheus", "django_statsd", "newrelic", "rollbar"];
const APM_MIDDLEWARE = /^(django_prometheus\.|elasticapm\.|django_statsd\.|scout_apm\.|ddtrace\.|opentelemetry\.)/;

export default defineRule<Options>({
  id: "DJP702",
  name: "observability-gaps",
  category: "monitoring",
  status: "preview",
  level: "info",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "Repository audit: no response-time monitoring, no slow-query logging, or unmonitored Celery queues in the production settings.",
  messages: {
    noApm:
      "Nothing in the repository measures response times: the production settings start no APM (Sentry with tracing, OpenTelemetry, New Relic, Datadog, Elastic APM, Scout) and add no metrics middleware (django-prometheus), and no such package is a dependency. Slow endpoints then surface as user complaints. For example `sentry_sdk.init(dsn=..., traces_sample_rate=0.1)` in the production settings. Set up outside the repository? Set the rule option `external: [apm]`. (Judged as production settings: {{why}}.)",
    noSlowQueryLog:
      "Nothing in the repository logs slow queries: LOGGING has no `django.db.backends` logger, the database OPTIONS set no `log_min_duration_statement`, and no APM records queries. For PostgreSQL: `\"OPTIONS\": {\"options\": \"-c log_min_duration_statement=500\"}` (or enable it, or pg_stat_statements, on the database server and set the rule option `external: [slow_queries]`). (Judged as production settings: {{why}}.)",
    celeryUnmonitored:
      "Celery is used, but its workers send no task events ({{events}}) and no queue monitor (Flower, a Prometheus exporter) is a dependency: queue lengths and stuck tasks go unseen{{limits}}. Set {{settings}}, and watch the queues with Flower or celery-exporter (or set the rule option `external: [celery]`). (Judged as production settings: {{why}}.)",
  },
  options,
  check(ctx) {
    // A single-host deployment (SQLite, per-process caches, no deployment files) is not the production
    // fleet the checklist is written for.
    const production = multiHostProduction(ctx);
    if (!production) return;
    // A repository audit: shown once, on the production module itself.
    if (ctx.file.path !== production.path) return;
    ctx.applies();
    const start = firstStatement(ctx.file.tree.rootNode);
    if (!start) return;
    const external = new Set(ctx.options.external);
    const apm = external.has("apm") ? true : hasApm(ctx);
    const data = { why: production.reason };
    // A middleware of the project's own that logs each request's duration measures response times,
    // but records no queries: the slow-query line is still checked.
    if (apm === false && !timedByMiddleware(ctx)) ctx.report({ node: start, messageId: "noApm", data });
    if (!external.has("slow_queries") && apm !== true) checkSlowQueries(ctx, start, data);
    if (!external.has("celery")) checkCelery(ctx, start, data);
  },
});

function firstStatement(root: SyntaxNode): SyntaxNode | undefined {
  return root.namedChildren.find((c) => c.type !== "comment");
}

/** true: an APM is set up; false: provably none; undefined: cannot tell (said as unverified). */
function hasApm(ctx: RuleContext<Options>): boolean | undefined {
  const settings = ctx.index.settings;
  if (APM_PACKAGES.some((p) => ctx.index.versions.package(p) !== undefined)) return true;
  const module = settings.production.module;
  const production = module ? settings.evaluated(module) : undefined;
  if (production?.calls.some((c) => APM_CALLS.test(c.callee))) return true;
  const apps = settings.inProduction("INSTALLED_APPS");
  const middleware = settings.inProduction("MIDDLEWARE");
  if (apps.status === "set" && APM_APPS.some((a) => listContains(apps.value, a, true) === true)) return true;
  if (middleware.status === "set" && stringsOf(middleware.value).some((m) => APM_MIDDLEWARE.test(m))) return true;
  const unknown = [apps, middleware].map(unknownReason).find((r) => r !== undefined);
  if (unknown !== undefined) {
    ctx.unverified(`response-time monitoring: ${unknown}`, "noApm");
    return undefined;
  }
  return false;
}

/**
 * The production MIDDLEWARE lists a middleware of the project's own that times every request and logs
 * the duration (`registrar.middleware.TimingMiddleware`, read by request-timers.ts): response times
 * are measured, in the logs rather than an APM (rotation set 11).
 */
function timedByMiddleware(ctx: RuleContext<Options>): boolean {
  const timers = ctx.index.requestTimers ?? [];
  const middleware = ctx.index.settings.inProduction("MIDDLEWARE");
  if (timers.length === 0 || middleware.status !== "set") return false;
  return stringsOf(middleware.value).some((entry) => timers.some((qualified) => qualified === entry || qualified.endsWith(`.${entry}`)));
}

function checkSlowQueries(ctx: RuleContext<Options>, start: SyntaxNode, data: { why: string }): void {
  const settings = ctx.index.settings;
  const logging = settings.inProduction("LOGGING");
  const loggers = settingAt(logging, ["loggers"]);
  if (loggers.status === "set" && loggers.value.kind === "dict" && loggers.value.entries.has("django.db.backends")) return;
  const databases = settings.inProduction("DATABASES");
  const options = settingAt(databases, ["default", "OPTIONS"]);
  if (options.status === "set" && /log_min_duration_statement|statement_timeout|auto_explain/.test(JSON.stringify(plain(options.value)))) return;
  const unknown = [loggers, options].find((l): l is Extract<SettingLookup, { status: "unknown" }> => l.status === "unknown");
  if (unknown) {
    ctx.unverified(`slow-query logging: ${unknown.reason}`, "noSlowQueryLog");
    return;
  }
  // Shown on the database settings when this file writes them.
  const anchor = databases.status === "set" ? anchorAt(ctx.django, databases.value.origin) : undefined;
  ctx.report({ node: anchor ?? start, messageId: "noSlowQueryLog", data });
}

function checkCelery(ctx: RuleContext<Options>, start: SyntaxNode, why: { why: string }): void {
  const usesCelery = ctx.index.celery.used || ctx.index.settings.celery.apps.length > 0;
  if (!usesCelery) return;
  if (CELERY_MONITOR_PACKAGES.some((p) => ctx.index.versions.package(p) !== undefined)) return;
  if (flowerConfigured(ctx) || onSqs(ctx)) return;
  const celery = ctx.index.settings.celery;
  const events = celery.setting("worker_send_task_events");
  if (events.status === "unknown") {
    ctx.unverified(`Celery monitoring: worker_send_task_events ${events.reason}`, "celeryUnmonitored");
    return;
  }
  const on = events.status === "set" ? eventsOn(events.value) : false;
  if (on === true) return;
  if (eventsOnElsewhere(ctx)) return;
  if (on === undefined && events.status === "set") {
    ctx.unverified(`Celery monitoring: worker_send_task_events is ${events.value.kind === "unknown" ? describeUnknown(events.value) : "not readable"}`, "celeryUnmonitored");
    return;
  }
  const limits = ["task_time_limit", "task_soft_time_limit"].some((k) => celery.setting(k).status !== "unset");
  const broker = celery.setting("broker_url");
  const anchor = broker.status === "set" ? anchorAt(ctx.django, broker.value.origin) : undefined;
  ctx.report({
    node: anchor ?? start,
    messageId: "celeryUnmonitored",
    data: {
      ...why,
      events: events.status === "unset" ? "`worker_send_task_events` is not set" : "`worker_send_task_events` is off",
      limits: limits ? "" : ", and no task time limit (`CELERY_TASK_TIME_LIMIT`) stops a hung task from holding a worker forever",
      // Only what is missing: a project that already sends the client's "sent" event is not told to (rotation set 13).
      settings: sentEventOn(celery.setting("task_send_sent_event"))
        ? "`CELERY_WORKER_SEND_TASK_EVENTS = True` (the client's `CELERY_TASK_SEND_SENT_EVENT` is already on; the workers' events are what Flower and exporters read)"
        : "`CELERY_WORKER_SEND_TASK_EVENTS = True` and `CELERY_TASK_SEND_SENT_EVENT = True`",
    },
  });
}

/**
 * Whether a set `worker_send_task_events` switches task events on: true / false for a literal,
 * undefined when the value cannot be read (env-driven, computed: unverified, never "off"). A value the
 * repository sets to True that only code the index cannot follow may change afterwards (the production
 * settings star-import the base that sets it, then `vars().update(config_from_yaml)` loads a deployment's
 * YAML over every name: rotation set 13, two projects) is on: the repository switches events on, and
 * the override is the deployment's own configuration, not a gap the repository leaves.
 */
function eventsOn(value: SettingValue): boolean | undefined {
  if (value.kind === "bool") return value.value;
  if (value.kind !== "unknown") return truthy(value);
  const alternatives = value.reason === "import" ? (value.alternatives ?? []) : [];
  if (alternatives.length > 0 && alternatives.every((a) => a.kind === "bool" && a.value)) return true;
  return undefined;
}

/** The client's sent event is on: True, or an env lookup whose default is True (`env.bool("X", True)`). */
function sentEventOn(lookup: SettingLookup): boolean {
  if (lookup.status !== "set") return false;
  const value = lookup.value;
  if (value.kind === "unknown" && value.reason === "env" && value.default?.kind === "bool") return value.default.value;
  return eventsOn(value) === true;
}

/**
 * The broker is Amazon SQS (`broker_transport = "sqs"`, a `sqs://` broker URL): Celery's SQS transport
 * sends no task events, so neither the events setting nor Flower or an events exporter can be used
 * (Celery's documentation, "Using Amazon SQS": no events, no remote control); the queues are watched
 * in CloudWatch, outside the repository (rotation set 9: a project whose workers run elsewhere).
 */
function onSqs(ctx: RuleContext<Options>): boolean {
  const celery = ctx.index.settings.celery;
  const settings = ctx.index.settings;
  const transports = [celery.setting("broker_transport"), settings.effective("CELERY_BROKER_TRANSPORT"), settings.effective("BROKER_TRANSPORT")];
  if (transports.some((t) => t.status === "set" && t.value.kind === "str" && t.value.value.toLowerCase() === "sqs")) return true;
  const urls = [celery.setting("broker_url"), settings.effective("CELERY_BROKER_URL"), settings.effective("BROKER_URL")];
  return urls.some((u) => u.status === "set" && ((u.value.kind === "str" && /^sqs:\/\//i.test(u.value.value)) || (u.value.kind === "unknown" && SQS_URL_BUILT.test(u.value.text))));
}

/**
 * A broker URL built from a literal that starts with the scheme: `"sqs://%s:%s@" % (key, secret)`,
 * `f"sqs://{key}:{secret}@"`, `"sqs://" + credentials` (rotation set 10). The scheme is in the code
 * even though the credentials come from the environment.
 */
const SQS_URL_BUILT = /^\(?\s*[rRuUbBfF]{0,2}["']sqs:\/\//;

/**
 * Task events switched on outside the settings: a worker started with `-E` / `--task-events` in a
 * Procfile, compose file or Dockerfile. Shell scripts that start workers are not read.
 * `task_send_sent_event` (`CELERY_TASK_SEND_SENT_EVENT = True`) does not count: it only adds the
 * client's "sent" event, and workers still send none without `-E` (rotation set 10: a project with
 * it set and no `-E` anywhere was judged a real gap).
 */
function eventsOnElsewhere(ctx: RuleContext<Options>): boolean {
  return ctx.index.settings.workerEvents.length > 0;
}

/**
 * The production settings configure a Flower deployment (`FLOWER_HOST`, `FLOWER_URL`,
 * `CELERY_FLOWER_USER`…): Flower then runs as its own service (often a container from its own image,
 * so it is no Python dependency), and it switches the workers' task events on itself.
 */
function flowerConfigured(ctx: RuleContext<Options>): boolean {
  const module = ctx.index.settings.production.module;
  const env = module ? ctx.index.settings.evaluated(module)?.env : undefined;
  return env !== undefined && [...env.keys()].some((name) => FLOWER_SETTING.test(name));
}

const FLOWER_SETTING = /^(CELERY_)?FLOWER_[A-Z0-9_]+$/;

/** Why a list setting cannot be read (unknown, or a list that may hold items the index cannot see). */
function unknownReason(lookup: SettingLookup): string | undefined {
  if (lookup.status === "unknown") return lookup.reason;
  if (lookup.status !== "set") return undefined;
  const value = lookup.value;
  if (value.kind === "unknown") return describeUnknown(value);
  if (value.kind === "list" && value.open) return "the list has items the index cannot read";
  return undefined;
}

function stringsOf(value: SettingValue): string[] {
  return value.kind === "list" ? value.items.flatMap((e) => (e.value.kind === "str" ? [e.value.value] : [])) : [];
}

/** A JSON-able copy of known values, for a text search of option strings. */
function plain(value: SettingValue): unknown {
  switch (value.kind) {
    case "str":
    case "num":
    case "bool":
      return value.value;
    case "list":
      return value.items.map((e) => plain(e.value));
    case "dict":
      return Object.fromEntries([...value.entries].map(([k, e]) => [k, plain(e.value)]));
    default:
      return null;
  }
}
