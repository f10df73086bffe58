/**
 * The BullMQ queue against the real Redis: dedupe that survives a restart, superseding queued and
 * running reviews across processes, retries, giving up, and handing jobs back on shutdown. Jobs run
 * through a recording processor; waits are on events (the processor's own promises, `idle()`).
 */
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubApiError } from "../../src/github/errors.js";
import type { Job } from "../../src/jobs/job.js";
import type { JobProcessor } from "../../src/jobs/queue.js";
import { RedisQueue, type RedisQueueOptions } from "../../src/jobs/redis-queue.js";
import { Superseded } from "../../src/pipeline/run-review.js";
import { commandJob, reviewJob, sha } from "./factories.js";
import { countKeys, deferred, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from "../support/redis.js";

const queues: RedisQueue[] = [];
const prefixes: string[] = [];

function queue(prefix: string, options: Partial<RedisQueueOptions> = {}): RedisQueue {
  const q = new RedisQueue({ url: REDIS_URL, prefix, retry: { attempts: 3, backoffMs: 1 }, busyRetryMs: 20, ...options });
  queues.push(q);
  return q;
}

function prefix(): string {
  const p = uniquePrefix();
  prefixes.push(p);
  return p;
}

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close();
  for (const p of prefixes.splice(0)) await deleteKeys(p);
});

const gatewayFailure = (status: number) => new GitHubApiError("POST /repos/{owner}/{repo}/check-runs", { status, headers: {}, message: "Server Error", errors: [], graphqlRateLimited: false });

