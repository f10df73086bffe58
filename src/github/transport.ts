/**
 * How the gateway talks to GitHub: one Octokit call per attempt, retried while waiting can help
 * (retry.ts), answers zod-parsed, Octokit's errors turned into djperf's (errors.ts), REST lists
 * followed through their `Link: rel="next"` pages.
 */
import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import { describeFailure, GitHubApiError, GitHubSchemaError, type CallFailure } from "./errors.js";
import { PER_PAGE } from "./limits.js";
import { silentLogger, type Logger } from "./logger.js";
import { DEFAULT_RETRY_POLICY, isRateLimited, rateLimitWait, retryDelay, type RetryPolicy } from "./retry.js";

/**
 * What the gateway needs of an Octokit: Probot's `context.octokit` and `@octokit/rest`'s Octokit both
 * fit. Routes are used as strings so both copies of Octokit's types are accepted as they are.
 */
export interface OctokitLike {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ status: number; headers: object; data: unknown }>;
  graphql(query: string, parameters?: Record<string, unknown>): Promise<unknown>;
}

export interface GatewayCall {
  /** `GET /repos/{owner}/{repo}/pulls/{pull_number}/files` or `graphql djperfBlobs`. */
  route: string;
  status: number | undefined;
  /** 0 for the first attempt. */
  attempt: number;
}

export interface GatewayOptions {
  /** Injected so tests never wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Epoch milliseconds, for `x-ratelimit-reset`. */
  clock?: () => number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** Called once per HTTP attempt (metrics: GitHub calls by route and status). */
  onCall?: (call: GatewayCall) => void;
  /**
   * The job's signal: aborts the request in flight and any wait between retries, so a review past its
   * time limit (or superseded, or stopped by shutdown) never waits on GitHub.
   */
  signal?: AbortSignal;
  /** Deadline of one HTTP attempt (the body included); a connection that hangs counts as a network failure. Default 60 s: GitHub itself gives up on a GraphQL query after 10 s, and a batch of blobs still has to download. */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export interface CallOptions {
  /** False for calls that create something: a 5xx may have been applied, so it is not repeated. */
  idempotent?: boolean;
  /** A typed error for failures the caller handles (403/422 on a review). */
  mapError?: (failure: CallFailure, route: string, cause: unknown) => Error | undefined;
}

export class Transport {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;
  private readonly policy: RetryPolicy;
  private readonly logger: Logger;
  private readonly onCall: ((call: GatewayCall) => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly requestTimeoutMs: number;

  constructor(
    private readonly octokit: OctokitLike,
    options: GatewayOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.clock = options.clock ?? Date.now;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? silentLogger;
    this.onCall = options.onCall;
    this.signal = options.signal;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  async rest<T>(route: string, params: Record<string, unknown>, schema: z.ZodType<T>, options: CallOptions = {}): Promise<{ data: T; headers: Record<string, string> }> {
    const response = await this.withRetry(route, (signal) => this.octokit.request(route, { ...params, request: { signal } }), options);
    return { data: parse(route, schema, response.data), headers: stringHeaders(response.headers) };
  }

  async gql<T>(route: string, query: string, variables: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    const data = await this.withRetry(route, (signal) => this.octokit.graphql(query, { ...variables, request: { signal } }), {});
    return parse(route, schema, data);
  }

  /** Follows `Link: rel="next"` up to maxPages; `more` when a next page was left unread. */
  async pages<T>(route: string, params: Record<string, unknown>, item: z.ZodType<T>, maxPages: number): Promise<{ items: T[]; more: boolean }> {
    const items: T[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const { data, headers } = await this.rest(route, { ...params, per_page: PER_PAGE, page }, arrayOf(item));
      items.push(...data);
      if (!/rel="next"/.test(headers.link ?? "")) return { items, more: false };
    }
    return { items, more: true };
  }

  /** Waits between attempts; an abort of the job's signal ends the wait at once with its reason. */
  async pause(ms: number): Promise<void> {
    const signal = this.signal;
    if (!signal) return this.sleep(ms);
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort!);
    }
  }

  /** Calls GitHub until it answers, the failure is final, or the retries run out. */
  private async withRetry<R>(route: string, send: (signal: AbortSignal) => Promise<R>, options: CallOptions): Promise<R> {
    const idempotent = options.idempotent ?? true;
    for (let attempt = 0; ; attempt++) {
      this.signal?.throwIfAborted();
      let failure: CallFailure;
      let cause: unknown;
      const deadline = AbortSignal.timeout(this.requestTimeoutMs);
      try {
        const result = await send(this.signal ? AbortSignal.any([this.signal, deadline]) : deadline);
        this.onCall?.({ route, status: statusOf(result), attempt });
        return result;
      } catch (error) {
        // The job was stopped: its reason, not a GitHub failure, explains the end of the review.
        this.signal?.throwIfAborted();
        cause = error;
        failure = deadline.aborted ? { status: undefined, headers: {}, message: `no answer within ${this.requestTimeoutMs} ms`, errors: [], graphqlRateLimited: false } : describeFailure(error);
      }
      this.onCall?.({ route, status: failure.status, attempt });
      const wait = retryDelay({ failure, retry: attempt, idempotent, now: this.clock(), policy: this.policy });
      if (wait === undefined) {
        // A rate limit that resets later than the gateway waits: the error says when, for the queue.
        const retryAfterMs = isRateLimited(failure) ? rateLimitWait(failure, this.clock()) : undefined;
        throw options.mapError?.(failure, route, cause) ?? new GitHubApiError(route, failure, { cause, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
      }
      this.logger.warn({ route, status: failure.status, retry: attempt + 1, waitMs: wait }, "GitHub call failed; retrying");
      await this.pause(wait);
    }
  }
}

/** The transport's options with the job's signal: the same Octokit, requests and waits abortable. */
export function withSignal(options: GatewayOptions, signal: AbortSignal): GatewayOptions {
  return { ...options, signal: options.signal ? AbortSignal.any([options.signal, signal]) : signal };
}

function arrayOf<T>(item: z.ZodType<T>): z.ZodType<T[]> {
  return z.array(item);
}

function parse<T>(route: string, schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new GitHubSchemaError(route, result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
}

function statusOf(result: unknown): number {
  const status = (result as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : 200;
}

function stringHeaders(headers: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
  return out;
}
