/**
 * DJP602 process-local-session-or-storage: production settings that keep shared state inside one
 * process or on one machine's disk: sessions in a per-process cache or in local files, uploads on
 * the local file system, an in-memory channel layer, an in-memory Celery broker or result backend.
 * Read from the settings index (production module, or what every settings root agrees on); values
 * read from the environment are "unverified", never findings.
 */
import { z } from "zod";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { FieldInfo } from "../../src/analysis/index/types.js";
import { defineRule } from "../../src/analysis/rule.js";
import { mediaOnComposeVolume } from "./media-volume.js";
import { PROCESS_LOCAL_CACHE_BACKENDS, cacheBackend, defaultStorage, settingAt } from "../../src/analysis/index/settings/accessors.js";
import { stringOf, type SettingLookup } from "../../src/analysis/index/settings/values.js";
import { anchorAt, multiHostProduction, productionFiles } from "../../src/analysis/django/settings-anchors.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

const options = z.object({
  /** Uploads go to a volume every instance mounts (NFS, EFS): local file storage is shared. */
  shared_media: z.boolean().default(false),
});
type Options = z.infer<typeof options>;

const CACHE_SESSIONS = "django.contrib.sessions.backends.cache";
const FILE_SESSIONS = "django.contrib.sessions.backends.file";
const LOCAL_STORAGE = new Set(["django.core.files.storage.FileSystemStorage", "django.core.files.storage.filesystem.FileSystemStorage"]);
const IN_MEMORY_CHANNELS = /InMemoryChannelLayer$/;
const IN_MEMORY_CELERY = /^(memory:\/\/|cache\+memory:\/\/)/;

export default defineRule<Options>({
  id: "DJP602",
  name: "process-local-session-or-storage",
  category: "scalability",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "Production settings keep sessions, uploads, channel layers or Celery messages inside one process or on one machine.",
  messages: {
    sessionsInLocalCache:
      "Sessions are kept in the cache ({{engine}}), and that cache ({{alias}}) is {{backend}}, which lives inside each process: a user logged in through one worker is unknown to the next, and every restart logs everyone out. Store them where every process sees them: `SESSION_ENGINE = \"django.contrib.sessions.backends.cached_db\"` (or `db`), or point the session cache at Redis (`django.core.cache.backends.redis.RedisCache`). Intended (one process only)? `# djperf: ignore[DJP602] <reason>`. (Judged as production settings: {{why}}.)",
    sessionsInFiles:
      "Sessions are kept in files on the local disk ({{engine}}): each machine or container has its own, so a second web instance does not know the users of the first, and a redeploy loses them. Use `django.contrib.sessions.backends.cached_db` (or `db`, or a Redis-backed cache). Intended (one machine only)? `# djperf: ignore[DJP602] <reason>`. (Judged as production settings: {{why}}.)",
    localStorage:
      "Uploaded files are stored on the local disk ({{storage}}): each web instance or container has its own copy of MEDIA_ROOT, so a file uploaded through one is missing on the others and lost when a container is replaced. Use shared storage (django-storages: S3, GCS, Azure) or a volume every instance mounts (then set the rule option `shared_media: true`). (Judged as production settings: {{why}}.)",
    inMemoryChannels:
      "The channel layer is {{backend}}, which lives inside one process: WebSocket groups and messages sent from another worker (or a Celery task) never arrive. Use `channels_redis.core.RedisChannelLayer` in production. Intended? `# djperf: ignore[DJP602] <reason>`. (Judged as production settings: {{why}}.)",
    inMemoryCelery:
      "{{setting}} is {{value}}, an in-memory transport: messages exist only inside the process that sent them, so no worker process ever receives them (or their results). Use a real broker and result backend (Redis, RabbitMQ, the database). Intended? `# djperf: ignore[DJP602] <reason>`. (Judged as production settings: {{why}}.)",
  },
  options,
  check(ctx) {
    // Single-host deployments (SQLite, per-process caches and no deployment files) keep state in one place by design.
    const production = multiHostProduction(ctx);
    if (!production) return;
    if (!production.files.has(ctx.file.path)) return;
    ctx.applies();
    checkSessions(ctx);
    if (!ctx.options.shared_media) checkStorage(ctx);
    checkChannels(ctx);
    checkCelery(ctx);
  },
});

function unverified(ctx: RuleContext<Options>, setting: string, lookup: SettingLookup): void {
  if (lookup.status === "unknown") ctx.unverified(`${setting}: ${lookup.reason}`);
}

function checkSessions(ctx: RuleContext<Options>): void {
  const settings = ctx.index.settings;
  const engineLookup = settings.inProduction("SESSION_ENGINE");
  if (engineLookup.status !== "set") {
    unverified(ctx, "SESSION_ENGINE", engineLookup);
    return;
  }
  const engine = stringOf(engineLookup);
  if (engine === FILE_SESSIONS) {
    report(ctx, anchorAt(ctx.django, engineLookup.value.origin, engine), "sessionsInFiles", { engine: codeSpan(engine) });
    return;
  }
  if (engine !== CACHE_SESSIONS) return;
  const aliasLookup = settings.inProduction("SESSION_CACHE_ALIAS");
  if (aliasLookup.status === "unknown") return unverified(ctx, "SESSION_CACHE_ALIAS", aliasLookup);
  const alias = stringOf(aliasLookup) ?? "default";
  const caches = settings.inProduction("CACHES");
  const backend = cacheBackend(caches, alias);
  let described: string | undefined;
  if (caches.status === "unset") described = "Django's default per-process `LocMemCache` (CACHES is not set)";
  else if (backend.status === "set" && backend.backend && PROCESS_LOCAL_CACHE_BACKENDS.has(backend.backend)) described = codeSpan(backend.backend);
  else if (backend.status === "unknown") {
    const local = backend.envDefault !== undefined && /^(locmem|dummy|file)/.test(backend.envDefault) ? ` (its default, ${backend.envDefault}, is per-process)` : "";
    ctx.unverified(`the session cache ${alias} is ${backend.reason ?? "not readable"}${local}`);
  }
  if (!described) return;
  const related = backend.value?.origin ? [{ path: backend.value.origin.path, range: lineRange(backend.value.origin.line), message: `cache ${alias} is set here` }] : [];
  report(ctx, anchorAt(ctx.django, engineLookup.value.origin, engine), "sessionsInLocalCache", { engine: codeSpan(engine), alias: codeSpan(alias), backend: described }, related);
}

