/**
 * When a failed GitHub call is worth repeating, and after how long. Rate limits say how long to wait
 * (`retry-after`, `x-ratelimit-reset`); server errors get exponential backoff. Waits are capped: a review
 * that would have to wait longer fails now and its check run says so, rather than hanging a worker.
 */
import type { CallFailure } from "./errors.js";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff for a server error; doubled per retry. */
  baseDelayMs: number;
  /** Longest single wait; a rate limit that resets later than this is not waited for. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** GitHub asks for "at least one minute" after a secondary rate limit that names no time. */
const SECONDARY_LIMIT_DEFAULT_MS = 60_000;

export function isRateLimited(failure: CallFailure): boolean {
  if (failure.graphqlRateLimited || failure.status === 429) return true;
  if (failure.status !== 403) return false;
  return (
    failure.headers["retry-after"] !== undefined ||
    failure.headers["x-ratelimit-remaining"] === "0" ||
    /rate limit|abuse detection/i.test(failure.message)
  );
}

export interface RetryQuestion {
  failure: CallFailure;
  /** 0 for the first retry. */
  retry: number;
  /**
   * False for calls that create something (a review, a comment): a 5xx may have been applied, so it is
   * not blindly repeated. Rate-limit refusals were not applied and are always retried.
   */
  idempotent: boolean;
  now: number;
  policy: RetryPolicy;
}

/** Milliseconds to wait before retrying, or undefined when the failure is final. */
export function retryDelay({ failure, retry, idempotent, now, policy }: RetryQuestion): number | undefined {
  if (retry >= policy.maxRetries) return undefined;
  if (isRateLimited(failure)) {
    const wait = rateLimitWait(failure, now);
    return wait <= policy.maxDelayMs ? wait : undefined;
  }
  const serverSide = failure.status === undefined || failure.status >= 500;
  if (!serverSide || !idempotent) return undefined;
  return Math.min(policy.baseDelayMs * 2 ** retry, policy.maxDelayMs);
}

/** How long a rate limit asks to wait (`retry-after`, else `x-ratelimit-reset`, else GitHub's minute). */
export function rateLimitWait(failure: CallFailure, now: number): number {
  const retryAfter = Number(failure.headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && failure.headers["retry-after"] !== undefined) return retryAfter * 1000;
  const reset = Number(failure.headers["x-ratelimit-reset"]);
  if (failure.headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset)) {
    // A second of slack: the reset time is whole seconds and clocks drift.
    return Math.max(0, reset * 1000 - now) + 1000;
  }
  return SECONDARY_LIMIT_DEFAULT_MS;
}
