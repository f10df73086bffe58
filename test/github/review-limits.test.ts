/**
 * Per-review limits (issue 12, "Limits per job"): `analysis.max_files` and `analysis.max_findings`
 * bound one review, and the check run says how much was analysed and reported when one is hit.
 */
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runReview } from "../../src/pipeline/run-review.js";
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
    const of = Number(/djperf analysed 1 of (\d+) changed Python files \(`analysis\.max_files: 1`\)/.exec(summary)?.[1]);
    expect(of).toBeGreaterThan(1);
    expect(of).toBeLessThanOrEqual(pythonFiles);
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
    expect(validateConfig({ analysis: { max_files: 300, max_findings: 50 } })).toMatchObject({ problems: [], config: { analysis: { max_files: 300, max_findings: 50 } } });
  });
});
