/**
 * Start-up recovery (issue 12, item 8): a process killed mid-review (SIGKILL, out of memory) left its
 * check run in progress; the next process finds it through the App's installations, repositories and
 * recently updated open pull requests, completes it neutral, and queues the commit's review again.
 * Runs of other apps, completed runs and stale pull requests are left alone.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubMock } from "./support/github-mock.js";
import { loadApp, RecordingQueue } from "./support/app.js";
import { BASE_SHA, HEAD_SHA } from "./support/pull-request-repo.js";
import { APP_OPTIONS } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let gh: GitHubMock;

beforeEach(() => {
  gh = new GitHubMock();
});

afterEach(() => {
  gh.assertDone();
});

function pull(number: number, headSha: string, updatedAt: string): object {
  return { number, state: "open", draft: false, updated_at: updatedAt, head: { sha: headSha, ref: `feature-${number}`, repo: { full_name: "acme/shop", fork: false } }, base: { sha: BASE_SHA, ref: "main" } };
}

describe("start-up recovery of interrupted check runs", () => {
  it("completes djperf's in-progress run neutral and queues the commit again; leaves others alone", async () => {
    const OTHER_HEAD = "b".repeat(40);
    gh.on("GET", "/app/installations", { status: 200, body: [{ id: 4242, account: { login: "acme" } }] });
    gh.installationToken();
    gh.on("GET", "/installation/repositories", { status: 200, body: { total_count: 1, repositories: [{ name: "shop", owner: { login: "acme" } }] } });
    gh.on("GET", "/repos/acme/shop/pulls", {
      status: 200,
      body: [pull(7, HEAD_SHA, "2025-01-15T10:00:00Z"), pull(8, OTHER_HEAD, "2025-01-15T09:00:00Z"), pull(3, "c".repeat(40), "2024-12-01T00:00:00Z")],
    });
    gh.on("GET", `/repos/acme/shop/commits/${HEAD_SHA}/check-runs`, {
      status: 200,
      body: {
        total_count: 2,
        check_runs: [
          { id: 555, status: "in_progress", conclusion: null, external_id: `acme/shop#7@${HEAD_SHA}` },
          // Another app's check of the same name: not ours to complete.
          { id: 777, status: "in_progress", conclusion: null, external_id: "something-else" },
        ],
      },
    });
    gh.on("GET", `/repos/acme/shop/commits/${OTHER_HEAD}/check-runs`, { status: 200, body: { total_count: 1, check_runs: [{ id: 556, status: "completed", conclusion: "success", external_id: `acme/shop#8@${OTHER_HEAD}` }] } });
    gh.on("PATCH", "/repos/acme/shop/check-runs/555", (body) => ({ status: 200, body: { id: 555, status: "completed", conclusion: (body as Json).conclusion, external_id: null } }));

    const queue = new RecordingQueue();
    const djperf = await loadAppWithQueue(queue);
    const result = await djperf.recoverInterrupted();

    expect(result).toEqual({ completed: 1, requeued: 1, failed: 0, capped: false });
    const completion = gh.requests.find((r) => r.method === "PATCH")!.body as Json;
    expect(completion).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Interrupted: djperf restarted" } });
    expect(completion.output.summary).toContain("A new review of this commit was queued");
    expect(queue.jobs).toEqual([expect.objectContaining({ kind: "review", owner: "acme", repo: "shop", pr: 7, headSha: HEAD_SHA, baseSha: BASE_SHA, trigger: "rerequested" })]);
    // The stale pull request (#3, updated weeks before) cost no call.
    expect(gh.requests.some((r) => r.path.includes("c".repeat(40)))).toBe(false);
  });

  it("stops at its call budget and says so", async () => {
    gh.on("GET", "/app/installations", { status: 200, body: [{ id: 4242 }] });
    gh.installationToken();
    gh.on("GET", "/installation/repositories", { status: 200, body: { total_count: 1, repositories: [{ name: "shop", owner: { login: "acme" } }] } });
    const djperf = await loadAppWithQueue(new RecordingQueue());
    expect(await djperf.recoverInterrupted({ maxCalls: 2 })).toEqual({ completed: 0, requeued: 0, failed: 0, capped: true });
  });
});

async function loadAppWithQueue(queue: RecordingQueue) {
  return (await loadApp({ ...APP_OPTIONS, createQueue: () => queue })).djperf;
}
