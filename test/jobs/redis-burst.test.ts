/**
 * A burst through two app replicas on one Redis: 500 webhook deliveries for 50 pull requests (three
 * pushes each, the rest redeliveries, some of them late), spread over two real Probot apps that both
 * receive and process, with the real review pipeline against a stateful fake GitHub. Afterwards:
 * no check run in progress, every pull request's latest head has exactly one completed check run and
 * one review, every older head exactly one check run (a finished review or "superseded"), and no
 * comment posted twice. Prints throughput and memory.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver, loadApp, payload } from "../webhooks/support/app.js";
import { APP_OPTIONS } from "../webhooks/support/scenarios.js";
import { deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from "../support/redis.js";
import { FakeGitHub } from "./support/fake-github.js";
import type { JobQueue } from "../../src/jobs/queue.js";

const PRS = 50;
const PUSHES = 3;
const DELIVERIES = 500;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Deterministic pseudo-random numbers (a fixed-seed LCG): the same burst on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

function headSha(pr: number, push: number): string {
  return `${pr.toString(16).padStart(4, "0")}${push.toString(16).padStart(4, "0")}`.padEnd(40, "e");
}

interface Delivery {
  id: string;
  pr: number;
  push: number;
}

/** Per pull request: its pushes in order, with redeliveries of earlier events mixed in after them. */
function burst(rand: () => number): Delivery[] {
  const perPr: Delivery[][] = [];
  for (let pr = 1; pr <= PRS; pr++) {
    const events: Delivery[] = [];
    for (let push = 0; push < PUSHES; push++) events.push({ id: `d-${pr}-${push}`, pr, push });
    const extra = DELIVERIES / PRS - PUSHES;
    for (let i = 0; i < extra; i++) {
      // A redelivery of an event already sent, inserted anywhere after it.
      const at = 1 + Math.floor(rand() * events.length);
      const original = events[Math.floor(rand() * at)]!;
      events.splice(at, 0, { ...original });
    }
    perPr.push(events);
  }
  // Interleave the pull requests' streams at random, keeping each stream's order.
  const out: Delivery[] = [];
  while (perPr.some((s) => s.length > 0)) {
    const open = perPr.filter((s) => s.length > 0);
    out.push(open[Math.floor(rand() * open.length)]!.shift()!);
  }
  return out;
}

/** Consecutive groups of deliveries with at most one per pull request, in the burst's order. */
function waves(deliveries: readonly Delivery[]): Delivery[][] {
  const out: Delivery[][] = [];
  let current: Delivery[] = [];
  for (const d of deliveries) {
    if (current.some((c) => c.pr === d.pr)) {
      out.push(current);
      current = [];
    }
    current.push(d);
  }
  if (current.length > 0) out.push(current);
  return out;
}

const prefix = uniquePrefix();
let github: FakeGitHub;
const queues: JobQueue[] = [];

beforeAll(() => {
  github = new FakeGitHub();
});

afterAll(async () => {
  for (const q of queues) await q.close?.();
  github?.done();
  await deleteKeys(prefix);
});

