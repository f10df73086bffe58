/**
 * Wires the queue to its worker for a loaded Probot app: jobs authenticate as their installation
 * (Probot caches the tokens), share one blob cache, and queue follow-up jobs on the same queue.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { Probot } from "probot";
import type { AnyRule } from "../analysis/rule.js";
import type { RuleRefInfo } from "../commands/run-command.js";
import { BlobCache } from "../github/blob-cache.js";
import { GitHubGateway, type GatewayOptions } from "../github/gateway.js";
import { runReview } from "../pipeline/run-review.js";
import { eventLoopAnalyser, threadAnalyser, type ChangeAnalyser } from "../pipeline/analysis-thread.js";
import { MemoryFactsStore, type FactsStore } from "../analysis/index/facts-cache.js";
import { RedisFactsStore, type RedisFactsStoreOptions } from "../cache/redis-facts-store.js";
import { findPackageRoot, packageVersion } from "../cli/package-info.js";
import { createRuleDocLoader } from "../rule-docs-loader.js";
import { RULES } from "../../rules/index.js";
import { reportGaveUp } from "./gave-up-job.js";
import { InProcessQueue } from "./in-process-queue.js";
import type { Job, Lane } from "./job.js";
import { createJobProcessor, type JobDependencies } from "./process-job.js";
import { DjperfMetrics, type OctokitWithHooks } from "./metrics.js";
import type { JobProcessor, JobQueue, QueueLog, RefusedHandler, SupersededHandler } from "./queue.js";
import { RedisQueue, type RedisQueueOptions } from "./redis-queue.js";

export interface WorkerOptions {
  /** Builds the queue (default: an InProcessQueue). Tests pass a recording fake. */
  createQueue?: (setup: QueueSetup) => JobQueue;
  concurrency?: Partial<Record<Lane, number>>;
  /** Cap of waiting jobs per lane of the in-process queue (DJPERF_MAX_QUEUED_REVIEWS / _COMMANDS). */
  maxQueued?: Partial<Record<Lane, number>>;
  runReview?: typeof runReview;
  rules?: readonly AnyRule[];
  /**
   * Where reviews analyse. Default: a child process per review, killed when the review is aborted
   * (time limit, newer push, shutdown); with custom `rules` (tests), which the child cannot load, the
   * event loop.
   */
  analyse?: ChangeAnalyser;
  /** The rules `/djperf explain` answers for (default: `rules`). */
  explainable?: readonly RuleRefInfo[];
  loadRuleDoc?: JobDependencies["loadRuleDoc"];
  gateway?: Omit<GatewayOptions, "logger">;
  /** Default 10 minutes. */
  reviewTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  docsBase?: string;
  /** The Redis queue (REDIS_URL) instead of the in-process one. */
  redis?: RedisSettings;
  /** Where job and GitHub metrics go (default: a registry of this queue's own). */
  metrics?: DjperfMetrics;
  /**
   * The store of the index's per-file facts under each review's memory (default: with `redis`, Redis
   * shared by every worker; without, this process's memory; null: none, every review reads every file).
   */
  facts?: FactsStore | null;
  /**
   * The findings cache (src/pipeline/findings-cache.ts): each analysed file's outcome under a digest of
   * every input of the review, so the same review again (`/djperf recheck`, a re-run check, a
   * redelivery after a restart of the job) reads them back and parses nothing. Default: the facts'
   * Redis when the facts are kept there (a re-run served by another worker reads them back too), else
   * this process's memory cache; null: none.
   */
  findings?: FactsStore | null;
  /** Bounds of this process's memory cache (index facts without Redis, and findings). */
  memoryCache?: MemoryCacheBounds;
}

export interface MemoryCacheBounds {
  /** Entries kept (DJPERF_MEMORY_CACHE_ENTRIES); default MEMORY_CACHE_ENTRIES. */
  maxEntries?: number;
  /** Their v8-serialised bytes (DJPERF_MEMORY_CACHE_BYTES); default MEMORY_CACHE_BYTES. */
  maxBytes?: number;
}

/** Entries the App keeps in its memory cache: the index facts of a few large repositories and their reviews' outcomes. */
export const MEMORY_CACHE_ENTRIES = 20_000;
/** What those entries may weigh, serialised: 128 MiB. */
export const MEMORY_CACHE_BYTES = 128 * 1024 * 1024;

export interface RedisSettings extends Pick<RedisQueueOptions, "url" | "prefix" | "retry" | "lockMs" | "busyRetryMs" | "memorySeconds"> {
  /** False for a webhook receiver that leaves the jobs to `djperf worker` processes. Default true. */
  processJobs?: boolean;
  /**
   * The facts cache in Redis: its bounds (DJPERF_FACTS_TTL_SECONDS, DJPERF_FACTS_MAX_ENTRY_BYTES) and
   * its Redis (DJPERF_FACTS_REDIS_URL: default the queue's; "memory": this process's memory only).
   */
  facts?: Partial<Pick<RedisFactsStoreOptions, "ttlSeconds" | "maxEntryBytes" | "url">>;
}

export interface QueueSetup {
  process: JobProcessor;
  onSuperseded: SupersededHandler;
  onRefused: RefusedHandler;
  maxQueued?: Partial<Record<Lane, number>>;
  concurrency?: Partial<Record<Lane, number>>;
  log: QueueLog;
}

export const DEFAULT_REVIEW_TIMEOUT_MS = 10 * 60_000;

