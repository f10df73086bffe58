/**
 * djperf's own environment for `npm start` (src/main.ts) and `npm run worker` (src/worker.ts); the
 * rest is Probot's standard environment. See docs/scale-out.md.
 *
 *   DJPERF_REVIEW_CONCURRENCY, DJPERF_COMMAND_CONCURRENCY   jobs at once per lane in this process
 *   DJPERF_MAX_QUEUED_REVIEWS, DJPERF_MAX_QUEUED_COMMANDS   in-process queue: jobs that may wait per lane
 *   DJPERF_SHUTDOWN_GRACE_MS                                 how long SIGTERM waits for running jobs
 *   REDIS_URL                                                the BullMQ queue instead of the in-process one
 *   DJPERF_REDIS_PREFIX                                      key namespace in Redis (default "djperf")
 *   DJPERF_PROCESS_JOBS                                      "false": the server only enqueues (workers run jobs)
 *   DJPERF_JOB_LOCK_MS                                       how soon a dead worker's job goes to another (default 30000)
 *   DJPERF_FACTS_TTL_SECONDS                                 expiry of index facts cached in Redis (default 604800, 7 days)
 *   DJPERF_FACTS_MAX_ENTRY_BYTES                             largest facts entry kept in Redis (default 2097152)
 *   DJPERF_FACTS_REDIS_URL                                   the Redis for index facts (default REDIS_URL; "memory": this process only)
 *   DJPERF_MEMORY_CACHE_ENTRIES, DJPERF_MEMORY_CACHE_BYTES   bounds of this process's cache of index facts (without Redis) and
 *                                                            review findings (default 20000 entries, 134217728 bytes)
 */
import type { Lane } from "./jobs/job.js";
import type { MemoryCacheBounds, RedisSettings } from "./jobs/worker.js";

export interface RuntimeConfig {
  concurrency: Partial<Record<Lane, number>>;
  maxQueued: Partial<Record<Lane, number>>;
  graceMs: number;
  redis?: RedisSettings;
  memoryCache: MemoryCacheBounds;
}

export function readRuntimeConfig(env: NodeJS.ProcessEnv): RuntimeConfig {
  const positive = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
    return value;
  };
  const review = positive("DJPERF_REVIEW_CONCURRENCY");
  const command = positive("DJPERF_COMMAND_CONCURRENCY");
  const maxReviews = positive("DJPERF_MAX_QUEUED_REVIEWS");
  const maxCommands = positive("DJPERF_MAX_QUEUED_COMMANDS");
  const url = env.REDIS_URL?.trim();
  const lockMs = positive("DJPERF_JOB_LOCK_MS");
  const ttlSeconds = positive("DJPERF_FACTS_TTL_SECONDS");
  const maxEntryBytes = positive("DJPERF_FACTS_MAX_ENTRY_BYTES");
  const factsUrl = env.DJPERF_FACTS_REDIS_URL?.trim();
  const cacheEntries = positive("DJPERF_MEMORY_CACHE_ENTRIES");
  const cacheBytes = positive("DJPERF_MEMORY_CACHE_BYTES");
  const processJobs = env.DJPERF_PROCESS_JOBS?.trim().toLowerCase();
  if (processJobs !== undefined && processJobs !== "" && !["true", "false", "1", "0"].includes(processJobs)) {
    throw new Error(`DJPERF_PROCESS_JOBS must be true or false, got "${env.DJPERF_PROCESS_JOBS}"`);
  }
  if ((processJobs === "false" || processJobs === "0") && !url) throw new Error("DJPERF_PROCESS_JOBS=false needs REDIS_URL: without Redis no other process could run the jobs");
  return {
    concurrency: { ...(review ? { review } : {}), ...(command ? { command } : {}) },
    maxQueued: { ...(maxReviews ? { review: maxReviews } : {}), ...(maxCommands ? { command: maxCommands } : {}) },
    // Under Kubernetes' default 30 s termination grace, leaving time to complete aborted check runs.
    graceMs: positive("DJPERF_SHUTDOWN_GRACE_MS") ?? 20_000,
    memoryCache: { ...(cacheEntries ? { maxEntries: cacheEntries } : {}), ...(cacheBytes ? { maxBytes: cacheBytes } : {}) },
    ...(url
      ? {
          redis: {
            url,
            ...(env.DJPERF_REDIS_PREFIX ? { prefix: env.DJPERF_REDIS_PREFIX } : {}),
            ...(lockMs ? { lockMs } : {}),
            processJobs: !(processJobs === "false" || processJobs === "0"),
            facts: { ...(ttlSeconds ? { ttlSeconds } : {}), ...(maxEntryBytes ? { maxEntryBytes } : {}), ...(factsUrl ? { url: factsUrl } : {}) },
          },
        }
      : {}),
  };
}

/**
 * Probot's environment without REDIS_URL: given one, Probot would fetch ioredis with npx at run time
 * for its throttling. A live view, so the `.env` file Probot loads inside run() still counts.
 */
export function probotEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return new Proxy(env, {
    get: (target, name) => (name === "REDIS_URL" ? undefined : Reflect.get(target, name)),
    has: (target, name) => name !== "REDIS_URL" && Reflect.has(target, name),
  });
}
