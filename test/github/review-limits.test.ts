/**
 * Per-review limits (issue 12, "Limits per job"): `analysis.max_files`, `analysis.max_review_bytes`
 * and `analysis.max_findings` bound one review, and the check run says how much was analysed and
 * reported when one is hit, and lists the files left out.
 */
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runReview } from "../../src/pipeline/run-review.js";
import { bigPr } from "./helpers/big-pr.js";
import { FakeRepo } from "./helpers/fake-repo.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { bodyOf, job, reviewDeps } from "./helpers/run.js";
import { CHECK_RUN_ID, HEAD_SHA, PR, shopHead, shopPullFiles } from "./helpers/shop.js";

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

type Completion = { conclusion: string; output: { summary: string } };

function run(rawConfig: unknown) {
  const repo = new FakeRepo(HEAD_SHA, shopHead());
  const mock = new GitHubMock().createCheckRun(CHECK_RUN_ID).pullFiles(PR, shopPullFiles()).tree(repo).blobs(repo).reviewComments(PR, []).createReview(PR).completeCheckRun(CHECK_RUN_ID);
  const { deps } = reviewDeps(mock, { rawConfig });
  return { mock, deps };
}

const pythonFiles = shopPullFiles().filter((f) => f.filename.endsWith(".py") && f.status !== "removed").length;

describe("per-review limits", () => {
  it("max_files: analyses the first files only and says how many of how many", async () => {
    const { mock, deps } = run({ analysis: { max_files: 1 } });
    await runReview(job(), deps);
    const summary = (bodyOf(mock, "PATCH", /check-runs/) as unknown as Completion).output.summary;
    const of = Number(/djperf analysed 1 of (\d+) changed Python files: file limit of 1 reached \(`analysis\.max_files: 1`\)/.exec(summary)?.[1]);
    expect(of).toBeGreaterThan(1);
    expect(of).toBeLessThanOrEqual(pythonFiles);
  });

  it("max_review_bytes: analyses the files that fit the budget, never downloads the rest, and lists them", async () => {
    const pr = bigPr(40, 0, 0, {}, false); // 40 added report views, 3 findings each
    const sizeOf = (path: string) => new TextEncoder().encode(pr.head[path] as string).byteLength;
    const budget = pr.files.slice(0, 12).reduce((n, f) => n + sizeOf(f.filename), 0) + sizeOf(pr.files[12]!.filename) - 1;
    const repo = new FakeRepo(HEAD_SHA, pr.head);
    const mock = new GitHubMock().createCheckRun(CHECK_RUN_ID).pullFiles(PR, pr.files).tree(repo).blobs(repo).reviewComments(PR, []).createReview(PR).completeCheckRun(CHECK_RUN_ID);
    const outcome = await runReview(job(), reviewDeps(mock, { rawConfig: { analysis: { max_review_bytes: budget } } }).deps);
    mock.expectDone();

    expect(outcome).toMatchObject({ outcome: "reviewed", findings: 12 * 3 });
    const summary = (bodyOf(mock, "PATCH", /check-runs/) as unknown as Completion).output.summary;
    expect(summary).toContain(`djperf analysed 12 of 40 changed Python files: byte budget of ${(budget / 1024).toFixed(1)} KB reached (\`analysis.max_review_bytes: ${budget}\`); the other 28 were not checked.`);
    expect(summary).toContain("Files not analysed");
    expect(summary).toContain("shop/reports/region_013.py");
    // The files past the budget were never downloaded: the blob query names only the first 12 changed files.
    const queried = JSON.stringify(mock.requests.filter((r) => r.path === "/graphql").map((r) => r.body));
    expect(queried).toContain("shop/reports/region_012.py");
    expect(queried).not.toContain("shop/reports/region_013.py");
    expect(queried).not.toContain("shop/reports/region_040.py");
  });

  it("max_review_bytes smaller than the first file: nothing analysed, the check run says why", async () => {
    const { mock, deps } = run({ analysis: { max_review_bytes: 10 } });
    const outcome = await runReview(job(), deps);
    expect(outcome).toMatchObject({ outcome: "nothing-to-check", findings: 0 });
    const summary = (bodyOf(mock, "PATCH", /check-runs/) as unknown as Completion).output.summary;
    expect(summary).toMatch(/djperf analysed 0 of \d+ changed Python files: byte budget of 10 bytes reached/);
    expect(summary).toContain("shop/views.py");
  });

  it("max_findings: reports the first findings only and says how many were found", async () => {
    const unlimited = run({});
    const all = await runReview(job(), unlimited.deps);
    nock.cleanAll();
    expect(all.findings).toBeGreaterThan(2);
    expect((bodyOf(unlimited.mock, "PATCH", /check-runs/) as unknown as Completion).output.summary).not.toContain("analysis.max_findings");

    const { mock, deps } = run({ analysis: { max_findings: 2 } });
    const outcome = await runReview(job(), deps);
    const summary = (bodyOf(mock, "PATCH", /check-runs/) as unknown as Completion).output.summary;
    expect(summary).toContain(`djperf found ${all.findings} findings and reports the first 2 (\`analysis.max_findings: 2\`)`);
    expect(outcome.commentsPosted).toBeLessThanOrEqual(2);
  });

  it("the limits are bounded in the config schema", async () => {
    const { validateConfig } = await import("../../src/config/load.js");
    expect(validateConfig({ analysis: { max_files: 5000 } }).problems).not.toEqual([]);
    expect(validateConfig({ analysis: { max_findings: 0 } }).problems).not.toEqual([]);
    expect(validateConfig({ analysis: { max_review_bytes: 1024 ** 3 } }).problems).not.toEqual([]);
    expect(validateConfig({ analysis: { max_review_bytes: -1 } }).problems).not.toEqual([]);
    expect(validateConfig({}).config.analysis.max_review_bytes).toBe(32 * 1024 * 1024);
    expect(validateConfig({ analysis: { max_review_bytes: 5_000_000 } })).toMatchObject({ problems: [], config: { analysis: { max_review_bytes: 5_000_000 } } });
    expect(validateConfig({ analysis: { max_files: 300, max_findings: 50 } })).toMatchObject({ problems: [], config: { analysis: { max_files: 300, max_findings: 50 } } });
  });
});
