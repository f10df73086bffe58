/**
 * DJP401 non-shared-cache-in-production: the production settings give a cache alias a backend that
 * lives inside one process or on one machine (LocMemCache, DummyCache, FileBasedCache). Every worker
 * then has its own cache: invalidation in one process does not reach the others, hit rates divide by
 * the number of processes, and DummyCache caches nothing at all. Read from the settings index; values
 * read from the environment are "unverified" (with the env default named when it is per-process).
 */
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { PROCESS_LOCAL_CACHE_BACKENDS, cacheBackend, settingAt } from "../../src/analysis/index/settings/accessors.js";
import { anchorAt, decidedProduction } from "../../src/analysis/django/settings-anchors.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { DJANGO_SINCE, djangoLacks } from "../../src/analysis/django/version-advice.js";

export default defineRule({
  id: "DJP401",
  name: "non-shared-cache-in-production",
  category: "caching",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "The production default cache is per-process or per-machine (LocMemCache, DummyCache, FileBasedCache).",
  messages: {
    localCache:
      "The production cache {{alias}} is {{backend}}, which lives inside each process{{machine}}: every worker keeps its own copy, a `cache.delete()` in one process leaves stale entries in the others, and the hit rate divides by the number of processes. Use a shared cache in production: {{shared}} with `LOCATION` from the environment.",
    dummyCache:
      "The production cache {{alias}} is `DummyCache`: nothing is ever cached, so every `cache.get()` misses and the work it was meant to save runs on every request. Use a shared cache in production: {{shared}}.",
  },
  check(ctx) {
    const production = decidedProduction(ctx);
    if (!production) return;
    if (!production.files.has(ctx.file.path)) return;
    ctx.applies();
    checkCaches(ctx);
  },
});

/**
 * The per-process default is one cache of several by design (rotation set 10): another alias of the same
 * `CACHES` has a shared backend for what must be shared, and the whole repository invalidates no key
 * (no `delete`, `touch`, `clear` or write-through `set`), so the per-process copies cost hit rate, never
 * stale reads after a write. The reason clause, or undefined.
 */
function sharedAliasBeside(ctx: RuleContext, caches: ReturnType<RuleContext["index"]["settings"]["inProduction"]>, alias: string): string | undefined {
  if (caches.status !== "set" || caches.value.kind !== "dict") return undefined;
  const keys = ctx.index.cacheKeys;
  if (!keys.complete || keys.anyInvalidationAt !== undefined || keys.clearedAt !== undefined) return undefined;
  const other = [...caches.value.entries.keys()].find((a) => {
    if (a === alias) return false;
    const b = cacheBackend(caches, a);
    return b.status === "set" && b.backend !== undefined && !PROCESS_LOCAL_CACHE_BACKENDS.has(b.backend) && !/DummyCache$/.test(b.backend);
  });
  return other === undefined ? undefined : `the shared alias ${codeSpan(other)} is configured beside it, and nothing in the repository deletes or refreshes a cached key, so per-process copies cost hit rate, not stale reads`;
}

/**
 * Nothing of the project uses the default cache (rotation set 13: a LocMem default no code touched):
 * every Python module was read and none names Django's cache API (`django.core.cache`, `cache_page`,
 * `get_cache_key`, the cache middleware), the production settings keep sessions out of the cache, name
 * no cache middleware and no DRF throttle classes, and no view sets `throttle_classes`. Installed
 * packages may still use it (`{% cache %}` in templates is not read either). The reason clause, or undefined.
 */
