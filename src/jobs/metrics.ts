/**
 * Prometheus metrics (prom-client) of one process: jobs by queue, kind and outcome, job durations,
 * queue depth (read from the queue at scrape time, so with Redis it is the shared depth), GitHub
 * requests by route and status, the installation rate limit GitHub last reported, findings by rule
 * and level, what the queue answered each enqueue, and the index facts cache's hits. A registry per
 * app, not prom-client's global one, so several apps in one process (tests) do not collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { Superseded, type ReviewOutcome } from "../pipeline/run-review.js";
import type { FactsStore } from "../analysis/index/facts-cache.js";
import type { Job, Lane } from "./job.js";
import { laneOf } from "./job.js";
import { RetryLater, ShutdownError, type EnqueueResult, type JobProcessor, type JobQueue, type QueueSnapshot } from "./queue.js";

export type JobOutcome = "completed" | "failed" | "superseded" | "stopped" | "deferred";

export interface OctokitWithHooks {
  hook: {
    after(name: "request", hook: (response: { status: number; headers: Record<string, string | number | undefined> }, options: RequestOptions) => void): void;
    error(name: "request", hook: (error: unknown, options: RequestOptions) => never | Promise<never>): void;
  };
}

interface RequestOptions {
  method?: string;
  url?: string;
}

export class DjperfMetrics {
  readonly registry = new Registry();
  readonly #jobs: Counter<"queue" | "kind" | "outcome">;
  readonly #enqueued: Counter<"queue" | "kind" | "result">;
  readonly #duration: Histogram<"queue" | "kind">;
  readonly #github: Counter<"route" | "status">;
  readonly #rateLimit: Gauge;
  readonly #reviews: Counter<"outcome" | "conclusion">;
  readonly #findings: Counter;
  readonly #findingsByRule: Counter<"rule" | "level">;
  readonly #comments: Counter;
  readonly #facts: Counter<"result">;
  readonly #findingsCache: Counter<"result">;
  #queue?: JobQueue;

  /** `defaultMetrics`: also the process metrics (CPU, memory, event loop lag); on in servers and workers. */
  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.#jobs = new Counter({ name: "djperf_jobs_total", help: "Jobs this process ran, by queue, kind and outcome", labelNames: ["queue", "kind", "outcome"], registers });
    this.#enqueued = new Counter({
      name: "djperf_jobs_enqueued_total",
      help: "Jobs handed to the queue by this process, by queue, kind and result (queued, duplicate, stale, closed, full)",
      labelNames: ["queue", "kind", "result"],
      registers,
    });
    this.#duration = new Histogram({
      name: "djperf_job_duration_seconds",
      help: "Time a job ran in this process",
      labelNames: ["queue", "kind"],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.#github = new Counter({ name: "djperf_github_requests_total", help: "GitHub API requests by route template and HTTP status", labelNames: ["route", "status"], registers });
    this.#rateLimit = new Gauge({ name: "djperf_github_rate_limit_remaining", help: "x-ratelimit-remaining of the last GitHub answer", registers });
    this.#reviews = new Counter({ name: "djperf_reviews_total", help: "Reviews finished, by outcome (reviewed, nothing-to-check, crashed, superseded) and check run conclusion", labelNames: ["outcome", "conclusion"], registers });
    this.#findings = new Counter({ name: "djperf_review_findings_total", help: "Findings in the changes of finished reviews", registers });
    this.#findingsByRule = new Counter({
      name: "djperf_findings_total",
      help: "Findings of finished reviews by rule id and level (block, warn, info); counted once per review",
      labelNames: ["rule", "level"],
      registers,
    });
    this.#comments = new Counter({ name: "djperf_review_comments_posted_total", help: "Inline comments posted by finished reviews", registers });
    this.#facts = new Counter({
      name: "djperf_facts_cache_total",
      help: "Index facts entries asked of the process's or Redis's facts store (hit, miss) and handed to it to keep (write)",
      labelNames: ["result"],
      registers,
    });
    this.#findingsCache = new Counter({
      name: "djperf_findings_cache_total",
      help: "Per-file review outcomes (and one per run) asked of the process's findings cache (hit, miss) and handed to it to keep (write)",
      labelNames: ["result"],
      registers,
    });
    const depth = new Gauge({
      name: "djperf_queue_jobs",
      help: "Jobs in the queue by queue and state (with Redis: across every process)",
      labelNames: ["queue", "state"],
      registers,
      collect: async () => {
        const counts = await this.#queue?.depth?.().catch(() => undefined);
        if (!counts) return;
        for (const [lane, states] of Object.entries(counts)) for (const [state, n] of Object.entries(states)) depth.set({ queue: lane, state }, n);
      },
    });
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry, prefix: "djperf_" });
  }

  /** The queue whose depth /metrics reports. */
  observe(queue: JobQueue): void {
    this.#queue = queue;
  }

  /** The queue whose enqueues are counted (by what the queue answered: queued, duplicate, …). */
  countEnqueues(queue: JobQueue): JobQueue {
    return new CountedQueue(queue, (job, result) => this.#enqueued.inc({ queue: laneOf(job), kind: job.kind, result: result.status }));
  }

  /** The facts store, its hits, misses and writes counted (whatever the adapter: memory, Redis). */
  countFacts(store: FactsStore): FactsStore {
    return counted(store, this.#facts);
  }

  /** The findings cache (src/pipeline/findings-cache.ts), counted the same way. */
  countFindings(store: FactsStore): FactsStore {
    return counted(store, this.#findingsCache);
  }

  /** The processor, timed and counted. */
  instrument(process: JobProcessor): JobProcessor {
    return async (job, context) => {
      const labels = { queue: laneOf(job) as Lane, kind: job.kind };
      const end = this.#duration.startTimer(labels);
      try {
        await process(job, context);
        this.#jobs.inc({ ...labels, outcome: outcomeOf(context.signal) });
      } catch (error) {
        this.#jobs.inc({ ...labels, outcome: error instanceof RetryLater ? "deferred" : "failed" });
        throw error;
      } finally {
        end();
      }
    };
  }

  /** A finished review's outcome, as the pipeline reports it. */
  review(outcome: Pick<ReviewOutcome, "outcome" | "conclusion" | "findings" | "findingsByRule" | "commentsPosted">): void {
    this.#reviews.inc({ outcome: outcome.outcome, conclusion: outcome.conclusion });
    this.#findings.inc(outcome.findings);
    // Rule ids are a fixed catalogue and levels three values: the label set stays bounded.
    for (const { ruleId, level, count } of outcome.findingsByRule ?? []) this.#findingsByRule.inc({ rule: ruleId, level }, count);
    this.#comments.inc(outcome.commentsPosted);
  }

  /** Counts the requests of an installation's Octokit. */
  instrumentOctokit(octokit: OctokitWithHooks): void {
    octokit.hook.after("request", (response, options) => {
      this.#github.inc({ route: route(options), status: String(response.status) });
      const remaining = Number(response.headers["x-ratelimit-remaining"]);
      if (Number.isFinite(remaining)) this.#rateLimit.set(remaining);
    });
    octokit.hook.error("request", (error, options) => {
      const status = (error as { status?: unknown }).status;
      this.#github.inc({ route: route(options), status: typeof status === "number" ? String(status) : "network" });
      throw error;
    });
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A queue that reports every enqueue's answer; everything else is the queue's own. */
class CountedQueue implements JobQueue {
  readonly ready?: JobQueue["ready"];
  readonly depth?: JobQueue["depth"];
  readonly close?: JobQueue["close"];

  constructor(
    private readonly queue: JobQueue,
    private readonly count: (job: Job, result: EnqueueResult) => void,
  ) {
    if (queue.ready) this.ready = () => queue.ready!();
    if (queue.depth) this.depth = () => queue.depth!();
    if (queue.close) this.close = () => queue.close!();
  }

  async enqueue(job: Job): Promise<EnqueueResult> {
    const result = await this.queue.enqueue(job);
    this.count(job, result);
    return result;
  }
  idle(): Promise<void> {
    return this.queue.idle();
  }
  drain(): Promise<void> {
    return this.queue.drain();
  }
  abortAll(reason: string): void {
    this.queue.abortAll(reason);
  }
  snapshot(): QueueSnapshot {
    return this.queue.snapshot();
  }
}

function outcomeOf(signal: AbortSignal): JobOutcome {
  if (!signal.aborted) return "completed";
  if (signal.reason instanceof Superseded) return "superseded";
  if (signal.reason instanceof ShutdownError) return "stopped";
  return "completed";
}

/** `POST /repos/{owner}/{repo}/check-runs`: the template, never a filled-in URL (bounded label values). */
function route(options: RequestOptions): string {
  const url = (options.url ?? "?").replace(/^https?:\/\/[^/]+/, "").split("?")[0]!;
  return `${options.method ?? "GET"} ${url}`;
}

/** A store whose answers (hit, miss) and writes are counted. */
function counted(store: FactsStore, counter: Counter<"result">): FactsStore {
  return {
    getMany: async (keys) => {
      const values = await store.getMany(keys);
      const hits = values.filter((v) => v !== undefined).length;
      counter.inc({ result: "hit" }, hits);
      counter.inc({ result: "miss" }, keys.length - hits);
      return values;
    },
    setMany: async (entries) => {
      await store.setMany(entries);
      counter.inc({ result: "write" }, entries.length);
    },
  };
}
