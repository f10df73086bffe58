import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CheckRunNotCompletedError, runReview, Superseded } from "../../src/pipeline/run-review.js";
import { FakeRepo } from "./helpers/fake-repo.js";
import { GitHubMock, type PullFileSpec } from "./helpers/github-mock.js";
import { payload, reviewCommentPayload } from "./helpers/payloads.js";
import { bodyOf, job, reviewDeps } from "./helpers/run.js";
import { CHECK_RUN_ID, HEAD_SHA, HEAD_SHA_2, PR, REVIEW_ID, VIEWS_PATCH_2, VIEWS_PY_2, shopHead, shopPullFiles } from "./helpers/shop.js";
import { CRASHING_RULE, QUERY_IN_LOOP, REVIEW_RULES } from "./helpers/test-rules.js";
import { runAnalysis } from "../../src/pipeline/run-analysis.js";
import type { RepoSource } from "../../src/pipeline/ports.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { baselineOf, formatBaseline } from "../../src/report/baseline.js";

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const CHECK_RUNS = /^\/repos\/acme\/shop\/check-runs/;
const REVIEWS = /^\/repos\/acme\/shop\/pulls\/42\/reviews$/;

type Comment = { path: string; line: number; body: string; start_line?: number };
type Completion = { status: string; conclusion: string; output: { title: string; summary: string; annotations?: { path: string; start_line: number }[] } };

/** The mocks every run that reaches the analysis makes, up to the comment listing. */
function analysedRun(head: Record<string, string | Uint8Array> = shopHead(), files: PullFileSpec[] = shopPullFiles(), sha = HEAD_SHA): GitHubMock {
  const repo = new FakeRepo(sha, head);
  return new GitHubMock().createCheckRun(CHECK_RUN_ID).pullFiles(PR, files).tree(repo).blobs(repo);
}

function completion(mock: GitHubMock): Completion {
  return bodyOf(mock, "PATCH", CHECK_RUNS) as unknown as Completion;
}

describe("runReview: pull request opened", () => {
  it("creates the check run, reads the PR, posts one review and completes the check run", async () => {
    const mock = analysedRun().reviewComments(PR, []).createReview(PR).completeCheckRun(CHECK_RUN_ID);
    const { deps, logs } = reviewDeps(mock);

    const outcome = await runReview(job(), deps);

    mock.expectDone();
    expect(outcome).toMatchObject({ checkRunId: CHECK_RUN_ID, outcome: "reviewed", conclusion: "failure", reviewId: REVIEW_ID, commentsPosted: 4, commentsRejected: 0, minimised: 0 });
    const review = bodyOf(mock, "POST", REVIEWS) as { commit_id: string; event: string; comments: Comment[] };
    expect(review.commit_id).toBe(HEAD_SHA);
    expect(review.comments.map((c) => `${c.path}:${c.line}`)).toEqual(["shop/views.py:21", "shop/views.py:15", "shop/views.py:16", "shop/views.py:16"]);
    expect(completion(mock)).toMatchObject({ status: "completed", conclusion: "failure", completed_at: "2025-03-11T10:03:00.000Z" });
    // The renamed billing module's loop predates the PR: summarised as outside the changes, not commented.
    expect(completion(mock).output.summary).toContain("1 finding in code this pull request did not change");
    // Every log line carries the job's identity; none carries a token.
    expect(logs.every((l) => l.bindings.repo === "acme/shop" && l.bindings.pr === PR && l.bindings.sha === HEAD_SHA)).toBe(true);
    expect(JSON.stringify(logs)).not.toMatch(/token|authorization/i);
    await expect(mock.transcript()).toMatchFileSnapshot("__snapshots__/opened.requests.yml");
  });

  it("asks for changes when configured and a block finding exists", async () => {
    const mock = analysedRun().reviewComments(PR, []).createReview(PR).completeCheckRun(CHECK_RUN_ID);
    const { deps } = reviewDeps(mock, { rawConfig: { review: { request_changes: true } } });
    await runReview(job(), deps);
    mock.expectDone();
    expect(bodyOf(mock, "POST", REVIEWS).event).toBe("REQUEST_CHANGES");
  });
});

/** The review comments GitHub lists after djperf posted these comments (ids in order). */
function listedComments(comments: readonly Comment[], firstId = 1991234567): ReturnType<typeof reviewCommentPayload>[] {
  return comments.map((c, i) => reviewCommentPayload({ id: firstId + i, path: c.path, line: c.line, body: c.body }));
}

