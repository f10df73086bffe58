/**
 * A review that exhausted its retries on the Redis queue (issue 14, item 1): its commit gets a djperf
 * check run completed neutral with the reason, so no commit waits on a check that never comes; a
 * command that gave up is only logged.
 */
import { describe, expect, it } from "vitest";
import { reportGaveUp } from "../../src/jobs/gave-up-job.js";
import { GitHubApiError } from "../../src/github/errors.js";
import type { GitHubGateway } from "../../src/github/gateway.js";
import type { JobDependencies } from "../../src/jobs/process-job.js";
import { silentLogger } from "../../src/github/logger.js";
import { commandJob, reviewJob } from "./factories.js";

type Body = { head_sha?: string; status?: string; conclusion?: string; output?: { title: string; summary: string } };

function recording() {
  const created: Body[] = [];
  const updated: Body[] = [];
  const gateway = {
    createCheckRun: async (_ref: unknown, body: Body) => (created.push(body), { id: 31 }),
    updateCheckRun: async (_ref: unknown, _id: number, body: Body) => (updated.push(body), {}),
  } as unknown as GitHubGateway;
  const deps = { installation: async () => ({ gateway, octokit: {} }), log: silentLogger } as unknown as JobDependencies;
  return { created, updated, deps };
}

describe("reportGaveUp", () => {
  it("completes a given-up review's check run neutral, with the error as the reason", async () => {
    const { created, updated, deps } = recording();
    const job = reviewJob();
    await reportGaveUp(job, new GitHubApiError("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { status: 503, headers: {}, message: "Service Unavailable", errors: [], graphqlRateLimited: false }), deps);
    expect(created).toEqual([expect.objectContaining({ head_sha: job.headSha })]);
    const completion = updated.at(-1)!;
    expect(completion).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(`${completion.output?.title}\n${completion.output?.summary}`).toMatch(/Service Unavailable|503/);
  });

  it("creates no check run for a command that gave up", async () => {
    const { created, updated, deps } = recording();
    await reportGaveUp(commandJob(), new Error("a bug"), deps);
    expect([...created, ...updated]).toEqual([]);
  });
});
