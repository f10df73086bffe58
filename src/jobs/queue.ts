/**
 * The queue port (DESIGN §5). Handlers only enqueue; workers run jobs. The in-process queue is the
 * default; a Redis-backed adapter implements the same interface.
 */
import type { Job, Lane, ReviewJob } from "./job.js";

export type EnqueueResult =
  | { status: "queued"; key: string }
  /** The same key is queued, running, or done recently (a redelivered webhook): nothing to do. */
  | { status: "duplicate"; key: string }
  /** A newer commit of the pull request was queued before this one arrived (out-of-order delivery). */
  | { status: "stale"; key: string }
  /** The queue is shutting down and takes no new work. */
  | { status: "closed"; key: string }
  /** The in-process queue's lane holds its cap of waiting jobs: the job was refused (see RefusedHandler). */
  | { status: "full"; key: string };

export type Awaitable<T> = T | Promise<T>;

export interface JobQueue {
  /**
   * Never waits for the job to run: webhook responses must not wait for analysis. The in-process
   * queue answers at once; the Redis queue once Redis has stored the job (callers always await).
   */
  enqueue(job: Job): Awaitable<EnqueueResult>;
  /** Resolves when nothing is queued or running (tests; the shutdown drain). */
  idle(): Promise<void>;
  /** Takes no new jobs, then resolves when the queued and running ones have finished. */
  drain(): Promise<void>;
  /** Cancels the running jobs (their signal aborts with `reason`) and drops queued ones. */
  abortAll(reason: string): void;
  /** This process's counts for /healthz and logs. */
  snapshot(): QueueSnapshot;
  /** /readyz: whether the queue's store answers (Redis PING); the in-process queue is always ready. */
  ready?(): Promise<boolean>;
  /** /metrics: jobs by lane and state, across every process sharing the queue. */
  depth?(): Promise<QueueDepth>;
  /** Releases connections once drained or aborted (Redis). */
  close?(): Promise<void>;
}

export type JobState = "waiting" | "active" | "delayed" | "failed";

export type QueueDepth = Record<Lane, Record<JobState, number>>;

export interface QueueSnapshot {
  closed: boolean;
  pending: Record<Lane, number>;
  running: Record<Lane, number>;
}

/**
 * The abort reason of jobs still running when the process stops: the review's check run is completed
 * neutral with this message rather than left in progress.
 */
export class ShutdownError extends Error {
  override name = "ShutdownError";
}

/**
 * Thrown by a processor whose job should run again later (a GitHub rate limit resets in `delayMs`),
 * with the job to run then. The in-process queue keeps it on a timer; the Redis queue moves it to
 * BullMQ's delayed set. Either way its key stays taken, so redeliveries meanwhile are duplicates.
 */
export class RetryLater extends Error {
  override name = "RetryLater";
  constructor(
    readonly delayMs: number,
    readonly job: Job,
  ) {
    super(`run again in ${Math.round(delayMs / 1000)} s`);
  }
}

export interface JobRunContext {
  /**
   * Aborted when a newer commit supersedes the job (reason: the pipeline's `Superseded`) or when the
   * process stops (reason: ShutdownError).
   */
  signal: AbortSignal;
}

/** Runs one job. It owns every side effect, including finishing its check run on any failure. */
export type JobProcessor = (job: Job, context: JobRunContext) => Promise<void>;

/** Called for a queued review dropped because a newer commit of its pull request arrived. */
export type SupersededHandler = (older: ReviewJob, newer: ReviewJob) => void;

/** Called for a review refused because its lane was full: its commit's check run says so. */
export type RefusedHandler = (refused: ReviewJob, queued: number) => void;

/** The part of pino's logger the queue uses. */
export interface QueueLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