describe("runReview: synchronize and redelivery", () => {
  it("does not repeat comments for code that moved, comments only the new finding and minimises fixed ones", async () => {
    const first = analysedRun().reviewComments(PR, []).createReview(PR).completeCheckRun(CHECK_RUN_ID);
    await runReview(job(), reviewDeps(first).deps);
    first.expectDone();
    const posted = (bodyOf(first, "POST", REVIEWS).comments as Comment[]);
    nock.cleanAll();

    const existing = listedComments(posted);
    // A person quoting a djperf comment in a reply must not count as djperf's, nor ever be minimised.
    existing.push({ ...payload<Record<string, unknown>[]>("review-comments")[1]!, body: `> quoted\n> ${posted[2]!.body.split("\n").pop()}\n\nthanks` });
    const head2 = shopHead(VIEWS_PY_2);
    const files2 = shopPullFiles(VIEWS_PATCH_2);
    const second = analysedRun(head2, files2, HEAD_SHA_2)
      .reviewComments(PR, existing)
      .createReview(PR)
      .graphql("djperfMinimized", { data: { nodes: [{ id: existing[2]!.node_id, isMinimized: false }, { id: existing[3]!.node_id, isMinimized: false }] } })
      .graphql("djperfMinimize", { data: { m0: { minimizedComment: { isMinimized: true } }, m1: { minimizedComment: { isMinimized: true } } } })
      .completeCheckRun(CHECK_RUN_ID);

    const outcome = await runReview(job({ headSha: HEAD_SHA_2, trigger: "synchronize" }), reviewDeps(second).deps);

    second.expectDone();
    expect(outcome).toMatchObject({ outcome: "reviewed", commentsPosted: 1, minimised: 2 });
    const review = bodyOf(second, "POST", REVIEWS) as { comments: Comment[]; body: string };
    // Only the changed line's query (new text, new fingerprint) is commented; the moved ones are not repeated.
    expect(review.comments.map((c) => `${c.path}:${c.line}`)).toEqual(["shop/views.py:21"]);
    expect(review.comments[0]!.body).toContain("Order.objects.filter(...)");
    expect(review.body).toContain("2 findings already commented in an earlier review are not repeated");
    // The len() finding and the old line-16 query finding are gone: their comments are minimised.
    const minimized = second.requests.find((r) => (JSON.stringify(r.body) ?? "").includes("djperfMinimize("));
    expect((minimized!.body as { variables: Record<string, string> }).variables).toEqual({ classifier: "OUTDATED", s0: existing[2]!.node_id, s1: existing[3]!.node_id });
    expect(completion(second).output.summary).toContain("_commented earlier_");
    await expect(second.transcript()).toMatchFileSnapshot("__snapshots__/synchronize-moved-code.requests.yml");
  });

  it("changes nothing visible when the same head is reviewed again (redelivered webhook)", async () => {
    const first = analysedRun().reviewComments(PR, []).createReview(PR).completeCheckRun(CHECK_RUN_ID);
    await runReview(job(), reviewDeps(first).deps);
    const posted = bodyOf(first, "POST", REVIEWS).comments as Comment[];
    nock.cleanAll();

    const again = analysedRun().reviewComments(PR, listedComments(posted)).completeCheckRun(CHECK_RUN_ID);
    const outcome = await runReview(job(), reviewDeps(again).deps);

    again.expectDone(); // no review, no minimising: only the check run is redone
    expect(outcome).toMatchObject({ outcome: "reviewed", commentsPosted: 0, minimised: 0, conclusion: "failure" });
    expect(outcome.reviewId).toBeUndefined();
    expect(again.count("POST", REVIEWS)).toBe(0);
  });
});

