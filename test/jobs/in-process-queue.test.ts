import { describe, expect, it, vi } from "vitest";
import { InProcessQueue } from "../../src/jobs/in-process-queue.js";
import { jobKey, type Job, type ReviewJob } from "../../src/jobs/job.js";
import { ShutdownError, type JobRunContext } from "../../src/jobs/queue.js";
import { Superseded } from "../../src/pipeline/run-review.js";
import { commandJob, reviewJob, sha } from "./factories.js";

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A processor whose jobs run until the test releases them, recording what ran, in which order, and
 * the most jobs that were running at once.
 */
function heldProcessor() {
  const started: string[] = [];
  const contexts = new Map<string, JobRunContext>();
  const releases = new Map<string, Deferred>();
  const startWaiters = new Map<string, Deferred>();
  let running = 0;
  let maxRunning = 0;
  const waiterFor = (key: string) => {
    let d = startWaiters.get(key);
    if (!d) startWaiters.set(key, (d = deferred()));
    return d;
  };
  const releaseFor = (key: string) => {
    let d = releases.get(key);
    if (!d) releases.set(key, (d = deferred()));
    return d;
  };
  return {
    started,
    contexts,
    get maxRunning() {
      return maxRunning;
    },
    process: async (job: Job, context: JobRunContext) => {
      const key = jobKey(job);
      started.push(key);
      contexts.set(key, context);
      running++;
      maxRunning = Math.max(maxRunning, running);
      waiterFor(key).resolve();
      await releaseFor(key).promise;
      running--;
    },
    /** Resolves once the job with this key has started. */
    started$: (job: Job) => waiterFor(jobKey(job)).promise,
    release: (job: Job) => releaseFor(jobKey(job)).resolve(),
  };
}

describe("InProcessQueue: dedupe", () => {
  it("runs a redelivered job once, while queued, running and after it finished", async () => {
    const held = heldProcessor();
    const queue = new InProcessQueue({ process: held.process });
    const job = reviewJob();
    expect(queue.enqueue(job)).toEqual({ status: "queued", key: "acme/shop#7@" + sha("a") });
    expect(queue.enqueue({ ...job, deliveryId: "redelivered" }).status).toBe("duplicate");
    await held.started$(job);
    expect(queue.enqueue(job).status).toBe("duplicate");
    held.release(job);
    await queue.idle();
    expect(queue.enqueue(job).status).toBe("duplicate");
    expect(held.started).toEqual([jobKey(job)]);
  });

  it("runs the same commit again when asked to: ready for review, re-run, recheck", async () => {
    const seen: string[] = [];
    const queue = new InProcessQueue({ process: async (job) => void seen.push(jobKey(job)) });
    const opened = reviewJob({ draft: true });
    queue.enqueue(opened);
    await queue.idle();
    for (const job of [
      reviewJob({ trigger: "ready_for_review", deliveryId: "d2" }),
      reviewJob({ trigger: "rerequested", deliveryId: "d3" }),
      reviewJob({ trigger: "recheck", deliveryId: "d4" }),
    ]) {
      expect(queue.enqueue(job).status).toBe("queued");
      await queue.idle();
    }
    expect(seen).toEqual([
      `acme/shop#7@${sha("a")}`,
      `acme/shop#7@${sha("a")}/ready`,
      `acme/shop#7@${sha("a")}/rerequested:d3`,
      `acme/shop#7@${sha("a")}/recheck:d4`,
    ]);
  });

  it("forgets the oldest keys beyond its memory", async () => {
    const seen: string[] = [];
    const queue = new InProcessQueue({ process: async (job) => void seen.push(jobKey(job)), memory: 2 });
    for (const pr of [1, 2, 3]) queue.enqueue(reviewJob({ pr }));
    await queue.idle();
    expect(queue.enqueue(reviewJob({ pr: 3 })).status).toBe("duplicate");
    expect(queue.enqueue(reviewJob({ pr: 1 })).status).toBe("queued");
  });
});

