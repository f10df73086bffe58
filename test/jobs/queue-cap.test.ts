/**
 * The in-process queue's length cap (issue 12, low): over the cap a job is refused, nothing queued is
 * dropped, the refusal is logged, a refused review's commit gets a check run saying so, and a newer
 * commit of a pull request that already waits still gets in (it replaces the older one).
 */
import { describe, expect, it } from "vitest";
import { InProcessQueue } from "../../src/jobs/in-process-queue.js";
import type { Job, ReviewJob } from "../../src/jobs/job.js";
import { processRefusedJob } from "../../src/jobs/refused-job.js";
import type { JobDependencies } from "../../src/jobs/process-job.js";
import type { GitHubGateway } from "../../src/github/gateway.js";
import { silentLogger } from "../../src/github/logger.js";
import { readRuntimeConfig } from "../../src/runtime-config.js";
import { deferred } from "../support/redis.js";
import { commandJob, reviewJob, sha } from "./factories.js";

function heldQueue(maxQueued: { review?: number; command?: number }) {
  const release = deferred();
  const ran: Job[] = [];
  const refused: [string, number][] = [];
  const warnings: string[] = [];
  const log = { info: () => undefined, error: () => undefined, warn: (_o: object, message: string) => void warnings.push(message) };
  const queue = new InProcessQueue({
    concurrency: { review: 1, command: 1 },
    maxQueued,
    log,
    process: async (job) => {
      ran.push(job);
      await release.promise;
    },
    onRefused: (job, queued) => void refused.push([job.headSha, queued]),
  });
  return { queue, ran, refused, warnings, release: release.resolve };
}

const pr = (n: number, char: string, over: Partial<ReviewJob> = {}) => reviewJob({ pr: n, headSha: sha(char), ...over });

describe("in-process queue cap", () => {
  it("refuses a review over the cap, keeps every queued one, and reports the refused commit", async () => {
    const { queue, ran, refused, warnings, release } = heldQueue({ review: 2 });
    expect(queue.enqueue(pr(1, "1")).status).toBe("queued"); // runs
    expect(queue.enqueue(pr(2, "2")).status).toBe("queued");
    expect(queue.enqueue(pr(3, "3")).status).toBe("queued");
    expect(queue.enqueue(pr(4, "4")).status).toBe("full");
    expect(refused).toEqual([[sha("4"), 2]]);
    expect(warnings).toEqual(["queue full: review job refused"]);
    // Not remembered: once there is room, the redelivery gets in.
    release();
    await queue.idle();
    expect(queue.enqueue(pr(4, "4")).status).toBe("queued");
    await queue.idle();
    expect(ran.map((j) => (j as ReviewJob).pr)).toEqual([1, 2, 3, 4]);
  });

  it("a newer commit of a pull request already waiting replaces it, even when the lane is full", async () => {
    const { queue, refused } = heldQueue({ review: 2 });
    queue.enqueue(pr(1, "1"));
    queue.enqueue(pr(2, "2"));
    queue.enqueue(pr(3, "3"));
    expect(queue.enqueue(pr(3, "5", { trigger: "synchronize" })).status).toBe("queued");
    expect(queue.snapshot().pending.review).toBe(2);
    expect(refused).toEqual([]);
  });

  it("caps the command lane on its own", async () => {
    const { queue } = heldQueue({ command: 1 });
    queue.enqueue(commandJob({ comment: { kind: "issue", id: 1, author: "a" } })); // runs
    expect(queue.enqueue(commandJob({ comment: { kind: "issue", id: 2, author: "a" } })).status).toBe("queued");
    expect(queue.enqueue(commandJob({ comment: { kind: "issue", id: 3, author: "a" } })).status).toBe("full");
    expect(queue.enqueue(pr(1, "1")).status).toBe("queued");
  });

  it("is configured by DJPERF_MAX_QUEUED_REVIEWS and DJPERF_MAX_QUEUED_COMMANDS", () => {
    expect(readRuntimeConfig({ DJPERF_MAX_QUEUED_REVIEWS: "50", DJPERF_MAX_QUEUED_COMMANDS: "80" }).maxQueued).toEqual({ review: 50, command: 80 });
    expect(() => readRuntimeConfig({ DJPERF_MAX_QUEUED_REVIEWS: "0" })).toThrow(/positive integer/);
    expect(() => new InProcessQueue({ process: async () => {}, maxQueued: { review: 0 } })).toThrow(/maxQueued/);
  });

  it("the refused commit's check run is completed neutral with the reason", async () => {
    const calls: { external_id?: string; conclusion?: string; output?: { title: string; summary: string } }[] = [];
    const gateway = {
      createCheckRun: async (_ref: unknown, body: { external_id: string }) => (calls.push(body), { id: 9 }),
      updateCheckRun: async (_ref: unknown, _id: number, body: (typeof calls)[number]) => (calls.push(body), {}),
    } as unknown as GitHubGateway;
    const deps = { installation: async () => ({ gateway, octokit: {} }), log: silentLogger } as unknown as JobDependencies;
    await processRefusedJob({ kind: "refused", installationId: 1, owner: "acme", repo: "shop", pr: 4, headSha: sha("4"), queued: 500 }, deps);
    expect(calls[0]).toMatchObject({ external_id: `acme/shop#4@${sha("4")}` });
    expect(calls[1]).toMatchObject({ conclusion: "neutral", output: { title: "Not reviewed: djperf's queue is full" } });
    expect(calls[1]!.output!.summary).toContain("500 reviews waiting");
  });
});