/** Uploads on local disk: only in projects that have file fields, and only where the storage or MEDIA_ROOT is written. */
function checkStorage(ctx: RuleContext<Options>): void {
  if (!projectStoresFiles(ctx) || everyFieldNamesStorage(ctx)) return;
  const settings = ctx.index.settings;
  const storage = defaultStorage(settings.inProduction("STORAGES"), settings.inProduction("DEFAULT_FILE_STORAGE"));
  if (storage.status === "unknown") {
    ctx.unverified(`the default file storage is ${storage.reason ?? "not readable"}`);
    return;
  }
  if (storage.status === "set" && (!storage.backend || !LOCAL_STORAGE.has(storage.backend))) return;
  let anchor: SyntaxNode | undefined;
  let described = "`FileSystemStorage`, Django's default";
  if (storage.status === "set") {
    anchor = anchorAt(ctx.django, storage.value?.origin, storage.backend);
    described = codeSpan(storage.backend ?? "FileSystemStorage");
  } else {
    const media = settings.inProduction("MEDIA_ROOT");
    if (media.status === "set") anchor = anchorAt(ctx.django, media.value.origin);
    else if (media.status === "unknown") {
      const origin = /* an env-driven or computed MEDIA_ROOT still has a line */ mediaOrigin(ctx);
      anchor = anchorAt(ctx.django, origin);
    }
  }
  // The production compose deployment keeps MEDIA_ROOT on a volume its web service mounts: `shared_media`, shown.
  if (mediaOnComposeVolume(ctx)) return;
  report(ctx, anchor, "localStorage", { storage: described }, [], "info");
}

function mediaOrigin(ctx: RuleContext<Options>) {
  const module = ctx.index.settings.production.module;
  return module ? ctx.index.settings.evaluated(module)?.env.get("MEDIA_ROOT")?.origin : undefined;
}

function projectStoresFiles(ctx: RuleContext<Options>): boolean {
  return projectFileFields(ctx).length > 0;
}

/** The project's own file fields (Django's and installed apps' models left out), once per field. */
function projectFileFields(ctx: RuleContext<Options>): FieldInfo[] {
  const out = new Map<string, FieldInfo>();
  for (const model of ctx.index.models.values()) {
    if (model.builtin) continue;
    for (const field of model.fields.values()) if (/(File|Image)Field$/.test(field.fieldClass)) out.set(`${field.path}:${field.line}:${field.name}`, field);
  }
  return [...out.values()];
}

/**
 * Every file field of the project names its own storage (`FileField(storage=ASSET_STORAGE)`, rotation
 * set 14: every upload model routed to MinIO storages the production settings build): the default
 * storage holds no upload, and its being local says nothing about where files live. A `storage=` that
 * is itself a `FileSystemStorage(...)` is local too and does not count.
 */
function everyFieldNamesStorage(ctx: RuleContext<Options>): boolean {
  const fields = projectFileFields(ctx);
  return fields.length > 0 && fields.every((f) => f.kwargs.storage !== undefined && !/FileSystemStorage/.test(f.kwargs.storage));
}

function checkChannels(ctx: RuleContext<Options>): void {
  const layers = ctx.index.settings.inProduction("CHANNEL_LAYERS");
  if (layers.status === "unset") return;
  const backend = settingAt(layers, ["default", "BACKEND"]);
  if (backend.status === "unknown") return unverified(ctx, "CHANNEL_LAYERS", backend);
  const name = stringOf(backend);
  if (!name || !IN_MEMORY_CHANNELS.test(name)) return;
  report(ctx, anchorAt(ctx.django, backend.status === "set" ? backend.value.origin : undefined, name), "inMemoryChannels", { backend: codeSpan(name) });
}

function checkCelery(ctx: RuleContext<Options>): void {
  for (const [key, label] of [
    ["broker_url", "The Celery broker"],
    ["result_backend", "The Celery result backend"],
  ] as const) {
    const lookup = ctx.index.settings.celery.setting(key);
    const value = stringOf(lookup);
    if (!value || !IN_MEMORY_CELERY.test(value) || lookup.status !== "set") continue;
    report(ctx, anchorAt(ctx.django, lookup.value.origin, value), "inMemoryCelery", { setting: `${label} (${codeSpan(lookup.source ?? key)})`, value: codeSpan(value) });
  }
}

function lineRange(line: number) {
  return { start: { line, column: 1 }, end: { line, column: 1 } };
}

function report(
  ctx: RuleContext<Options>,
  anchor: SyntaxNode | undefined,
  messageId: string,
  data: Record<string, string>,
  related: { path: string; range: ReturnType<typeof lineRange>; message: string }[] = [],
  level?: "info",
): void {
  if (!anchor) return;
  ctx.report({ node: anchor, messageId, data: { ...data, why: productionFiles(ctx.index).reason }, related, ...(level ? { level } : {}) });
}
