/**
 * Fault injection (issue 12, "Also build"): every GitHub call of a review answers with a failure, one
 * call at a time, through a real Probot, the real queue, pipeline and gateway, and nock as GitHub.
 * Whatever the fault, the commit's check run ends completed with a reason, and nothing is posted twice.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubMock, type Reply } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { CHECK_RUN_ID, HEAD_SHA, mockReviewRun } from "./support/pull-request-repo.js";
import { APP_OPTIONS, orderReportPullRequest } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The calls of a review, in the order the pipeline makes them. */
const CALLS = [
  { method: "GET", path: "/repos/acme/shop/pulls/7/files" },
  { method: "GET", path: `/repos/acme/shop/git/trees/${HEAD_SHA}` },
  { method: "POST", path: "/graphql" },
  { method: "GET", path: "/repos/acme/shop/pulls/7/comments" },
  { method: "POST", path: "/repos/acme/shop/pulls/7/reviews" },
] as const;

const inAnHour = () => String(Math.floor(Date.now() / 1000) + 3600);

/** A failure GitHub can produce, and the first words the check run must give as the reason. */
type Fault = ({ reply: Reply } | { reset: string } | { hang: true }) & { reason: RegExp };

const RATE_LIMIT = /^GitHub's API rate limit for this installation was reached/;

const FAULTS: Record<string, Fault> = {
  "500": { reply: { status: 500, body: { message: "Internal Server Error" } }, reason: /^GitHub answered 500/ },
  "502": { reply: { status: 502, body: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } }, reason: /^GitHub answered 502/ },
  "503": { reply: { status: 503, body: { message: "Service Unavailable" } }, reason: /^GitHub answered 503/ },
  "connection reset": { reset: "ECONNRESET", reason: /^GitHub did not answer/ },
  "no answer (timeout)": { hang: true, reason: /^GitHub did not answer/ },
  "403 primary rate limit": { reply: { status: 403, body: { message: "API rate limit exceeded for installation ID 4242." }, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": inAnHour() } }, reason: RATE_LIMIT },
  "403 secondary rate limit, retry-after 120": { reply: { status: 403, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, headers: { "retry-after": "120" } }, reason: RATE_LIMIT },
  "429 with retry-after": { reply: { status: 429, body: { message: "Too Many Requests" }, headers: { "retry-after": "3600" } }, reason: RATE_LIMIT },
  "404 mid-run": { reply: { status: 404, body: { message: "Not Found" } }, reason: /^GitHub answered 404/ },
  "422": { reply: { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Thing", code: "invalid" }] } }, reason: /^GitHub answered 422/ },
  "malformed JSON": { reply: { status: 200, body: '{"id": 1, "trunc' }, reason: /^GitHub answered with something djperf could not read/ },
};

let gh: GitHubMock;

beforeEach(() => {
  gh = new GitHubMock();
});

afterEach(() => {
  gh.release();
});

function inject(call: (typeof CALLS)[number], fault: Fault): void {
  // Registered before the scenario's mocks, so they answer first; enough for every retry.
  if ("reply" in fault) gh.on(call.method, call.path, fault.reply, 20);
  else if ("reset" in fault) gh.fail(call.method, call.path, fault.reset, 20);
  else gh.slow(call.method, call.path, 3_000, { status: 200, body: [] }, 20);
}

describe.each(CALLS)("$method $path fails", (call) => {
  it.each(Object.keys(FAULTS))("with %s: the check run is completed with a reason, nothing is posted twice", async (name) => {
    gh.installationToken().config(undefined);
    inject(call, FAULTS[name]!);
    mockReviewRun(gh, orderReportPullRequest());
    // After a 5xx on the review, the publisher looks for a review that landed anyway.
    gh.on("GET", "/repos/acme/shop/pulls/7/reviews", { status: 200, body: [] }, 20);
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, gateway: { sleep: async () => {}, requestTimeoutMs: 100 } });
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();

    const created = gh.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/shop/check-runs");
    expect(created).toHaveLength(1);
    const patches = gh.requests.filter((r) => r.method === "PATCH" && r.path.startsWith(`/repos/acme/shop/check-runs/${CHECK_RUN_ID}`));
    const completion = patches.find((p) => (p.body as Json).status === "completed")?.body as Json | undefined;
    expect(completion, "the check run was completed").toBeDefined();
    expect(["success", "neutral", "failure"]).toContain(completion!.conclusion);
    expect(completion!.output.title).toBeTruthy();
    const reviews = gh.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls/7/reviews"));
    if (call.path.endsWith("/reviews") && name === "422") {
      // Issue 12, item 9: refused even without inline comments is not a crash; the check run carries the findings.
      expect(completion!.output.summary).toMatch(/^> GitHub refused djperf's review on this pull request \(422/);
      expect(completion!.output.summary).toContain("shop/views.py");
      expect(completion!.output.title).not.toBe("djperf could not finish this review");
      return;
    }
    // Every attempt at the faulty call failed, so no review was posted, let alone twice.
    if (!call.path.endsWith("/reviews")) expect(reviews).toHaveLength(0);
    expect(completion!.conclusion).toBe("neutral");
    expect(completion!.output.summary).toMatch(FAULTS[name]!.reason);
  });
});