describe.skipIf(!redisAvailable)("a burst through two replicas on one Redis", () => {
  it(`${DELIVERIES} deliveries for ${PRS} pull requests: one review per latest head, superseded heads completed, nothing in progress, no duplicate comments`, { timeout: 300_000 }, async () => {
    const options = { ...APP_OPTIONS, redis: { url: REDIS_URL, prefix, busyRetryMs: 50 } };
    const replicas = [await loadApp(options), await loadApp(options)];
    queues.push(...replicas.map((r) => r.queue));
    const rand = random(14);
    const deliveries = burst(rand);
    expect(deliveries).toHaveLength(DELIVERIES);

    const memoryBefore = process.memoryUsage();
    // Peak heap while the burst runs (sampled); the peak RSS is the process's own maximum (getrusage).
    let peakHeap = memoryBefore.heapUsed;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 25);
    const started = performance.now();
    const pushed = new Set<string>();
    // Deliveries arrive concurrently, in waves holding at most one delivery per pull request (GitHub
    // sends one pull request's events in order; out-of-order arrival is the `stale` case, tested elsewhere).
    for (const wave of waves(deliveries)) {
      await Promise.all(
        wave.map((d) => {
          const sha = headSha(d.pr, d.push);
          // GitHub moves the head when the push happens, before its first delivery.
          if (!pushed.has(d.id)) {
            github.push(d.pr, d.push, sha);
            pushed.add(d.id);
          }
          const body = payload<Json>("pull_request.opened", (p) => {
            p.action = d.push === 0 ? "opened" : "synchronize";
            p.number = d.pr;
            p.pull_request.number = d.pr;
            p.pull_request.head.sha = sha;
          });
          const replica = replicas[Math.floor(rand() * replicas.length)]!;
          return deliver(replica.probot, "pull_request", body, d.id);
        }),
      );
    }
    const delivered = performance.now();
    await Promise.all(replicas.map((r) => r.queue.idle()));
    const finished = performance.now();
    clearInterval(sampler);
    const memoryAfter = process.memoryUsage();

    const runs = [...github.checkRuns.values()];
    expect(github.unmatched).toEqual([]);
    expect(runs.filter((r) => r.status !== "completed")).toEqual([]);
    let superseded = 0;
    for (let pr = 1; pr <= PRS; pr++) {
      const latest = headSha(pr, PUSHES - 1);
      const latestRuns = runs.filter((r) => r.headSha === latest);
      expect(latestRuns, `PR ${pr} latest head`).toHaveLength(1);
      expect(latestRuns[0]!.title).not.toMatch(/^Superseded/);
      expect(latestRuns[0]!.conclusion).not.toBe("neutral");
      expect(github.reviews.filter((r) => r.pr === pr && r.commitId === latest), `PR ${pr} reviews of the latest head`).toHaveLength(1);
      for (let push = 0; push < PUSHES - 1; push++) {
        const older = runs.filter((r) => r.headSha === headSha(pr, push));
        expect(older, `PR ${pr} push ${push}`).toHaveLength(1);
        if (older[0]!.title?.startsWith("Superseded by")) superseded++;
        else expect(github.reviews.filter((r) => r.pr === pr && r.commitId === headSha(pr, push)).length).toBeLessThanOrEqual(1);
      }
      const comments = github.commentsOf(pr).map((c) => `${c.path}:${c.line}:${c.body}`);
      expect(new Set(comments).size, `PR ${pr} duplicate comments`).toBe(comments.length);
      // Every push's file was commented once, by whichever review saw it first.
      expect(new Set(github.commentsOf(pr).map((c) => c.path))).toEqual(new Set(Array.from({ length: PUSHES }, (_, k) => `shop/views_${k}.py`)));
    }
    for (const r of runs.filter((run) => run.title?.startsWith("Superseded by"))) expect(r.conclusion).toBe("neutral");

    // The replicas' index facts go through Redis: what one read, the other need not parse.
    const facts = { hit: 0, miss: 0 };
    for (const r of replicas) {
      const text = await r.djperf.metrics.text();
      for (const result of ["hit", "miss"] as const) facts[result] += Number(new RegExp(`^djperf_facts_cache_total\\{result="${result}"\\} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
    }
    expect(facts.hit).toBeGreaterThan(0);

    const seconds = (finished - started) / 1000;
    const mib = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;
    console.info(
      [
        `burst: ${DELIVERIES} deliveries, ${PRS} pull requests x ${PUSHES} pushes, 2 replicas (review concurrency 2 each) on one Redis`,
        `  delivered in ${waves(deliveries).length} concurrent waves in ${((delivered - started) / 1000).toFixed(1)} s (${Math.round(DELIVERIES / ((delivered - started) / 1000))} deliveries/s)`,
        `  all jobs done after ${seconds.toFixed(1)} s: ${github.reviews.length} reviews, ${runs.length} check runs (${superseded} superseded), ${github.requests} GitHub requests`,
        `  index facts from Redis: ${facts.hit} hits, ${facts.miss} misses`,
        `  throughput: ${(DELIVERIES / seconds).toFixed(1)} deliveries/s, ${(github.reviews.length / seconds).toFixed(1)} reviews/s end to end`,
        `  memory: rss ${mib(memoryBefore.rss)} -> ${mib(memoryAfter.rss)} (peak rss of the test process ${mib(process.resourceUsage().maxRSS * 1024)}), heap used ${mib(memoryBefore.heapUsed)} -> ${mib(memoryAfter.heapUsed)} (sampled peak ${mib(peakHeap)})`,
      ].join("\n"),
    );
  });
});
