/**
 * Issue 12, item 1, end to end: a real Probot receives a pull request whose analysis never finishes
 * (a worker-thread stand-in for a pathological file), the review's time limit fires anyway because
 * the analysis is off the event loop, the thread is terminated, and the commit's check run is
 * completed neutral with the reason. On the event loop, the time limit's timer could never have run.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { threadAnalyser } from "../../src/pipeline/analysis-thread.js";
import { GitHubMock } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { CHECK_RUN_ID, checkRunReply, HEAD_SHA, newFilePatch, treeOf } from "./support/pull-request-repo.js";
import { APP_OPTIONS, MODELS, VIEWS } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let gh: GitHubMock;

beforeEach(() => {
  gh = new GitHubMock();
});

afterEach(() => {
  gh.assertDone();
});

describe("a pull request whose analysis never ends", () => {
  it("is stopped at the time limit; its check run is completed neutral with the reason and nothing else is posted", async () => {
    const files = { "shop/models.py": MODELS, "shop/views.py": VIEWS };
    gh.installationToken().config(undefined);
    gh.on("POST", "/repos/acme/shop/check-runs", (body) => checkRunReply(201, body));
    gh.on("GET", "/repos/acme/shop/pulls/7/files", { status: 200, body: [{ sha: "a".repeat(40), filename: "shop/views.py", status: "added", additions: 7, deletions: 0, changes: 7, patch: newFilePatch(VIEWS) }] });
    // The stand-in reads the file list through the main thread, then spins forever.
    gh.on("GET", `/repos/acme/shop/git/trees/${HEAD_SHA}`, { status: 200, body: treeOf(HEAD_SHA, files) });
    gh.on("PATCH", `/repos/acme/shop/check-runs/${CHECK_RUN_ID}`, (body) => checkRunReply(200, body));
    const spinning = threadAnalyser({ workerUrl: new URL("../pipeline/fixtures/spinning-worker.mjs", import.meta.url) });
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, analyse: spinning, reviewTimeoutMs: 300 });
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    const completion = gh.requests.at(-1)!.body as Json;
    expect(completion).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(completion.output.summary).toContain("the review did not finish within 1 second");
    expect(gh.requests.filter((r) => r.path.includes("/reviews") || r.path.includes("/comments"))).toEqual([]);
    expect(queue.snapshot().running.review).toBe(0);
  });
});