export function createJobQueue(probot: Probot, options: WorkerOptions = {}): JobQueue {
  const log = probot.log.child({ name: "djperf" });
  const rules = options.rules ?? RULES;
  // Jobs queue follow-up jobs on the queue built below (it exists before any job runs).
  const enqueue = (job: Job) => queue.enqueue(job);
  const metrics = options.metrics ?? new DjperfMetrics();
  // One memory cache per process, least recently used out: index facts and findings, when not in Redis, share its bounds.
  const memory = lazily(() => new MemoryFactsStore(options.memoryCache?.maxEntries ?? MEMORY_CACHE_ENTRIES, options.memoryCache?.maxBytes ?? MEMORY_CACHE_BYTES));
  const facts = options.facts === undefined ? defaultFactsStore(options.redis, log, memory) : (options.facts ?? undefined);
  const findings = options.findings === undefined ? defaultFindingsStore(facts, memory) : (options.findings ?? undefined);
  const deps: JobDependencies = {
    installation: async (installationId) => {
      const octokit = await probot.auth(installationId);
      metrics.instrumentOctokit(octokit as unknown as OctokitWithHooks);
      return { octokit, gateway: new GitHubGateway(octokit, { ...options.gateway, logger: log }) };
    },
    enqueue,
    runReview: options.runReview ?? runReview,
    observeReview: (outcome) => metrics.review(outcome),
    rules,
    analyse: options.analyse ?? analyser(options.rules !== undefined, { ...(facts ? { facts: metrics.countFacts(facts) } : {}), ...(findings ? { findings: metrics.countFindings(findings) } : {}) }),
    explainable: options.explainable ?? rules,
    loadRuleDoc: options.loadRuleDoc ?? createRuleDocLoader(),
    log,
    reviewTimeoutMs: options.reviewTimeoutMs ?? DEFAULT_REVIEW_TIMEOUT_MS,
    sleep: options.sleep ?? ((ms) => delay(ms)),
    blobCache: new BlobCache(),
    botLogin: once(async () => new GitHubGateway(await probot.auth(), { ...options.gateway, logger: log }).appBotLogin()),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.docsBase !== undefined ? { docsBase: options.docsBase } : {}),
  };
  const setup: QueueSetup = {
    process: metrics.instrument(createJobProcessor(deps)),
    // The superseded commit's check run is light GitHub work: the command lane does it.
    onSuperseded: (older, newer) =>
      void enqueue({ kind: "superseded", installationId: older.installationId, owner: older.owner, repo: older.repo, pr: older.pr, headSha: older.headSha, newerSha: newer.headSha }),
    // The refusal notice goes to the command lane; when that is full too, the refusal is only logged.
    onRefused: (refused, queued) => void enqueue({ kind: "refused", installationId: refused.installationId, owner: refused.owner, repo: refused.repo, pr: refused.pr, headSha: refused.headSha, queued }),
    ...(options.maxQueued ? { maxQueued: options.maxQueued } : {}),
    log,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  };
  const closeFacts = facts instanceof RedisFactsStore && options.facts === undefined ? () => facts.close() : undefined;
  const inner = options.createQueue?.(setup) ?? (options.redis ? redisQueue(options.redis, setup, deps, closeFacts) : new InProcessQueue(setup));
  metrics.observe(inner);
  const queue = metrics.countEnqueues(inner);
  return queue;
}

/** The first successful answer, kept for the process; a failure is asked again next time. */
function once<T>(ask: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => {
    answer ??= ask().catch((error: unknown) => {
      answer = undefined;
      throw error;
    });
    return answer;
  };
}

/** A worker thread per review; the event loop for custom rules (tests), which a thread cannot load. */
function analyser(customRules: boolean, stores: { facts?: FactsStore; findings?: FactsStore }): ChangeAnalyser {
  return customRules ? eventLoopAnalyser(stores.facts, stores.findings) : threadAnalyser(stores);
}

/** The value `make` returns, made on first use only. */
function lazily<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Redis when the queue is there (shared by every worker), else this process's memory. */
function defaultFactsStore(redis: RedisSettings | undefined, log: QueueLog, memory: () => FactsStore): FactsStore {
  const url = redis?.facts?.url ?? redis?.url;
  if (!url || url === "memory") return memory();
  return new RedisFactsStore({ ...redis?.facts, url, ...(redis?.prefix ? { prefix: redis.prefix } : {}), version: packageVersion(findPackageRoot()), log });
}

/**
 * The findings cache beside the facts: in their Redis when they are kept there (the same store; the
 * findings' keys are kinds of their own, and their digest covers djperf's code and rules), else in
 * this process's memory.
 */
export function defaultFindingsStore(facts: FactsStore | undefined, memory: () => FactsStore): FactsStore {
  return facts instanceof RedisFactsStore ? facts : memory();
}

function redisQueue(settings: RedisSettings, setup: QueueSetup, deps: JobDependencies, onClose?: () => Promise<void>): RedisQueue {
  const { processJobs, facts: _facts, ...connection } = settings;
  // Superseded commits are handled inside the Redis queue (it enqueues their `superseded` jobs itself).
  return new RedisQueue({
    ...connection,
    ...(processJobs !== false ? { process: setup.process } : {}),
    ...(setup.concurrency ? { concurrency: setup.concurrency } : {}),
    log: setup.log,
    onGaveUp: (job, error) => reportGaveUp(job, error, deps),
    ...(onClose ? { onClose } : {}),
  });
}