describe("runReview: GitHub says no", () => {
  it("422 on the review and on each comment alone: posts it without inline comments and lists them in the check run", async () => {
    // The whole review, then 6 pending-review probes (halves, then single comments), all refused.
    const refused = Array.from({ length: 7 }, () => ({ status: 422, body: payload("review-422") }));
    const mock = analysedRun()
      .reviewComments(PR, [])
      .createReview(PR, [...refused, { status: 200 }])
      .completeCheckRun(CHECK_RUN_ID);
    const outcome = await runReview(job(), reviewDeps(mock).deps);

    mock.expectDone();
    expect(outcome).toMatchObject({ outcome: "reviewed", commentsPosted: 0, commentsRejected: 4 });
    const retry = bodyOf(mock, "POST", REVIEWS, 7) as { comments: Comment[]; body: string };
    expect(retry.comments).toEqual([]);
    expect(retry.body).toContain("GitHub did not accept 4 of these comments");
    const done = completion(mock);
    expect(done.output.summary).toContain("### Comments GitHub did not accept (4)");
    expect(done.output.summary).toContain("Line could not be resolved");
    expect(done.output.annotations?.map((a) => `${a.path}:${a.start_line}`)).toEqual(["shop/views.py:21", "shop/views.py:15", "shop/views.py:16", "shop/views.py:16"]);
    await expect(mock.transcript()).toMatchFileSnapshot("__snapshots__/review-422.requests.yml");
  });

  it("403 on the review (a fork's pull request): check run only, with a note", async () => {
    const mock = analysedRun().reviewComments(PR, []).createReview(PR, [{ status: 403, body: payload("review-403") }]).completeCheckRun(CHECK_RUN_ID);
    const { deps, sleeps, logs } = reviewDeps(mock);
    const outcome = await runReview(job(), deps);

    mock.expectDone();
    expect(sleeps).toEqual([]); // a permission 403 is not a rate limit: not retried
    expect(outcome).toMatchObject({ outcome: "reviewed", conclusion: "failure", commentsPosted: 0 });
    const done = completion(mock);
    expect(done.output.summary).toMatch(/^> djperf could not post a review on this pull request \(GitHub answered 403: .*Resource not accessible by integration/);
    expect(done.output.summary).toContain("_no review posted_");
    expect(done.output.annotations).toHaveLength(4);
    expect(logs.some((l) => l.level === "warn" && l.message?.includes("review not allowed"))).toBe(true);
    await expect(mock.transcript()).toMatchFileSnapshot("__snapshots__/review-403.requests.yml");
  });

  it("5xx when completing the check run: retried with backoff, ends completed", async () => {
    const mock = analysedRun()
      .reviewComments(PR, [])
      .createReview(PR)
      .updateCheckRun(CHECK_RUN_ID, [{ status: 502, body: "Bad Gateway" }, { status: 503, body: { message: "Service Unavailable" } }, { status: 200 }]);
    const { deps, sleeps } = reviewDeps(mock);
    const outcome = await runReview(job(), deps);

    mock.expectDone();
    expect(outcome.outcome).toBe("reviewed");
    expect(sleeps).toEqual([1000, 2000]);
    const attempts = mock.requests.filter((r) => r.method === "PATCH").map((r) => (r.body as { status: string }).status);
    expect(attempts).toEqual(["completed", "completed", "completed"]);
  });

  it("completes the check run neutral when the run crashes (a response djperf cannot read)", async () => {
    const repo = new FakeRepo(HEAD_SHA, shopHead());
    const mock = new GitHubMock()
      .createCheckRun(CHECK_RUN_ID)
      .pullFiles(PR, shopPullFiles())
      .tree(repo)
      .graphql("djperfBlobs", { data: { repository: { b0: { oid: 42, text: "x" } } } })
      .completeCheckRun(CHECK_RUN_ID);
    const { deps, logs } = reviewDeps(mock);
    const outcome = await runReview(job(), deps);

    mock.expectDone();
    expect(outcome).toMatchObject({ outcome: "crashed", conclusion: "neutral" });
    const done = completion(mock);
    expect(done).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "djperf could not finish this review" } });
    expect(done.output.summary).toContain("GitHubSchemaError: unexpected response from graphql djperfBlobs");
    expect(logs.some((l) => l.level === "error" && l.message === "review failed")).toBe(true);
  });

  it("throws CheckRunNotCompletedError when even the last-resort completion fails", async () => {
    const fail = { status: 500, body: { message: "Server Error" } };
    const mock = analysedRun().reviewComments(PR, []).createReview(PR).updateCheckRun(CHECK_RUN_ID, Array.from({ length: 8 }, () => fail));
    const { deps } = reviewDeps(mock);
    const error = await runReview(job(), deps).catch((e: unknown) => e);
    mock.expectDone();
    expect(error).toBeInstanceOf(CheckRunNotCompletedError);
    expect((error as CheckRunNotCompletedError).checkRunId).toBe(CHECK_RUN_ID);
    // First the real plan (4 attempts), then the crash plan (4 attempts).
    expect(mock.requests.filter((r) => r.method === "PATCH").map((r) => (r.body as { conclusion: string }).conclusion)).toEqual([...Array(4).fill("failure"), ...Array(4).fill("neutral")]);
  });
});