function neverUsed(ctx: RuleContext): string | undefined {
  const keys = ctx.index.cacheKeys;
  if (!keys.complete || keys.anyUseAt !== undefined || keys.anyInvalidationAt !== undefined) return undefined;
  const settings = ctx.index.settings;
  const engine = settings.inProduction("SESSION_ENGINE");
  if (engine.status === "unknown" || (engine.status === "set" && (engine.value.kind !== "str" || /\.cache|cached_db/.test(engine.value.value)))) return undefined;
  const middleware = settings.inProduction("MIDDLEWARE");
  if (middleware.status !== "set" || middleware.value.kind !== "list" || middleware.value.open) return undefined;
  // Items appended as a nested list (`MIDDLEWARE.append([...])`) are read one level down.
  const names = middleware.value.items.flatMap((i) => (i.value.kind === "list" && !i.value.open ? i.value.items.map((j) => j.value) : [i.value]));
  if (names.some((v) => v.kind !== "str" || /^django\.middleware\.cache\./.test(v.value))) return undefined;
  const throttles = settingAt(settings.inProduction("REST_FRAMEWORK"), ["DEFAULT_THROTTLE_CLASSES"]);
  if (throttles.status === "unknown" || (throttles.status === "set" && !(throttles.value.kind === "list" && !throttles.value.open && throttles.value.items.length === 0))) return undefined;
  if ([...ctx.index.drf.views.values()].some((v) => v.attrs.has("throttle_classes"))) return undefined;
  return "nothing in the repository uses the cache (no `django.core.cache` import, `cache_page` or cache middleware, sessions not in the cache, no DRF throttling), so only an installed package could read it";
}

/**
 * The shared backend to name: Django's own Redis backend came in Django 4.0; a project whose Django is
 * proven older (rotation set 12: Django 1.8) gets django-redis or Memcached instead.
 */
function sharedBackendAdvice(ctx: RuleContext): string {
  if (djangoLacks(ctx.index.versions, "redisCache")) return `django-redis (\`django_redis.cache.RedisCache\`) or Memcached (\`django.core.cache.backends.memcached.PyLibMCCache\`; Django's own \`RedisCache\` needs Django ${DJANGO_SINCE.redisCache})`;
  return "`django.core.cache.backends.redis.RedisCache` (or django-redis / Memcached)";
}

function checkCaches(ctx: RuleContext): void {
  const caches = ctx.index.settings.inProduction("CACHES");
  if (caches.status === "unknown") return ctx.unverified(`CACHES: ${caches.reason}`);
  // Unset CACHES (Django's LocMemCache default) is DJP602's when sessions use it; a project without
  // a CACHES setting may not use the cache at all, so it is not reported here.
  if (caches.status !== "set" || caches.value.kind !== "dict") return;
  // Only the default alias (what `django.core.cache.cache` and most libraries use): a second alias
  // kept per process on purpose (a two-level cache for values computed once per process) is a design.
  for (const alias of [...caches.value.entries.keys()].filter((a) => a === "default")) {
    const backend = cacheBackend(caches, alias);
    if (backend.status === "unknown") {
      const local = backend.envDefault !== undefined && /^(locmem|dummy|file)/.test(backend.envDefault) ? ` (its default, ${backend.envDefault}, is per-process)` : "";
      ctx.unverified(`cache ${alias} is ${backend.reason ?? "not readable"}${local}`);
      continue;
    }
    if (backend.status !== "set" || !backend.backend || !PROCESS_LOCAL_CACHE_BACKENDS.has(backend.backend)) continue;
    const anchor = anchorAt(ctx.django, backend.value?.origin, backend.backend);
    if (!anchor) continue;
    const dummy = /DummyCache$/.test(backend.backend);
    const shared = dummy ? undefined : sharedAliasBeside(ctx, caches, alias);
    const unused = dummy ? undefined : neverUsed(ctx);
    // Kept per process beside a shared alias, and nothing of the project uses it: nothing to say.
    if (shared && unused) continue;
    const low = shared ?? unused;
    ctx.report({
      ...(low ? { impact: { level: "low" as const, reason: low } } : {}),
      node: anchor,
      messageId: dummy ? "dummyCache" : "localCache",
      data: { alias: codeSpan(alias), backend: codeSpan(backend.backend), shared: sharedBackendAdvice(ctx), machine: /FileBasedCache$/.test(backend.backend) ? " (or on one machine's disk)" : "" },
      subject: `CACHES.${alias}`,
    });
  }
}
