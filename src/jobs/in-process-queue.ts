/**
 * The default queue (DESIGN §5): in this process, no services. Two lanes with their own concurrency,
 * so commands never wait behind reviews; dedupe by job key (redelivered webhooks change nothing); one
 * job at a time per pull request; a newer head commit supersedes the older one, queued or running.
 */
import { jobKey, laneOf, pullRequestKey, type Job, type Lane, type ReviewJob } from "./job.js";
import { Superseded } from "../pipeline/run-review.js";
import { RetryLater, ShutdownError, type EnqueueResult, type JobProcessor, type JobQueue, type QueueDepth, type QueueLog, type QueueSnapshot, type RefusedHandler, type SupersededHandler } from "./queue.js";
import { RecentKeys } from "./recent-keys.js";

export interface InProcessQueueOptions {
  process: JobProcessor;
  /** Jobs run at once per lane. Defaults: 2 reviews (CPU-bound parsing), 4 commands. */
  concurrency?: Partial<Record<Lane, number>>;
  onSuperseded?: SupersededHandler;
  log?: QueueLog;
  /** How many finished keys are remembered to recognise redeliveries. Default 10,000. */
  memory?: number;
  /**
   * Jobs that may wait per lane (running and rate-limit-deferred ones not counted). A job over the cap
   * is refused: nothing already queued is dropped (first come, first served), the refusal is logged,
   * and a refused review's commit gets a check run saying so (`onRefused`). Defaults: DEFAULT_MAX_QUEUED.
   */
  maxQueued?: Partial<Record<Lane, number>>;
  onRefused?: RefusedHandler;
}

export const DEFAULT_CONCURRENCY: Readonly<Record<Lane, number>> = { review: 2, command: 4 };

/**
 * A waiting review costs a few hundred bytes, but each one is minutes of CPU: 500 reviews at two at a
 * time is hours of backlog, past which a commit's check run is more useful saying "refused" than
 * pending. The command lane's cap leaves room for the refusal notices themselves.
 */
export const DEFAULT_MAX_QUEUED: Readonly<Record<Lane, number>> = { review: 500, command: 1000 };

interface Entry {
  job: Job;
  key: string;
  lane: Lane;
  /** Pull request key for reviews (serialised and superseded per pull request); none for commands. */
  group?: string;
  controller?: AbortController;
}

const LANES: readonly Lane[] = ["review", "command"];

export class InProcessQueue implements JobQueue {
  readonly #process: JobProcessor;
  readonly #concurrency: Record<Lane, number>;
  readonly #onSuperseded?: SupersededHandler;
  readonly #onRefused?: RefusedHandler;
  readonly #maxQueued: Record<Lane, number>;
  readonly #log?: QueueLog;
  readonly #pending: Record<Lane, Entry[]> = { review: [], command: [] };
  readonly #running: Record<Lane, Set<Entry>> = { review: new Set(), command: new Set() };
  /** Keys queued or running. */
  readonly #active = new Set<string>();
  /** Keys finished or dropped: a redelivery of one of them is a duplicate. */
  readonly #finished: RecentKeys;
  /** `owner/repo#pr@sha` of commits a newer commit has superseded: late deliveries for them are stale. */
  readonly #superseded: RecentKeys;
  readonly #busyGroups = new Set<string>();
  /** Jobs put back until a GitHub rate limit resets (RetryLater), each on its timer; not "idle"-relevant. */
  readonly #deferred = new Map<Entry, NodeJS.Timeout>();
  #idleWaiters: (() => void)[] = [];
  #closed = false;