describe.skipIf(!redisAvailable)("RedisQueue on the real Redis", () => {
  it("dedupes redeliveries, also in a new process on the same Redis", async () => {
    const p = prefix();
    const receiver = queue(p);
    expect((await receiver.enqueue(reviewJob())).status).toBe("queued");
    expect((await receiver.enqueue(reviewJob({ deliveryId: "redelivered" }))).status).toBe("duplicate");
    expect((await receiver.enqueue(commandJob())).status).toBe("queued");
    const restarted = queue(p);
    expect((await restarted.enqueue(reviewJob())).status).toBe("duplicate");
    expect((await restarted.enqueue(commandJob())).status).toBe("duplicate");
    expect(await restarted.depth()).toEqual({ review: { waiting: 1, active: 0, delayed: 0, failed: 0 }, command: { waiting: 1, active: 0, delayed: 0, failed: 0 } });
  });

  it("drops a queued older review for a newer commit and marks it superseded; a late delivery of the older commit is stale", async () => {
    const p = prefix();
    const receiver = queue(p);
    await receiver.enqueue(reviewJob({ headSha: sha("1") }));
    await queue(p).enqueue(reviewJob({ headSha: sha("2"), trigger: "synchronize" }));
    expect((await receiver.enqueue(reviewJob({ headSha: sha("1"), deliveryId: "late" , trigger: "reopened"}))).status).toBe("stale");

    const ran: Job[] = [];
    const worker = queue(p, { process: async (job) => void ran.push(job) });
    await worker.idle();
    expect(ran.map((j) => [j.kind, "headSha" in j ? j.headSha : undefined])).toEqual(
      expect.arrayContaining([
        ["review", sha("2")],
        ["superseded", sha("1")],
      ]),
    );
    expect(ran).toHaveLength(2);
    expect(ran.find((j) => j.kind === "superseded")).toMatchObject({ newerSha: sha("2") });
  });

  it("stops a review running in another process when a newer commit arrives, then runs the newer one", async () => {
    const p = prefix();
    const started = deferred();
    const reasons: unknown[] = [];
    const ran: string[] = [];
    const process: JobProcessor = async (job, { signal }) => {
      if (job.kind !== "review") return;
      ran.push(job.headSha);
      if (job.headSha !== sha("1")) return;
      started.resolve();
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      reasons.push(signal.reason);
    };
    const worker = queue(p, { process });
    await worker.enqueue(reviewJob({ headSha: sha("1") }));
    await started.promise;
    const receiver = queue(p);
    expect((await receiver.enqueue(reviewJob({ headSha: sha("2"), trigger: "synchronize" }))).status).toBe("queued");
    await receiver.idle();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(Superseded);
    expect((reasons[0] as Superseded).newSha).toBe(sha("2"));
    // The newer review waited for the pull request's lock, then ran once.
    expect(ran).toEqual([sha("1"), sha("2")]);
  });

  it("runs a command while every review slot is taken: the command queue is never stuck behind reviews", async () => {
    const p = prefix();
    const release = deferred();
    const reviewsStarted = deferred();
    const commandRan = deferred<Job>();
    let running = 0;
    const worker = queue(p, {
      concurrency: { review: 1, command: 1 },
      process: async (job) => {
        if (job.kind === "command") return commandRan.resolve(job);
        running++;
        reviewsStarted.resolve();
        await release.promise;
        running--;
      },
    });
    await worker.enqueue(reviewJob({ pr: 1, headSha: sha("1") }));
    await worker.enqueue(reviewJob({ pr: 2, headSha: sha("2") }));
    await reviewsStarted.promise;
    await worker.enqueue(commandJob());
    // The command ran while a review held the only review slot and another review waited.
    expect(await commandRan.promise).toMatchObject({ kind: "command" });
    expect(running).toBe(1);
    expect(await worker.depth()).toMatchObject({ review: { waiting: 1, active: 1 } });
    release.resolve();
    await worker.idle();
  });

  it("runs one review per pull request at a time, across two workers", async () => {
    const p = prefix();
    let active = 0;
    let most = 0;
    const firstStarted = deferred();
    const concurrent = deferred();
    const release = deferred();
    const process: JobProcessor = async () => {
      active++;
      most = Math.max(most, active);
      if (active > 1) concurrent.resolve();
      if (most === 1 && active === 1 && !released) {
        firstStarted.resolve();
        await release.promise;
      }
      active--;
    };
    let released = false;
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const events = new QueueEvents("review", { connection: client, prefix: p });
    await events.waitUntilReady();
    let delayed = 0;
    const othersPostponed = deferred();
    events.on("delayed", () => ++delayed >= 2 && othersPostponed.resolve());
    const a = queue(p, { process });
    queue(p, { process });
    // The same commit reviewed for three reasons: three jobs, and slots free on both workers.
    await a.enqueue(reviewJob({ trigger: "opened" }));
    await firstStarted.promise;
    await a.enqueue(reviewJob({ trigger: "recheck", deliveryId: "c1" }));
    await a.enqueue(reviewJob({ trigger: "rerequested", deliveryId: "r1" }));
    // The others are postponed while the first holds the pull request (or, wrongly, run beside it).
    await Promise.race([othersPostponed.promise, concurrent.promise]);
    released = true;
    release.resolve();
    await a.idle();
    await events.close();
    client.disconnect();
    expect(most).toBe(1);
  });

  it("retries transient GitHub failures with backoff, and gives up on other errors at once", async () => {
    const p = prefix();
    const attempts = new Map<string, number>();
    const gaveUp: [Job, unknown][] = [];
    const process: JobProcessor = async (job) => {
      const n = (attempts.get(job.kind) ?? 0) + 1;
      attempts.set(job.kind, n);
      if (job.kind === "review" && n < 3) throw gatewayFailure(502);
      if (job.kind === "command") throw new Error("a bug");
    };
    const worker = queue(p, { process, onGaveUp: async (job, error) => void gaveUp.push([job, error]) });
    await worker.enqueue(reviewJob());
    await worker.enqueue(commandJob());
    await worker.idle();
    expect(attempts.get("review")).toBe(3);
    expect(attempts.get("command")).toBe(1);
    expect(gaveUp.map(([job, error]) => [job.kind, (error as Error).message])).toEqual([["command", "a bug"]]);
  });

  it("gives up after the last attempt of a transient failure and reports the job", async () => {
    const p = prefix();
    let calls = 0;
    const gaveUp = deferred<[Job, unknown]>();
    const worker = queue(p, {
      process: async () => {
        calls++;
        throw gatewayFailure(503);
      },
      onGaveUp: async (job, error) => gaveUp.resolve([job, error]),
    });
    await worker.enqueue(reviewJob());
    const [job, error] = await gaveUp.promise;
    await worker.idle();
    expect(calls).toBe(3);
    expect(job).toMatchObject({ kind: "review", headSha: sha("a") });
    expect((error as GitHubApiError).status).toBe(503);
    expect(await worker.depth()).toMatchObject({ review: { waiting: 0, active: 0, failed: 1 } });
  });

  // Repeated: a closing worker whose other slot was already waiting used to take the handed-back job
  // again and hang the shutdown (about one run in three). Short locks: should a job still be left
  // active by the closed worker (seen once under heavy load, not reproduced since), the second
  // worker's stalled-job check hands it on within seconds instead of the default 30 s.
  it.each([1, 2, 3, 4, 5, 6])("on shutdown hands a running job back to the queue, where another worker finishes it (round %i)", async () => {
    const p = prefix();
    const started = deferred();
    const first = queue(p, {
      lockMs: 2_000,
      process: async (_job, { signal }) => {
        started.resolve();
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      },
    });
    await first.enqueue(reviewJob());
    await started.promise;
    first.abortAll("djperf was stopped");
    await first.drain();
    expect((await first.enqueue(commandJob())).status).toBe("closed");

    const finished = deferred<Job>();
    const second = queue(p, { lockMs: 2_000, process: async (job) => finished.resolve(job) });
    expect(await finished.promise).toMatchObject({ kind: "review", headSha: sha("a") });
    await second.idle();
  });

  it("answers readiness and leaves no keys behind after cleanup", async () => {
    const p = prefix();
    const q = queue(p);
    expect(await q.ready()).toBe(true);
    await q.enqueue(reviewJob());
    expect(await countKeys(p)).toBeGreaterThan(0);
    await q.close();
    await deleteKeys(p);
    expect(await countKeys(p)).toBe(0);
    const down = queue(prefix(), { url: "redis://127.0.0.1:1" });
    expect(await down.ready()).toBe(false);
  });

  it("rejects an enqueue while Redis is unreachable (the webhook fails and GitHub can redeliver it)", async () => {
    const down = queue(prefix(), { url: "redis://127.0.0.1:1" });
    await expect(down.enqueue(reviewJob())).rejects.toThrow();
    await expect(down.enqueue(commandJob())).rejects.toThrow();
  });
});