describe("runReview: what is checked", () => {
  it("a pull request without Python files completes success with nothing to check", async () => {
    const files = [
      { filename: "README.md", patch: "@@ -1,3 +1,3 @@\n # Shop\n-Run `make dev`.\n+Run `make dev` and open http://localhost:8000.\n " },
      { filename: "shop/templates/shop/orders.html", patch: "@@ -1 +1 @@\n-{% for order in orders %}\n+{% for order in orders|slice:\":50\" %}" },
      // Removed and excluded Python files are not analysed either.
      { filename: "shop/legacy.py", status: "removed", patch: "@@ -1 +0,0 @@\n-LEGACY = True" },
      { filename: "shop/tests/test_orders.py", status: "added", patch: "@@ -0,0 +1 @@\n+def test_nothing():\n" },
    ];
    const mock = new GitHubMock().createCheckRun(CHECK_RUN_ID).pullFiles(PR, files).completeCheckRun(CHECK_RUN_ID);
    const outcome = await runReview(job(), reviewDeps(mock).deps);

    mock.expectDone(); // no tree, no blobs, no comment listing, no review
    expect(outcome).toMatchObject({ outcome: "nothing-to-check", conclusion: "success" });
    expect(completion(mock)).toMatchObject({ conclusion: "success", output: { title: "No Python files changed" } });
    await expect(mock.transcript()).toMatchFileSnapshot("__snapshots__/no-python-files.requests.yml");
  });

  it("a rule that throws becomes a diagnostic; the other rules still comment and the check completes neutral", async () => {
    const mock = analysedRun().reviewComments(PR, []).createReview(PR).completeCheckRun(CHECK_RUN_ID);
    const outcome = await runReview(job(), reviewDeps(mock, { rules: [QUERY_IN_LOOP, CRASHING_RULE] }).deps);

    mock.expectDone();
    expect(outcome).toMatchObject({ outcome: "reviewed", conclusion: "neutral", commentsPosted: 2 });
    const done = completion(mock);
    expect(done.output.title).toBe("2 warnings · 1 rule could not run");
    expect(done.output.summary).toContain("**Rules that crashed**");
    expect(done.output.summary).toContain("DJP997 crashed on this file and was skipped: Cannot read properties of undefined (reading 'model')");
  });

  it("a draft gets the check run only, and an invalid config is reported with its key path", async () => {
    const mock = analysedRun().reviewComments(PR, []).completeCheckRun(CHECK_RUN_ID);
    const outcome = await runReview(job({ draft: true }), reviewDeps(mock, { rawConfig: { review: { max_comments: "lots" } } }).deps);

    mock.expectDone(); // no review
    expect(outcome).toMatchObject({ outcome: "reviewed", commentsPosted: 0 });
    const summary = completion(mock).output.summary;
    expect(summary).toMatch(/^> This pull request is a draft/);
    expect(summary).toContain("`review.max_comments`");
    expect(summary).toContain("(defaults used)");
  });

  it("honours a baseline committed to the repository (baseline: in the config), and reports one it cannot read", async () => {
    // The baseline: every finding of the head tree, as `djperf baseline` would write it.
    const head = shopHead();
    const bytes = (v: string | Uint8Array): Uint8Array => (typeof v === "string" ? new TextEncoder().encode(v) : v);
    const memory: RepoSource = {
      listFiles: () => Promise.resolve(Object.keys(head)),
      readFiles: (paths) => Promise.resolve(new Map(paths.map((p) => [p, { ok: true as const, bytes: bytes(head[p]!) }]))),
    };
    const all = await runAnalysis({ source: memory, config: DEFAULT_CONFIG, rules: REVIEW_RULES });
    expect(all.findings.length).toBeGreaterThan(0);
    const withBaseline = { ...head, ".djperf-baseline.json": formatBaseline(baselineOf(all.findings)) };
    const repo = new FakeRepo(HEAD_SHA, withBaseline);
    // One more blob query than a plain run: the baseline file.
    const mock = new GitHubMock().createCheckRun(CHECK_RUN_ID).pullFiles(PR, shopPullFiles()).tree(repo).blobs(repo, 2).reviewComments(PR, []).completeCheckRun(CHECK_RUN_ID);
    const outcome = await runReview(job(), reviewDeps(mock, { rawConfig: { baseline: ".djperf-baseline.json" } }).deps);
    mock.expectDone(); // no review: every finding is in the baseline
    expect(outcome).toMatchObject({ commentsPosted: 0, conclusion: "success" });
    nock.cleanAll();

    const missing = analysedRun().reviewComments(PR, []).createReview(PR).completeCheckRun(CHECK_RUN_ID);
    await runReview(job(), reviewDeps(missing, { rawConfig: { baseline: "nope.json" } }).deps);
    expect(completion(missing).output.summary).toContain("nope.json is not in the head commit; no baseline applied");
  });

  it("a superseded run completes its check run neutral, naming the newer commit", async () => {
    // Aborted before any work: no file is listed (the gateway is bound to the job's signal), yet the check run completes.
    const mock = new GitHubMock().createCheckRun(CHECK_RUN_ID).completeCheckRun(CHECK_RUN_ID);
    const controller = new AbortController();
    controller.abort(new Superseded(HEAD_SHA_2));
    const outcome = await runReview(job(), reviewDeps(mock, { signal: controller.signal }).deps);

    mock.expectDone();
    expect(outcome).toMatchObject({ outcome: "superseded", conclusion: "neutral" });
    expect(completion(mock)).toMatchObject({ conclusion: "neutral", output: { title: `Superseded by ${HEAD_SHA_2.slice(0, 7)}` } });
  });
});