  constructor(options: InProcessQueueOptions) {
    this.#process = options.process;
    this.#concurrency = { ...DEFAULT_CONCURRENCY, ...options.concurrency };
    for (const lane of LANES) {
      if (!Number.isInteger(this.#concurrency[lane]) || this.#concurrency[lane] < 1) {
        throw new Error(`concurrency of the ${lane} lane must be a positive integer, got ${this.#concurrency[lane]}`);
      }
    }
    this.#onSuperseded = options.onSuperseded;
    this.#onRefused = options.onRefused;
    this.#maxQueued = { ...DEFAULT_MAX_QUEUED, ...options.maxQueued };
    for (const lane of LANES) {
      if (!Number.isInteger(this.#maxQueued[lane]) || this.#maxQueued[lane] < 1) {
        throw new Error(`maxQueued of the ${lane} lane must be a positive integer, got ${this.#maxQueued[lane]}`);
      }
    }
    this.#log = options.log;
    const memory = options.memory ?? 10_000;
    this.#finished = new RecentKeys(memory);
    this.#superseded = new RecentKeys(memory);
  }

  enqueue(job: Job): EnqueueResult {
    const key = jobKey(job);
    if (this.#closed) return { status: "closed", key };
    if (this.#active.has(key) || this.#finished.has(key)) return { status: "duplicate", key };
    const entry: Entry = { job, key, lane: laneOf(job) };
    if (job.kind === "review") {
      entry.group = pullRequestKey(job);
      if (this.#superseded.has(`${entry.group}@${job.headSha}`)) {
        this.#finished.add(key);
        return { status: "stale", key };
      }
      // A newer commit of a pull request with a queued review replaces it, so it always fits.
      const replaces = this.#pending.review.some((e) => e.group === entry.group);
      if (!replaces && this.#isFull(entry.lane)) return this.#refuse(job, key, entry.lane);
      this.#supersedeOlder(entry.group, job);
    } else if (this.#isFull(entry.lane)) {
      return this.#refuse(job, key, entry.lane);
    }
    this.#active.add(key);
    this.#pending[entry.lane].push(entry);
    this.#pump(entry.lane);
    return { status: "queued", key };
  }

  /** Nothing queued or running. Jobs put back until a rate limit resets wait on timers and do not count. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  drain(): Promise<void> {
    this.#closed = true;
    this.#dropDeferred();
    return this.idle();
  }

  abortAll(message: string): void {
    this.#closed = true;
    this.#dropDeferred();
    for (const lane of LANES) {
      for (const entry of this.#pending[lane].splice(0)) this.#forget(entry);
      for (const entry of this.#running[lane]) entry.controller?.abort(new ShutdownError(message));
    }
    this.#notifyIfIdle();
  }

  ready(): Promise<boolean> {
    return Promise.resolve(true);
  }

  depth(): Promise<QueueDepth> {
    const delayed = (lane: Lane) => [...this.#deferred.keys()].filter((e) => e.lane === lane).length;
    const of = (lane: Lane) => ({ waiting: this.#pending[lane].length, active: this.#running[lane].size, delayed: delayed(lane), failed: 0 });
    return Promise.resolve({ review: of("review"), command: of("command") });
  }

  snapshot(): QueueSnapshot {
    return {
      closed: this.#closed,
      pending: { review: this.#pending.review.length, command: this.#pending.command.length },
      running: { review: this.#running.review.size, command: this.#running.command.size },
    };
  }

  /**
   * A newer job for a pull request: queued jobs of the pull request are dropped (a job for another
   * commit is reported as superseded; one for the same commit is simply replaced by the newer, better
   * informed job), and a running job for another commit is told to stop.
   */
  #supersedeOlder(group: string, newer: ReviewJob): void {
    const pending = this.#pending.review;
    for (let i = pending.length - 1; i >= 0; i--) {
      const older = pending[i]!;
      if (older.group !== group || older.job.kind !== "review") continue;
      pending.splice(i, 1);
      this.#forget(older);
      if (older.job.headSha === newer.headSha) continue;
      this.#superseded.add(`${group}@${older.job.headSha}`);
      this.#log?.info({ key: older.key, supersededBy: newer.headSha }, "queued review superseded by a newer commit");
      this.#reportSuperseded(older.job, newer, older.key);
    }
    for (const [older, timer] of this.#deferred) {
      if (older.group !== group || older.job.kind !== "review") continue;
      clearTimeout(timer);
      this.#deferred.delete(older);
      this.#forget(older);
      if (older.job.headSha === newer.headSha) continue;
      this.#superseded.add(`${group}@${older.job.headSha}`);
      this.#log?.info({ key: older.key, supersededBy: newer.headSha }, "deferred review superseded by a newer commit");
      this.#reportSuperseded(older.job, newer, older.key);
    }
    for (const running of this.#running.review) {
      if (running.group !== group || running.job.kind !== "review" || running.job.headSha === newer.headSha) continue;
      this.#superseded.add(`${group}@${running.job.headSha}`);
      this.#log?.info({ key: running.key, supersededBy: newer.headSha }, "running review superseded by a newer commit");
      running.controller?.abort(new Superseded(newer.headSha));
    }
  }

  #isFull(lane: Lane): boolean {
    return this.#pending[lane].length >= this.#maxQueued[lane];
  }

  /** Not remembered as seen: once the queue has room, GitHub's redelivery or a recheck gets in. */
  #refuse(job: Job, key: string, lane: Lane): EnqueueResult {
    const queued = this.#pending[lane].length;
    this.#log?.warn({ key, lane, queued, cap: this.#maxQueued[lane] }, `queue full: ${job.kind} job refused`);
    if (job.kind === "review") {
      try {
        this.#onRefused?.(job, queued);
      } catch (error) {
        this.#log?.error({ err: error, key }, "reporting a refused review failed");
      }
    }
    return { status: "full", key };
  }

  #reportSuperseded(older: ReviewJob, newer: ReviewJob, key: string): void {
    try {
      this.#onSuperseded?.(older, newer);
    } catch (error) {
      this.#log?.error({ err: error, key }, "reporting a superseded review failed");
    }
  }

  /** Puts a job back until `later.delayMs` has passed; its key stays active (redeliveries are duplicates). */
  #defer(entry: Entry, later: RetryLater): void {
    const next: Entry = { job: later.job, key: entry.key, lane: entry.lane, ...(entry.group !== undefined ? { group: entry.group } : {}) };
    const timer = setTimeout(() => {
      this.#deferred.delete(next);
      this.#pending[next.lane].push(next);
      this.#pump(next.lane);
    }, Math.max(0, later.delayMs));
    // A timer of up to an hour must not keep a stopping process alive; drain() drops it anyway.
    timer.unref();
    this.#deferred.set(next, timer);
    this.#log?.info({ key: entry.key, delayMs: later.delayMs }, "job put back until GitHub's rate limit resets");
  }

