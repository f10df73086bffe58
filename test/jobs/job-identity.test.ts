/**
 * One job identity (issue 14, item 2): the check run a review creates, the one a superseded or
 * given-up review gets, and the one start-up recovery looks for all carry the commit key that the
 * queues dedupe on, whatever case the webhook spelled the repository in.
 */
import { describe, expect, it } from "vitest";
import { commitKey, jobKey } from "../../src/jobs/job.js";
import { isCommitKey, pullRequestKey } from "../../src/pipeline/job-identity.js";
import { runReview } from "../../src/pipeline/run-review.js";
import { processSupersededJob } from "../../src/jobs/superseded-job.js";
import { reportGaveUp } from "../../src/jobs/gave-up-job.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import type { GitHubGateway } from "../../src/github/gateway.js";
import type { JobDependencies } from "../../src/jobs/process-job.js";
import { silentLogger } from "../../src/github/logger.js";
import { reviewJob, sha } from "./factories.js";

/** A gateway that records the external_ids of created check runs and refuses every other read. */
function recordingGateway(externalIds: string[]): GitHubGateway {
  const gateway = {
    createCheckRun: async (_ref: unknown, body: { external_id: string }) => {
      externalIds.push(body.external_id);
      return { id: externalIds.length };
    },
    updateCheckRun: async () => ({}),
    withSignal: () => gateway,
    listPullFiles: async () => {
      throw new Error("not part of this test");
    },
  };
  return gateway as unknown as GitHubGateway;
}

const mixedCase = reviewJob({ owner: "Acme", repo: "Shop", headSha: "A".repeat(40) });

describe("job identity", () => {
  it("a review's dedupe key is its commit key, and both ignore case", () => {
    expect(jobKey(mixedCase)).toBe(commitKey(mixedCase));
    expect(commitKey(mixedCase)).toBe(`acme/shop#7@${sha("a")}`);
    expect(pullRequestKey(mixedCase)).toBe("acme/shop#7");
    expect(jobKey({ ...mixedCase, trigger: "ready_for_review" })).toBe(`${commitKey(mixedCase)}/ready`);
  });

  it("runReview, the superseded job and the given-up report name their check run by the queued job's key", async () => {
    const externalIds: string[] = [];
    const gateway = recordingGateway(externalIds);
    await runReview(mixedCase, { gateway, config: { config: DEFAULT_CONFIG, problems: [] }, rules: [], logger: silentLogger });
    const deps = { installation: async () => ({ gateway, octokit: {} }), log: silentLogger } as unknown as JobDependencies;
    await processSupersededJob({ kind: "superseded", installationId: 1, owner: "Acme", repo: "Shop", pr: 7, headSha: "A".repeat(40), newerSha: sha("c") }, deps);
    await reportGaveUp(mixedCase, new Error("gave up"), deps);
    expect(externalIds).toEqual([jobKey(mixedCase), jobKey(mixedCase), jobKey(mixedCase)]);
  });

  it("recovery recognises its own check runs, also those an older version named in mixed case", () => {
    const ref = { owner: "acme", repo: "shop", pr: 7, headSha: sha("a") };
    expect(isCommitKey(`Acme/Shop#7@${"A".repeat(40)}`, ref)).toBe(true);
    expect(isCommitKey(commitKey(mixedCase), ref)).toBe(true);
    expect(isCommitKey(`acme/shop#8@${sha("a")}`, ref)).toBe(false);
    expect(isCommitKey(null, ref)).toBe(false);
  });
});
