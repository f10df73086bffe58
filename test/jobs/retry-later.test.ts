/**
 * A job put back until a GitHub rate limit resets (RetryLater, issue 12 item 7), in both queues: it
 * runs again after the delay with the job the processor handed back, its key stays taken meanwhile
 * (a redelivery is a duplicate), and a newer commit supersedes it. BullMQ keeps it as a delayed job.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Job, ReviewJob } from "../../src/jobs/job.js";
import { InProcessQueue } from "../../src/jobs/in-process-queue.js";
import { RetryLater, type JobProcessor } from "../../src/jobs/queue.js";
import { RedisQueue } from "../../src/jobs/redis-queue.js";
import { deferred, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from "../support/redis.js";
import { reviewJob, sha } from "./factories.js";

/** Puts the first run of every review back for `delayMs`, then records the runs. */
function limitedOnce(delayMs: number, runs: ReviewJob[]): JobProcessor {
  return async (job) => {
    if (job.kind !== "review") return;
    runs.push(job);
    if ((job.deferrals ?? 0) === 0) throw new RetryLater(delayMs, { ...job, deferrals: 1 });
  };
}

describe("InProcessQueue and RetryLater", () => {
  it("runs the handed-back job after the delay; a redelivery meanwhile is a duplicate", async () => {
    const runs: ReviewJob[] = [];
    const done = deferred();
    const queue = new InProcessQueue({ process: async (job, context) => {
      await limitedOnce(300, runs)(job, context);
      if (runs.length === 2) done.resolve();
    } });
    const started = Date.now();
    queue.enqueue(reviewJob());
    await queue.idle();
    expect(await queue.depth()).toMatchObject({ review: { delayed: 1, waiting: 0, active: 0 } });
    expect(queue.enqueue(reviewJob({ deliveryId: "redelivery" })).status).toBe("duplicate");
    await done.promise;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(runs.map((j) => j.deferrals ?? 0)).toEqual([0, 1]);
    await queue.idle();
    expect(await queue.depth()).toMatchObject({ review: { delayed: 0 } });
  });

  it("a newer commit supersedes a deferred review (its commit is reported superseded); shutdown drops deferred jobs", async () => {
    const superseded: string[] = [];
    const runs: ReviewJob[] = [];
    const queue = new InProcessQueue({ process: limitedOnce(60_000, runs), onSuperseded: (older, newer) => void superseded.push(`${older.headSha}->${newer.headSha}`) });
    queue.enqueue(reviewJob({ headSha: sha("1") }));
    await queue.idle();
    queue.enqueue(reviewJob({ headSha: sha("2"), trigger: "synchronize" }));
    await queue.idle();
    expect(superseded).toEqual([`${sha("1")}->${sha("2")}`]);
    expect(await queue.depth()).toMatchObject({ review: { delayed: 1 } }); // the newer one, itself limited
    await queue.drain();
    expect(await queue.depth()).toMatchObject({ review: { delayed: 0 } });
    expect(runs.map((j) => j.headSha)).toEqual([sha("1"), sha("2")]);
  });
});

describe.skipIf(!redisAvailable)("RedisQueue and RetryLater on the real Redis", () => {
  const prefixes: string[] = [];
  const queues: RedisQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    for (const p of prefixes.splice(0)) await deleteKeys(p);
  });

  it("moves the job to BullMQ's delayed set with the handed-back data, without spending an attempt, and runs it after the delay", async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const runs: ReviewJob[] = [];
    const firstRun = deferred();
    const process: JobProcessor = async (job: Job, context) => {
      try {
        await limitedOnce(700, runs)(job, context);
      } finally {
        firstRun.resolve();
      }
    };
    const queue = new RedisQueue({ url: REDIS_URL, prefix, process, retry: { attempts: 1, backoffMs: 1 } });
    queues.push(queue);
    await queue.enqueue(reviewJob());
    await firstRun.promise;
    await expect.poll(async () => (await queue.depth()).review.delayed, { timeout: 2_000, interval: 50 }).toBe(1);
    expect((await queue.enqueue(reviewJob({ deliveryId: "redelivery" }))).status).toBe("duplicate");
    await queue.idle();
    // One attempt allowed: a RetryLater counted as a failed attempt would have failed the job for good.
    expect(runs.map((j) => j.deferrals ?? 0)).toEqual([0, 1]);
    expect(await queue.depth()).toEqual({ review: { waiting: 0, active: 0, delayed: 0, failed: 0 }, command: { waiting: 0, active: 0, delayed: 0, failed: 0 } });
  });
});