describe("InProcessQueue: lanes and concurrency", () => {
  it("never runs more reviews at once than the lane allows", async () => {
    const held = heldProcessor();
    const queue = new InProcessQueue({ process: held.process, concurrency: { review: 2 } });
    const jobs = [1, 2, 3, 4].map((pr) => reviewJob({ pr }));
    for (const job of jobs) queue.enqueue(job);
    await held.started$(jobs[0]!);
    await held.started$(jobs[1]!);
    expect(held.started).toHaveLength(2);
    expect(queue.snapshot()).toEqual({ closed: false, pending: { review: 2, command: 0 }, running: { review: 2, command: 0 } });
    held.release(jobs[0]!);
    await held.started$(jobs[2]!);
    expect(held.started).toHaveLength(3);
    for (const job of jobs) held.release(job);
    await queue.idle();
    expect(held.started).toHaveLength(4);
    expect(held.maxRunning).toBe(2);
  });

  it("runs commands while every review slot is busy", async () => {
    const held = heldProcessor();
    const queue = new InProcessQueue({ process: held.process, concurrency: { review: 1, command: 1 } });
    const reviews = [reviewJob({ pr: 1 }), reviewJob({ pr: 2 })];
    const command = commandJob();
    for (const job of reviews) queue.enqueue(job);
    queue.enqueue(command);
    await held.started$(command);
    expect(held.started).toEqual([jobKey(reviews[0]!), jobKey(command)]);
    held.release(command);
    for (const job of reviews) held.release(job);
    await queue.idle();
  });

  it("runs the jobs of one pull request one after the other", async () => {
    const held = heldProcessor();
    const queue = new InProcessQueue({ process: held.process, concurrency: { review: 4 } });
    const first = reviewJob();
    const recheck = reviewJob({ trigger: "recheck", deliveryId: "d9" });
    const other = reviewJob({ pr: 8 });
    queue.enqueue(first);
    await held.started$(first);
    queue.enqueue(recheck);
    queue.enqueue(other);
    await held.started$(other);
    expect(held.started).toEqual([jobKey(first), jobKey(other)]);
    held.release(first);
    await held.started$(recheck);
    held.release(recheck);
    held.release(other);
    await queue.idle();
    expect(held.contexts.get(jobKey(first))?.signal.aborted).toBe(false);
  });

  it("keeps running jobs after one throws", async () => {
    const errors: object[] = [];
    const log = { info: vi.fn(), warn: vi.fn(), error: (obj: object) => void errors.push(obj) };
    const seen: number[] = [];
    const queue = new InProcessQueue({
      log,
      concurrency: { review: 1 },
      process: async (job) => {
        if (job.kind === "review" && job.pr === 1) throw new Error("boom");
        if (job.kind === "review") seen.push(job.pr);
      },
    });
    queue.enqueue(reviewJob({ pr: 1 }));
    queue.enqueue(reviewJob({ pr: 2 }));
    await queue.idle();
    expect(seen).toEqual([2]);
    expect(errors).toEqual([expect.objectContaining({ key: `acme/shop#1@${sha("a")}` })]);
  });

  it("rejects a lane without slots", () => {
    expect(() => new InProcessQueue({ process: async () => {}, concurrency: { command: 0 } })).toThrow(/command lane/);
  });
});

