/**
 * Webhook to GitHub calls, end to end: a real Probot receives the event, the real queue runs the real
 * review pipeline, and nock plays GitHub. Every request body is snapshotted (YAML, readable).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Job as PipelineJob } from "../../src/pipeline/run-review.js";
import { GitHubMock } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { BOT, CHECK_RUN_ID, checkRunReply, HEAD_SHA, mockReviewRun, newFilePatch } from "./support/pull-request-repo.js";
import { APP_OPTIONS, MODELS, orderReportPullRequest, README, VIEWS } from "./support/scenarios.js";

const SYNC_SHA = "c0ffee0000000000000000000000000000000abc";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let gh: GitHubMock;

beforeEach(() => {
  gh = new GitHubMock();
});

afterEach(() => {
  gh.assertDone();
});

describe("pull_request.opened", () => {
  it("reviews the head commit: check run, one review with inline comments, completed check run", async () => {
    gh.installationToken().config(undefined);
    mockReviewRun(gh, orderReportPullRequest());
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    gh.assertDone();
    const review = gh.requests.find((r) => r.path.endsWith("/reviews"))?.body as Json;
    expect(review.event).toBe("COMMENT");
    expect(review.comments).toEqual([expect.objectContaining({ path: "shop/views.py", line: 6, side: "RIGHT" })]);
    const completion = gh.requests.at(-1)?.body as Json;
    expect(completion).toMatchObject({ status: "completed", conclusion: "success" });
    await expect(gh.transcript()).toMatchFileSnapshot("__snapshots__/opened.yml");
  });
});

describe("redelivery", () => {
  it("a webhook delivered again, during or after the run, changes nothing", async () => {
    gh.installationToken().config(undefined);
    mockReviewRun(gh, orderReportPullRequest());
    const { probot, queue } = await loadApp(APP_OPTIONS);
    const event = payload("pull_request.opened");
    await deliver(probot, "pull_request", event, "delivery-1");
    await deliver(probot, "pull_request", event, "delivery-1");
    await queue.idle();
    const calls = gh.requests.length;
    await deliver(probot, "pull_request", event, "delivery-1");
    await queue.idle();
    expect(gh.requests).toHaveLength(calls);
    expect(gh.requests.filter((r) => r.method === "POST" && r.path.endsWith("/reviews"))).toHaveLength(1);
  });
});

describe("pull_request.synchronize", () => {
  it("code that moved keeps its earlier comment: no duplicate, and the check run still lists it", async () => {
    gh.installationToken().config(undefined);
    mockReviewRun(gh, orderReportPullRequest());
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"), "d-opened");
    await queue.idle();
    const first = (gh.requests.find((r) => r.path.endsWith("/reviews"))!.body as Json).comments[0];
    gh.requests.length = 0;

    const moved = `"""Reports."""\n\n\n${VIEWS}`;
    const earlier = { id: 4001, node_id: "PRRC_kwDOAAAB9c4AAA-h", path: "shop/views.py", line: 6, body: first.body, user: BOT };
    gh.config(undefined).app();
    mockReviewRun(gh, orderReportPullRequest({ headSha: SYNC_SHA, files: { "shop/models.py": MODELS, "shop/views.py": moved }, changed: [{ filename: "shop/views.py", status: "added", patch: newFilePatch(moved) }], existingComments: [earlier], expectReview: false }));
    await deliver(probot, "pull_request", payload("pull_request.synchronize"), "d-sync");
    await queue.idle();
    const completion = gh.requests.at(-1)!.body as Json;
    expect(completion.output.summary).toContain("`shop/views.py:9` print is called · _commented earlier_");
    await expect(gh.transcript()).toMatchFileSnapshot("__snapshots__/synchronize-moved.yml");
  });
});

describe("drafts", () => {
  it("a draft gets the check run only", async () => {
    gh.installationToken().config(undefined);
    mockReviewRun(gh, orderReportPullRequest({ expectReview: false }));
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload<Json>("pull_request.opened", (p) => (p.pull_request.draft = true)));
    await queue.idle();
    const completion = gh.requests.at(-1)!.body as Json;
    expect(completion.output.summary).toContain("This pull request is a draft");
    await expect(gh.transcript()).toMatchFileSnapshot("__snapshots__/draft.yml");
  });

  it("`review.drafts: true` reviews drafts too", async () => {
    gh.installationToken().config("review:\n  drafts: true\n");
    mockReviewRun(gh, orderReportPullRequest());
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload<Json>("pull_request.opened", (p) => (p.pull_request.draft = true)));
    await queue.idle();
    expect(gh.requests.filter((r) => r.path.endsWith("/reviews"))).toHaveLength(1);
  });
});

describe("config", () => {
  it("an invalid .github/djperf.yml is reported in the check run with its key paths, and the rest applies", async () => {
    gh.installationToken().config("review:\n  max_comments: many\nrules:\n  DJP999: loud\n  DJP998: off\n");
    mockReviewRun(gh, orderReportPullRequest());
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    const summary = (gh.requests.at(-1)!.body as Json).output.summary as string;
    expect(summary).toContain("**Configuration**");
    expect(summary).toMatch(/`review\.max_comments`: .*\(defaults used\)/);
    expect(summary).toMatch(/`rules\.DJP999`: .*\(defaults used\)/);
    // DJP998 off still applies: the valid part of the file is kept.
    expect(summary).not.toContain("DJP998 · all-call");
    await expect(summary).toMatchFileSnapshot("__snapshots__/invalid-config-summary.md");
  });

  it("a config that is not YAML is reported and the defaults apply", async () => {
    gh.installationToken().config("review: [unclosed\n");
    mockReviewRun(gh, orderReportPullRequest());
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    const summary = (gh.requests.at(-1)!.body as Json).output.summary as string;
    expect(summary).toMatch(/\.github\/djperf\.yml could not be read: .*invalid YAML/);
  });
});

describe("per-review limits", () => {
  it("`analysis.max_review_bytes` in .github/djperf.yml: the files past the budget are not analysed, and the check run says so", async () => {
    const billing = `from shop.models import Order\n\n\ndef totals():\n    return [o.total for o in Order.objects.all()]\n`;
    const budget = new TextEncoder().encode(billing).byteLength;
    gh.installationToken().config(`analysis:\n  max_review_bytes: ${budget}\n`);
    const files = { "README.md": README, "shop/models.py": MODELS, "shop/billing.py": billing, "shop/views.py": VIEWS };
    const changed = [
      { filename: "shop/billing.py", status: "added" as const, patch: newFilePatch(billing) },
      { filename: "shop/views.py", status: "added" as const, patch: newFilePatch(VIEWS) },
    ];
    // shop/views.py holds the only findings: past the budget, no review is posted.
    mockReviewRun(gh, orderReportPullRequest({ files, changed, expectReview: false }));
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    const completion = gh.requests.at(-1)!.body as Json;
    expect(completion).toMatchObject({ status: "completed", conclusion: "success" });
    expect(completion.output.summary).toContain(`djperf analysed 1 of 2 changed Python files: byte budget of ${budget} bytes reached (\`analysis.max_review_bytes: ${budget}\`); the other 1 was not checked.`);
    expect(completion.output.summary).toMatch(/Files not analysed[\s\S]*shop\/views\.py/);
    expect(gh.requests.filter((r) => r.path.endsWith("/reviews"))).toHaveLength(0);
  });
});

describe("check_run.rerequested", () => {
  it("re-runs the review when the commit is still the head of the open pull request", async () => {
    gh.installationToken();
    gh.on("GET", "/repos/acme/shop/pulls/7", { status: 200, body: payload<Json>("pull_request.opened").pull_request });
    gh.config(undefined);
    mockReviewRun(gh, orderReportPullRequest());
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "check_run", payload("check_run.rerequested"), "d-rerun");
    await queue.idle();
    expect(gh.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`).slice(0, 5)).toEqual([
      "POST /app/installations/4242/access_tokens",
      "GET /repos/acme/shop/pulls/7",
      "GET /repos/acme/shop/contents/.github%2Fdjperf.yml",
      "GET /repos/acme/.github/contents/.github%2Fdjperf.yml",
      "POST /repos/acme/shop/check-runs",
    ]);
    expect(gh.requests.filter((r) => r.path.endsWith("/reviews"))).toHaveLength(1);
  });

  it("does nothing when a newer commit was pushed meanwhile", async () => {
    gh.installationToken();
    gh.on("GET", "/repos/acme/shop/pulls/7", { status: 200, body: payload<Json>("pull_request.synchronize").pull_request });
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "check_run", payload("check_run.rerequested"), "d-rerun");
    await queue.idle();
    expect(gh.requests).toHaveLength(2);
  });
});

describe("supersede", () => {
  it("a queued review overtaken by a push gets a neutral 'superseded' check run, and only the new head is reviewed", async () => {
    const started: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const runReview = vi.fn(async (job: PipelineJob) => {
      started.push(`#${job.pr}@${job.headSha.slice(0, 7)}`);
      if (job.pr === 99) await firstHeld;
      return undefined as never;
    });
    gh.installationToken().config(undefined).config(undefined);
    gh.on("POST", "/repos/acme/shop/check-runs", (body) => checkRunReply(201, body));
    gh.on("PATCH", `/repos/acme/shop/check-runs/${CHECK_RUN_ID}`, (body) => checkRunReply(200, body));
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, runReview, concurrency: { review: 1 } });

    await deliver(probot, "pull_request", payload<Json>("pull_request.opened", (p) => ((p.number = 99), (p.pull_request.number = 99))), "d-99");
    await vi.waitFor(() => expect(started).toEqual(["#99@3f78685"]));
    await deliver(probot, "pull_request", payload("pull_request.opened"), "d-a");
    await deliver(probot, "pull_request", payload("pull_request.synchronize"), "d-b");
    await vi.waitFor(() => expect(gh.requests.at(-1)?.method).toBe("PATCH"));
    releaseFirst();
    await queue.idle();

    expect(started).toEqual(["#99@3f78685", "#7@c0ffee0"]);
    const [create, complete] = gh.requests.filter((r) => r.path.includes("/check-runs"));
    expect(create!.body).toMatchObject({ head_sha: HEAD_SHA, external_id: `acme/shop#7@${HEAD_SHA}` });
    expect(complete!.body).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Superseded by c0ffee0" } });
  });
});

describe("GitHub calls per review", () => {
  it("a 40-file pull request with 120 findings: one page of files, one blob query, one review, ⌈annotations/50⌉ check-run updates", async () => {
    const files: Record<string, string> = { "shop/models.py": MODELS };
    const changed = [];
    for (let i = 0; i < 40; i++) {
      const path = `shop/reports/report_${String(i).padStart(2, "0")}.py`;
      files[path] = `def report_${i}(rows):\n    print("start")\n    print(rows)\n    print("done")\n`;
      changed.push({ filename: path, status: "added" as const, patch: newFilePatch(files[path]!) });
    }
    gh.installationToken().config(undefined);
    mockReviewRun(gh, { files, changed, checkRunUpdates: 2 });
    const { probot, queue } = await loadApp(APP_OPTIONS);
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();

    const count = new Map<string, number>();
    for (const r of gh.requests) {
      const route = `${r.method} ${r.path.split("?")[0]!.replace(/[0-9a-f]{40}/, "{sha}")}`;
      count.set(route, (count.get(route) ?? 0) + 1);
    }
    expect(Object.fromEntries(count)).toEqual({
      "POST /app/installations/4242/access_tokens": 1,
      "GET /repos/acme/shop/contents/.github%2Fdjperf.yml": 1,
      "GET /repos/acme/.github/contents/.github%2Fdjperf.yml": 1,
      "POST /repos/acme/shop/check-runs": 1,
      "GET /repos/acme/shop/pulls/7/files": 1,
      "GET /repos/acme/shop/git/trees/{sha}": 1,
      "POST /graphql": 1,
      "GET /repos/acme/shop/pulls/7/comments": 1,
      // The commit is still the head before anything is posted (a late redelivery posts nothing).
      "GET /repos/acme/shop/pulls/7": 1,
      "POST /repos/acme/shop/pulls/7/reviews": 1,
      "PATCH /repos/acme/shop/check-runs/555": 2,
    });
    const review = gh.requests.find((r) => r.path.endsWith("/reviews"))!.body as Json;
    expect(review.comments).toHaveLength(30);
    const [completion, more] = gh.requests.filter((r) => r.method === "PATCH").map((r) => r.body as Json);
    expect(completion!.output.annotations).toHaveLength(50);
    expect(more!.output.annotations).toHaveLength(40);
    expect(more!.status).toBeUndefined();
  });
});

describe("the check run is never left in progress", () => {
  it("GitHub failing every completion attempt of the run: completed later with the reason", async () => {
    gh.installationToken().config(undefined);
    mockReviewRun(gh, orderReportPullRequest({ checkRunUpdates: 0 }));
    // runReview's completion and its last-resort completion each try 4 times (gateway retries), then djperf tries again later.
    gh.on("PATCH", `/repos/acme/shop/check-runs/${CHECK_RUN_ID}`, { status: 502, body: { message: "Bad Gateway" } }, 8);
    gh.on("PATCH", `/repos/acme/shop/check-runs/${CHECK_RUN_ID}`, (body) => checkRunReply(200, body));
    const waits: number[] = [];
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, sleep: async (ms) => void waits.push(ms) });
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    const patches = gh.requests.filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(9);
    expect(patches.at(-1)!.body).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "djperf could not finish this review" } });
    expect(waits).toEqual([5_000]);
  });

  it("a review that outlives its time limit is stopped and its check run says why", async () => {
    gh.installationToken().config(undefined);
    gh.on("POST", "/repos/acme/shop/check-runs", (body) => checkRunReply(201, body));
    // No file listing: past the limit the review's GitHub calls are aborted; only the completion goes out.
    gh.on("PATCH", `/repos/acme/shop/check-runs/${CHECK_RUN_ID}`, (body) => checkRunReply(200, body));
    // A stand-in for a slow analysis: the real runReview, started only once the time limit has passed.
    const { runReview } = await import("../../src/pipeline/run-review.js");
    const slowRunReview: typeof runReview = async (job, deps) => {
      await new Promise<void>((resolve) => deps.signal!.addEventListener("abort", () => resolve(), { once: true }));
      return runReview(job, deps);
    };
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, runReview: slowRunReview, reviewTimeoutMs: 1 });
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    const completion = gh.requests.at(-1)!.body as Json;
    expect(completion).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(completion.output.summary).toContain("the review did not finish within 1 second");
  });
});
