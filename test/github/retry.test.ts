import { describe, expect, it } from "vitest";
import type { CallFailure } from "../../src/github/errors.js";
import { DEFAULT_RETRY_POLICY, isRateLimited, retryDelay } from "../../src/github/retry.js";

const failure = (over: Partial<CallFailure>): CallFailure => ({ status: 500, headers: {}, message: "", errors: [], graphqlRateLimited: false, ...over });
const ask = (f: CallFailure, retry = 0, idempotent = true) => retryDelay({ failure: f, retry, idempotent, now: 1_700_000_000_000, policy: DEFAULT_RETRY_POLICY });

describe("retryDelay", () => {
  it("tells rate limits from permission refusals", () => {
    expect(isRateLimited(failure({ status: 403, message: "Resource not accessible by integration" }))).toBe(false);
    expect(isRateLimited(failure({ status: 403, message: "You have exceeded a secondary rate limit." }))).toBe(true);
    expect(isRateLimited(failure({ status: 403, headers: { "x-ratelimit-remaining": "0" } }))).toBe(true);
    expect(isRateLimited(failure({ status: 429 }))).toBe(true);
  });

  it("honours retry-after, then x-ratelimit-reset (plus a second), then GitHub's one-minute default", () => {
    expect(ask(failure({ status: 429, headers: { "retry-after": "7" } }))).toBe(7000);
    expect(ask(failure({ status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000012" } }))).toBe(13_000);
    expect(ask(failure({ status: 403, message: "secondary rate limit" }))).toBe(60_000);
  });

  it("gives up on waits over the cap, client errors, creates after 5xx and after the last retry", () => {
    expect(ask(failure({ status: 429, headers: { "retry-after": "61" } }))).toBeUndefined();
    expect(ask(failure({ status: 404 }))).toBeUndefined();
    expect(ask(failure({ status: 502 }), 0, false)).toBeUndefined();
    expect(ask(failure({ status: 502 }), 3)).toBeUndefined();
    expect([0, 1, 2].map((r) => ask(failure({ status: undefined }), r))).toEqual([1000, 2000, 4000]);
  });
});
