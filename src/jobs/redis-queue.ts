/**
 * The queue on Redis (BullMQ), for operators who run several replicas and separate workers
 * (DESIGN §5, docs/scale-out.md). Same port and same job identity as the in-process queue:
 *
 * - two BullMQ queues, `review` and `command`, so commands never wait behind reviews;
 * - dedupe by job key in Redis (`seen`, with a TTL), so a redelivery is recognised by every replica
 *   and after a restart;
 * - a newer head commit of a pull request drops its queued older review (a `superseded` job completes
 *   that commit's check run) and stops a running one on any worker (pub/sub), at its next checkpoint;
 * - one review per pull request at a time (a short lock, renewed while the review runs);
 * - retries with exponential backoff for transient GitHub failures; a review that exhausts them gets
 *   its check run completed neutral with the reason (`onGaveUp`);
 * - a worker that dies mid-job: BullMQ's stalled-job check hands the job to another worker;
 * - a job stopped by a GitHub rate limit (RetryLater) waits in BullMQ's delayed set until the reset.
 *
 * Without `process` the queue only enqueues (a webhook receiver whose jobs run in `djperf worker`s).
 */
import { DelayedError, Queue, QueueEvents, UnrecoverableError, WaitingError, Worker, type Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import { Superseded } from "../pipeline/run-review.js";
import { jobKey, laneOf, pullRequestKey, type Job, type Lane, type ReviewJob } from "./job.js";
import { DEFAULT_CONCURRENCY } from "./in-process-queue.js";
import { RetryLater, ShutdownError, type EnqueueResult, type JobProcessor, type JobQueue, type JobState, type QueueDepth, type QueueLog, type QueueSnapshot } from "./queue.js";
import { ENQUEUE_REVIEW_SCRIPT, RedisKeys, RELEASE_LOCK_SCRIPT, TAKE_LOCK_SCRIPT } from "./redis-keys.js";
import { isTransient } from "./transient.js";

/** A job that failed for good: a review's check run is completed with the reason. */
export type GaveUpHandler = (job: Job, error: unknown) => Promise<void>;

export interface RedisQueueOptions {
  /** `redis://[user:password@]host:port[/db]` (REDIS_URL). */
  url: string;
  /** Namespaces every key (BullMQ's and djperf's). Default `djperf`. */
  prefix?: string;
  /** Runs jobs in this process; without it the queue only enqueues. */
  process?: JobProcessor;
  /** Jobs at once per lane in this process. Defaults as the in-process queue. */
  concurrency?: Partial<Record<Lane, number>>;
  onGaveUp?: GaveUpHandler;
  log?: QueueLog;
  /** Attempts per job (first run included) and the first backoff, doubled per retry. Default 4 and 5 s. */
  retry?: { attempts: number; backoffMs: number };
  /** How long job keys and pull request heads are remembered. Default 7 days. */
  memorySeconds?: number;
  /**
   * BullMQ's job lock: a worker that stops renewing it (a crash) loses its job to another worker
   * within about this time. Also the pull request lock's TTL. Default 30 s.
   */
  lockMs?: number;
  /** A review whose pull request is being reviewed elsewhere waits this long before trying again. Default 2 s. */
  busyRetryMs?: number;
  /** Whether a failure is worth another attempt. Default: transient GitHub failures. */
  isRetryable?: (error: unknown) => boolean;
  /** Called once the queue's connections are closed (other Redis users of the process: the facts cache). */
  onClose?: () => Promise<void>;
}

interface Running {
  job: Job;
  group?: string;
  controller: AbortController;
}

interface SupersedeMessage {
  group: string;
  sha: string;
}

const LANES: readonly Lane[] = ["review", "command"];
const STATES: readonly JobState[] = ["waiting", "active", "delayed", "failed"];

/** BullMQ job ids may not contain `:`; job keys may (`…/command:issue:1001`). */
export function bullJobId(key: string): string {
  return key.replaceAll(":", "~");
}

export class RedisQueue implements JobQueue {
  readonly keys: RedisKeys;
  readonly #options: RedisQueueOptions;
  /** Enqueueing, readiness, counts: fails fast while Redis is away, so a webhook gets its 500 and is redelivered. */
  readonly #redis: Redis;
  /** The workers' connection: waits for Redis to come back rather than fail a job half-way. */
  #patient?: Redis;
  readonly #queues: Record<Lane, Queue>;
  readonly #workers: Worker[] = [];
  #subscriber?: Redis;
  readonly #running = new Set<Running>();
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #memorySeconds: number;
  readonly #lockMs: number;
  #closed = false;
  #closing?: Promise<void>;

  constructor(options: RedisQueueOptions) {
    this.#options = options;
    const prefix = options.prefix ?? "djperf";
    this.keys = new RedisKeys(prefix);
    this.#attempts = options.retry?.attempts ?? 4;
    this.#backoffMs = options.retry?.backoffMs ?? 5_000;
    this.#memorySeconds = options.memorySeconds ?? 7 * 24 * 3600;
    this.#lockMs = options.lockMs ?? 30_000;
    this.#redis = new Redis(options.url, { maxRetriesPerRequest: 2 });
    this.#redis.on("error", (error: Error) => options.log?.warn({ err: { message: error.message } }, "redis connection error"));
    const connection = this.#redis;
    this.#queues = {
      review: new Queue("review", { connection, prefix }),
      command: new Queue("command", { connection, prefix }),
    };
    for (const lane of LANES) this.#queues[lane].on("error", (error: Error) => options.log?.warn({ err: { message: error.message }, queue: lane }, "queue error"));
    if (options.process) this.#startWorkers(prefix);
  }

  async enqueue(job: Job): Promise<EnqueueResult> {
    const key = jobKey(job);
    if (this.#closed) return { status: "closed", key };
    const id = bullJobId(key);
    if (job.kind === "review") {
      const group = pullRequestKey(job);
      const [status, previous] = (await this.#redis.eval(
        ENQUEUE_REVIEW_SCRIPT,
        4,
        this.keys.seen(key),
        this.keys.head(group),
        this.keys.superseded(group),
        this.keys.jobs(group),
        job.headSha,
        String(this.#memorySeconds),
        id,
      )) as [EnqueueResult["status"], string | null];
      if (status !== "queued") return { status, key };
      await this.#addOrForget(job, id, key);
      // Older reviews of the pull request, queued or running anywhere: drop or stop them.
      await this.#supersedeOlder(group, job, id, previous ?? undefined);
      return { status: "queued", key };
    }
    const fresh = await this.#redis.set(this.keys.seen(key), "1", "EX", this.#memorySeconds, "NX");
    if (fresh === null) return { status: "duplicate", key };
    await this.#addOrForget(job, id, key);
    return { status: "queued", key };
  }

  /** Resolves when no job is waiting, delayed or running in any process sharing the queue. */
  async idle(): Promise<void> {
    const prefix = this.keys.prefix;
    // QueueEvents block on Redis streams: a connection that never gives up on a command.
    const clients = LANES.map(() => new Redis(this.#options.url, { maxRetriesPerRequest: null }));
    const events = LANES.map((lane, i) => new QueueEvents(lane, { connection: clients[i]!, prefix }));
    try {
      await Promise.all(events.map((e) => e.waitUntilReady()));
      let wake = (): void => undefined;
      for (const e of events) for (const name of ["completed", "failed", "removed", "delayed", "waiting"] as const) e.on(name, () => wake());
      for (;;) {
        // Listen before counting: an event between the count and the wait would be missed. A stream
        // reader that is "ready" may still start reading after an event it should have seen (its first
        // read starts at "$"), so the count is also taken again every half second.
        const next = new Promise<void>((resolve) => (wake = resolve));
        if (await this.#globallyIdle()) return;
        await Promise.race([next, new Promise<void>((resolve) => setTimeout(resolve, 500).unref())]);
      }
    } finally {
      await Promise.all(events.map((e) => e.close()));
      for (const client of clients) client.disconnect();
    }
  }

  /** Takes no new jobs here; resolves when this process's running jobs have finished (others keep the queue). */
  drain(): Promise<void> {
    this.#closed = true;
    this.#closing ??= Promise.all(this.#workers.map((w) => w.close())).then(() => undefined);
    return this.#closing;
  }

  /**
   * Stops this process's running jobs: each completes its check run with `reason` and its job goes
   * back to the queue for another worker (a shutdown is not the job's fault).
   */
  abortAll(reason: string): void {
    this.#closed = true;
    for (const running of this.#running) running.controller.abort(new ShutdownError(reason));
  }

  snapshot(): QueueSnapshot {
    const running = { review: 0, command: 0 };
    for (const r of this.#running) running[laneOf(r.job)]++;
    // What waits in Redis is shared by every replica: /metrics reports it (depth()), /healthz stays local.
    return { closed: this.#closed, pending: { review: 0, command: 0 }, running };
  }

  async ready(): Promise<boolean> {
    // Commands wait for a reconnect rather than fail (BullMQ needs that): bound the wait here.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 2_000)));
    try {
      return await Promise.race([this.#redis.ping().then((answer) => answer === "PONG"), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async depth(): Promise<QueueDepth> {
    const depth = {} as QueueDepth;
    for (const lane of LANES) {
      const counts = await this.#queues[lane].getJobCounts("waiting", "prioritized", "active", "delayed", "failed");
      const row = {} as Record<JobState, number>;
      for (const state of STATES) row[state] = counts[state] ?? 0;
      row.waiting += counts.prioritized ?? 0;
      depth[lane] = row;
    }
    return depth;
  }

  async close(): Promise<void> {
    if (this.#redis.status !== "ready") {
      // Redis is gone: nothing can be closed politely (BullMQ would wait for a reconnect).
      this.#closed = true;
      this.#subscriber?.disconnect();
      this.#patient?.disconnect();
      this.#redis.disconnect();
      await this.#options.onClose?.();
      return;
    }
    await this.drain();
    await Promise.all(LANES.map((lane) => this.#queues[lane].close()));
    await this.#subscriber?.quit().catch(() => undefined);
    await this.#patient?.quit().catch(() => undefined);
    await this.#redis.quit().catch(() => undefined);
    await this.#options.onClose?.();
  }

  /** Adds the job; when that fails, forgets its key so that GitHub's redelivery is not taken for a duplicate. */
  async #addOrForget(job: Job, id: string, key: string): Promise<void> {
    try {
      await this.#add(job, id);
    } catch (error) {
      await this.#redis.del(this.keys.seen(key)).catch(() => undefined);
      throw error;
    }
  }

  async #add(job: Job, id: string): Promise<void> {
    await this.#queues[laneOf(job)].add(job.kind, job, {
      jobId: id,
      attempts: this.#attempts,
      backoff: { type: "exponential", delay: this.#backoffMs },
      // The `seen` key remembers finished jobs; BullMQ keeps a few failed ones for inspection.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
    });
  }

  async #supersedeOlder(group: string, newer: ReviewJob, newerId: string, previousHead: string | undefined): Promise<void> {
    const others = await this.#redis.hgetall(this.keys.jobs(group));
    for (const [id, sha] of Object.entries(others)) {
      if (id === newerId) continue;
      // Removal fails for a job a worker holds (running); that one is told to stop instead.
      const removed = (await this.#queues.review.remove(id)) === 1;
      if (!removed) continue;
      await this.#redis.hdel(this.keys.jobs(group), id);
      if (sha === newer.headSha) continue; // the same commit: the newer, better informed job replaces it
      this.#options.log?.info({ key: id, supersededBy: newer.headSha }, "queued review superseded by a newer commit");
      await this.enqueue({ kind: "superseded", installationId: newer.installationId, owner: newer.owner, repo: newer.repo, pr: newer.pr, headSha: sha, newerSha: newer.headSha });
    }
    if (previousHead !== undefined) {
      const message: SupersedeMessage = { group, sha: newer.headSha };
      await this.#redis.publish(this.keys.channel, JSON.stringify(message));
    }
  }

  #startWorkers(prefix: string): void {
    const concurrency = { ...DEFAULT_CONCURRENCY, ...this.#options.concurrency };
    // BullMQ's workers block on Redis: their requests must not give up after a few retries.
    const connection = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    connection.on("error", () => undefined);
    this.#patient = connection;
    for (const lane of LANES) {
      const worker = new Worker(lane, (job, token) => this.#handle(job as BullJob<Job>, token), {
        connection,
        prefix,
        concurrency: concurrency[lane],
        lockDuration: this.#lockMs,
        stalledInterval: this.#lockMs,
        // A job whose worker died twice is likely killing workers: it fails instead of looping.
        maxStalledCount: 2,
      });
      worker.on("error", (error) => this.#options.log?.error({ err: { message: error.message } }, "queue worker error"));
      this.#workers.push(worker);
    }
    const subscriber = connection.duplicate();
    this.#subscriber = subscriber;
    subscriber.on("error", () => undefined);
    void subscriber.subscribe(this.keys.channel);
    subscriber.on("message", (_channel: string, raw: string) => this.#onSupersede(raw));
  }

  #onSupersede(raw: string): void {
    let message: SupersedeMessage;
    try {
      message = JSON.parse(raw) as SupersedeMessage;
    } catch {
      return;
    }
    for (const running of this.#running) {
      if (running.group !== message.group || running.job.kind !== "review" || running.job.headSha === message.sha) continue;
      this.#options.log?.info({ key: jobKey(running.job), supersededBy: message.sha }, "running review superseded by a newer commit");
      running.controller.abort(new Superseded(message.sha));
    }
  }

  async #handle(bullJob: BullJob<Job>, token: string | undefined): Promise<void> {
    if (this.#closed) {
      // A closing worker can still receive a job: another concurrency slot was already waiting for one
      // when close() began (a job handed back by abortAll() wakes it). Hand it straight back unstarted.
      await bullJob.moveToWait(token);
      throw new WaitingError();
    }
    const job = bullJob.data;
    const id = bullJob.id!;
    const group = job.kind === "review" ? pullRequestKey(job) : undefined;
    let renew: NodeJS.Timeout | undefined;
    if (group !== undefined) {
      if (!(await this.#takeLock(group, id))) {
        // Another review of this pull request runs: come back later, without spending an attempt.
        await bullJob.moveToDelayed(Date.now() + (this.#options.busyRetryMs ?? 2_000), token);
        throw new DelayedError();
      }
      renew = setInterval(() => void this.#takeLock(group, id).catch(() => undefined), Math.max(100, Math.floor(this.#lockMs / 3)));
      renew.unref();
    }
    const running: Running = { job, controller: new AbortController(), ...(group !== undefined ? { group } : {}) };
    this.#running.add(running);
    try {
      if (job.kind === "review") {
        // Registered before this check: a newer commit published after it reaches us by pub/sub.
        const head = await this.#patient!.get(this.keys.head(group!));
        if (head !== null && head !== job.headSha) running.controller.abort(new Superseded(head));
      }
      let failure: { error: unknown } | undefined;
      try {
        await this.#options.process!(job, { signal: running.controller.signal });
      } catch (error) {
        failure = { error };
      }
      if (running.controller.signal.reason instanceof ShutdownError) {
        // Handed back: another worker (or this one after a restart) runs it again.
        await bullJob.moveToWait(token);
        throw new WaitingError();
      }
      if (failure?.error instanceof RetryLater) {
        // A rate limit: BullMQ's delayed set keeps the job (and its key) until the reset, any worker
        // takes it then; no attempt is spent, and the pull request's job list still names it.
        await bullJob.updateData(failure.error.job);
        await bullJob.moveToDelayed(Date.now() + failure.error.delayMs, token);
        this.#options.log?.info({ key: id, delayMs: failure.error.delayMs }, "job put back until GitHub's rate limit resets");
        throw new DelayedError();
      }
      if (failure) await this.#failed(bullJob, job, failure.error);
      if (group !== undefined) await this.#patient!.hdel(this.keys.jobs(group), id);
    } finally {
      this.#running.delete(running);
      if (renew) clearInterval(renew);
      if (group !== undefined) await this.#patient!.eval(RELEASE_LOCK_SCRIPT, 1, this.keys.lock(group), id).catch(() => undefined);
    }
  }

  /** A failed attempt: rethrown for BullMQ to retry with backoff, or the end of the job. */
  async #failed(bullJob: BullJob<Job>, job: Job, error: unknown): Promise<never> {
    const retryable = (this.#options.isRetryable ?? isTransient)(error);
    const attemptsLeft = bullJob.attemptsMade + 1 < (bullJob.opts.attempts ?? 1);
    const message = error instanceof Error ? error.message : String(error);
    if (retryable && attemptsLeft) {
      this.#options.log?.warn({ key: bullJob.id, attempt: bullJob.attemptsMade + 1, err: { message } }, "job failed; retrying");
      throw error;
    }
    this.#options.log?.error({ key: bullJob.id, attempts: bullJob.attemptsMade + 1, err: { message } }, "job failed for good");
    try {
      await this.#options.onGaveUp?.(job, error);
    } catch (reportError) {
      this.#options.log?.error({ key: bullJob.id, err: { message: reportError instanceof Error ? reportError.message : String(reportError) } }, "reporting a failed job failed");
    }
    if (job.kind === "review") await this.#patient!.hdel(this.keys.jobs(pullRequestKey(job)), bullJob.id!);
    throw new UnrecoverableError(message);
  }

  async #takeLock(group: string, id: string): Promise<boolean> {
    // The same TTL as BullMQ's job lock, renewed at a third of it: a dead worker's pull request frees up with its job.
    return (await this.#patient!.eval(TAKE_LOCK_SCRIPT, 1, this.keys.lock(group), id, String(this.#lockMs))) === 1;
  }

  async #globallyIdle(): Promise<boolean> {
    if (this.#running.size > 0) return false;
    for (const lane of LANES) {
      const counts = await this.#queues[lane].getJobCounts("waiting", "prioritized", "active", "delayed", "waiting-children");
      if (Object.values(counts).some((n) => n > 0)) return false;
    }
    return true;
  }
}