  /**
   * At shutdown, jobs waiting for a rate limit are dropped: their check run already says that
   * the review stopped, and start-up recovery only re-queues runs left in progress.
   */
  #dropDeferred(): void {
    for (const [entry, timer] of this.#deferred) {
      clearTimeout(timer);
      this.#forget(entry);
      this.#log?.warn({ key: entry.key }, "deferred job dropped at shutdown; its check run asks for a recheck");
    }
    this.#deferred.clear();
  }

  #pump(lane: Lane): void {
    const pending = this.#pending[lane];
    while (this.#running[lane].size < this.#concurrency[lane]) {
      const next = pending.findIndex((e) => e.group === undefined || !this.#busyGroups.has(e.group));
      if (next === -1) return;
      const [entry] = pending.splice(next, 1);
      this.#start(entry!);
    }
  }

  #start(entry: Entry): void {
    const controller = new AbortController();
    entry.controller = controller;
    this.#running[entry.lane].add(entry);
    if (entry.group !== undefined) this.#busyGroups.add(entry.group);
    void this.#run(entry, controller.signal);
  }

  async #run(entry: Entry, signal: AbortSignal): Promise<void> {
    let later: RetryLater | undefined;
    try {
      // Start on a later microtask: enqueue() returns before any of the job's code runs.
      await Promise.resolve();
      await this.#process(entry.job, { signal });
    } catch (error) {
      if (error instanceof RetryLater && !this.#closed && !signal.aborted) later = error;
      // The processor finishes its own check run; an error here is a bug to log, not to retry.
      else this.#log?.error({ err: error, key: entry.key }, "job failed");
    } finally {
      this.#running[entry.lane].delete(entry);
      if (entry.group !== undefined) this.#busyGroups.delete(entry.group);
      if (later) this.#defer(entry, later);
      else this.#forget(entry);
      // A job of this pull request may have waited for this one, in the review lane.
      for (const lane of LANES) this.#pump(lane);
      this.#notifyIfIdle();
    }
  }

  #forget(entry: Entry): void {
    this.#active.delete(entry.key);
    this.#finished.add(entry.key);
  }

  #isIdle(): boolean {
    return LANES.every((lane) => this.#pending[lane].length === 0 && this.#running[lane].size === 0);
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
