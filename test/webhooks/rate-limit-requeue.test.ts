/**
 * Issue 12, item 7: a review stopped by a GitHub rate limit that resets later than the gateway waits
 * completes its check run with the reason and the time it is queued again for, and the queue runs it
 * again after the reset. Real Probot, the in-process queue, the pipeline and gateway; nock as GitHub.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GitHubMock, type Reply } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { mockReviewRun } from "./support/pull-request-repo.js";
import { APP_OPTIONS, orderReportPullRequest } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let gh: GitHubMock;
beforeEach(() => {
  gh = new GitHubMock();
});
afterEach(() => {
  gh.release();
});

const LIMITS: Record<string, () => Reply> = {
  "403 with x-ratelimit-remaining: 0 and x-ratelimit-reset": () => ({
    status: 403,
    body: { message: "API rate limit exceeded for installation ID 4242." },
    // The reset one second from now: the gateway waits at most 500 ms, so the job is put back.
    headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 1) },
  }),
  "403 secondary limit with retry-after": () => ({
    status: 403,
    body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." },
    headers: { "retry-after": "1" },
  }),
};

describe.each(Object.keys(LIMITS))("%s on the changed-files call", (name) => {
  it("completes the check run with the reason and when, then reviews the commit again after the reset", async () => {
    gh.installationToken().config(undefined).config(undefined);
    gh.on("GET", "/repos/acme/shop/pulls/7/files", LIMITS[name]!());
    mockReviewRun(gh, orderReportPullRequest()); // the first run: only its check-run create and completion are reached
    mockReviewRun(gh, orderReportPullRequest()); // the run after the reset
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, gateway: { sleep: async () => {}, retry: { maxDelayMs: 500 } }, clock: Date.now });
    const started = Date.now();
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();

    const completions = () => gh.requests.filter((r) => r.method === "PATCH" && (r.body as Json).status === "completed").map((r) => r.body as Json);
    expect(completions()).toHaveLength(1);
    const first = completions()[0]!;
    expect(first.conclusion).toBe("neutral");
    expect(first.output.title).toBe("Paused by GitHub's rate limit: queued again");
    expect(first.output.summary).toMatch(/^GitHub's API rate limit for this installation was reached/);
    const when = /after the limit resets \(([^)]+)\)/.exec(first.output.summary)?.[1];
    expect(Date.parse(when!)).toBeGreaterThan(started);
    expect((await queue.depth!()).review.delayed).toBe(1);
    // A redelivery meanwhile is the same job, still held by the queue.
    await deliver(probot, "pull_request", payload("pull_request.opened"), "delivery-2");

    await vi.waitFor(() => expect(completions()).toHaveLength(2), { timeout: 8_000, interval: 100 });
    await queue.idle();
    const second = completions()[1]!;
    expect(second.output.title).not.toMatch(/rate limit/);
    expect(gh.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/shop/check-runs")).toHaveLength(2);
    expect(gh.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls/7/reviews"))).toHaveLength(1);
    expect((await queue.depth!()).review.delayed).toBe(0);
  });
});