describe("InProcessQueue: supersede", () => {
  it("drops a queued review when a newer commit of its pull request arrives, and reports it", async () => {
    const held = heldProcessor();
    const superseded: [ReviewJob, ReviewJob][] = [];
    const queue = new InProcessQueue({ process: held.process, concurrency: { review: 1 }, onSuperseded: (a, b) => void superseded.push([a, b]) });
    const blocker = reviewJob({ pr: 99 });
    const older = reviewJob({ headSha: sha("1"), trigger: "opened" });
    const newer = reviewJob({ headSha: sha("2"), trigger: "synchronize", deliveryId: "d2" });
    queue.enqueue(blocker);
    await held.started$(blocker);
    queue.enqueue(older);
    queue.enqueue(newer);
    expect(superseded).toEqual([[older, newer]]);
    expect(queue.snapshot().pending.review).toBe(1);
    held.release(blocker);
    await held.started$(newer);
    held.release(newer);
    await queue.idle();
    expect(held.started).toEqual([jobKey(blocker), jobKey(newer)]);
  });

  it("treats a late delivery for a superseded commit as stale", async () => {
    const held = heldProcessor();
    const queue = new InProcessQueue({ process: held.process });
    const older = reviewJob({ headSha: sha("1") });
    const newer = reviewJob({ headSha: sha("2"), trigger: "synchronize" });
    queue.enqueue(older);
    await held.started$(older);
    queue.enqueue(newer);
    expect(queue.enqueue(reviewJob({ headSha: sha("1"), trigger: "ready_for_review" })).status).toBe("stale");
    held.release(older);
    held.release(newer);
    await queue.idle();
    expect(held.started).toEqual([jobKey(older), jobKey(newer)]);
  });

  it("aborts a running review of an older commit and runs the newer one after it", async () => {
    const held = heldProcessor();
    const queue = new InProcessQueue({ process: held.process });
    const older = reviewJob({ headSha: sha("1") });
    const newer = reviewJob({ headSha: sha("2"), trigger: "synchronize" });
    queue.enqueue(older);
    await held.started$(older);
    const signal = held.contexts.get(jobKey(older))!.signal;
    expect(signal.aborted).toBe(false);
    queue.enqueue(newer);
    expect(signal.reason).toBeInstanceOf(Superseded);
    expect((signal.reason as Superseded).newSha).toBe(sha("2"));
    expect(held.started).toEqual([jobKey(older)]);
    held.release(older);
    await held.started$(newer);
    held.release(newer);
    await queue.idle();
  });

  it("replaces a queued review of the same commit without reporting a supersede", async () => {
    const held = heldProcessor();
    const onSuperseded = vi.fn();
    const queue = new InProcessQueue({ process: held.process, concurrency: { review: 1 }, onSuperseded });
    const blocker = reviewJob({ pr: 99 });
    queue.enqueue(blocker);
    await held.started$(blocker);
    queue.enqueue(reviewJob({ draft: true }));
    const ready = reviewJob({ trigger: "ready_for_review", deliveryId: "d2" });
    queue.enqueue(ready);
    held.release(blocker);
    await held.started$(ready);
    held.release(ready);
    await queue.idle();
    expect(onSuperseded).not.toHaveBeenCalled();
    expect(held.started).toEqual([jobKey(blocker), jobKey(ready)]);
  });

  it("never supersedes across pull requests or repositories", async () => {
    const held = heldProcessor();
    const onSuperseded = vi.fn();
    const queue = new InProcessQueue({ process: held.process, concurrency: { review: 1 }, onSuperseded });
    const jobs = [reviewJob({ headSha: sha("1") }), reviewJob({ pr: 8, headSha: sha("2") }), reviewJob({ repo: "blog", headSha: sha("3") })];
    for (const job of jobs) queue.enqueue(job);
    for (const job of jobs) {
      await held.started$(job);
      held.release(job);
    }
    await queue.idle();
    expect(onSuperseded).not.toHaveBeenCalled();
    expect(held.contexts.get(jobKey(jobs[0]!))!.signal.aborted).toBe(false);
  });
});

describe("InProcessQueue: shutdown", () => {
  it("drain refuses new jobs and waits for queued and running ones", async () => {
    const held = heldProcessor();
    const queue = new InProcessQueue({ process: held.process, concurrency: { review: 1 } });
    const [a, b] = [reviewJob({ pr: 1 }), reviewJob({ pr: 2 })];
    queue.enqueue(a);
    queue.enqueue(b);
    await held.started$(a);
    let drained = false;
    const draining = queue.drain().then(() => (drained = true));
    expect(queue.enqueue(reviewJob({ pr: 3 })).status).toBe("closed");
    held.release(a);
    await held.started$(b);
    expect(drained).toBe(false);
    held.release(b);
    await draining;
    expect(held.started).toEqual([jobKey(a), jobKey(b)]);
  });

  it("abortAll drops queued jobs and aborts running ones with the reason", async () => {
    const held = heldProcessor();
    const queue = new InProcessQueue({ process: held.process, concurrency: { review: 1 } });
    const [a, b] = [reviewJob({ pr: 1 }), reviewJob({ pr: 2 })];
    queue.enqueue(a);
    queue.enqueue(b);
    await held.started$(a);
    queue.abortAll("server stopping");
    const { reason } = held.contexts.get(jobKey(a))!.signal;
    expect(reason).toBeInstanceOf(ShutdownError);
    expect((reason as ShutdownError).message).toBe("server stopping");
    held.release(a);
    await queue.idle();
    expect(held.started).toEqual([jobKey(a)]);
  });
});
