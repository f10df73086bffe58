/**
 * `/metrics` as Prometheus scrapes it (issue 14, item 5): a real HTTP server serves the App's
 * observability handler while real Probot instances run real reviews against nock's GitHub. The
 * scraped text must carry the metrics with the right labels and values, and no secret.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisFactsStore } from "../../src/cache/redis-facts-store.js";
import { DjperfMetrics } from "../../src/jobs/metrics.js";
import type { JobQueue } from "../../src/jobs/queue.js";
import { observabilityHandler } from "../../src/server.js";
import { deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from "../support/redis.js";
import { GitHubMock, notFound } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { checkRunReply, CHECK_RUN_ID, HEAD_SHA, mockReviewRun } from "./support/pull-request-repo.js";
import { APP_OPTIONS, orderReportPullRequest } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONFIG = "/repos/acme/shop/contents/.github%2Fdjperf.yml";
const ORG_CONFIG = "/repos/acme/.github/contents/.github%2Fdjperf.yml";
const FAILING_SHA = "badc0de000000000000000000000000000000bad";
const TOKEN = "ghs_test_installation_token";

let gh: GitHubMock;
const servers: Server[] = [];
const queues: JobQueue[] = [];

beforeEach(() => {
  gh = new GitHubMock();
  // The scrapes go to a local server; GitHub stays nock's.
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1"));
});

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close?.();
  for (const s of servers.splice(0)) await new Promise((done) => s.close(done));
  dropScrapes();
  gh.release();
});

/** nock reports the local scrapes it let through as unmatched: only GitHub requests count. */
function dropScrapes(): void {
  const github = gh.unmatched.filter((u) => !/ \/(metrics|readyz)$/.test(u));
  gh.unmatched.splice(0, gh.unmatched.length, ...github);
}

/** Serves /metrics and /readyz as `djperf worker` does (src/worker.ts); resolves to the base URL. */
async function serve(queue: JobQueue, metrics: DjperfMetrics): Promise<string> {
  const observe = observabilityHandler({
    snapshot: () => queue.snapshot(),
    ready: () => queue.ready?.() ?? Promise.resolve(true),
    metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }),
  });
  const server = createServer((req, res) => void observe(req, res).then((handled) => handled || res.writeHead(404).end()));
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function scrape(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return res.text();
}

/** The value of one sample (`name{labels} value`), or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Every sample of a metric by its label text. */
function samples(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = new RegExp(`^${name}(\\{.*\\})? (\\S+)$`).exec(line);
    if (m) found.set(m[1] ?? "", Number(m[2]));
  }
  return found;
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The findings the check run listed, by rule and level, from the annotations djperf sent GitHub. */
function annotatedFindings(): Map<string, number> {
  const counts = new Map<string, number>();
  const completion = gh.requests.find((r) => r.method === "PATCH" && (r.body as Json).status === "completed" && (r.body as Json).conclusion !== "neutral");
  for (const a of ((completion?.body as Json).output.annotations ?? []) as Json[]) {
    const rule = /DJP\d+/.exec(a.title as string)?.[0];
    const level = { failure: "block", warning: "warn", notice: "info" }[a.annotation_level as string];
    counts.set(`{rule="${rule}",level="${level}"}`, (counts.get(`{rule="${rule}",level="${level}"}`) ?? 0) + 1);
  }
  return counts;
}

describe("/metrics over HTTP after real reviews", () => {
  it("reports jobs by queue and state, durations, GitHub requests by route and status, the rate limit and findings by rule; no secret", async () => {
    gh.installationToken();
    // The first review's config read hangs a moment, so a scrape sees it active and the second one waiting.
    gh.slow("GET", CONFIG, 300, notFound());
    gh.on("GET", CONFIG, notFound(), 4).on("GET", ORG_CONFIG, notFound(), 5);
    mockReviewRun(gh, { ...orderReportPullRequest(), checkRunUpdates: 0 });
    // GitHub's rate-limit header on the last answer of the review.
    gh.on("PATCH", `/repos/acme/shop/check-runs/${CHECK_RUN_ID}`, (body) => ({ ...checkRunReply(200, body), headers: { "x-ratelimit-remaining": "4321" } }));
    // The second pull request's check run can never be created: its job fails after its start retries.
    const invalid = { status: 422, body: { message: "Validation Failed", documentation_url: "https://docs.github.com/rest" } };
    gh.on("POST", "/repos/acme/shop/check-runs", invalid, 4);

    const metrics = new DjperfMetrics();
    const { probot, queue } = await loadApp({ ...APP_OPTIONS, metrics, concurrency: { review: 1 } });
    const base = await serve(queue, metrics);
    await deliver(probot, "pull_request", payload("pull_request.opened"), "d-1");
    await deliver(probot, "pull_request", payload("pull_request.opened"), "d-1"); // a redelivery
    await deliver(
      probot,
      "pull_request",
      payload<Json>("pull_request.opened", (p) => {
        p.pull_request.number = 8;
        p.number = 8;
        p.pull_request.head.sha = FAILING_SHA;
      }),
      "d-2",
    );

    await until(async () => sample(await scrape(base), 'djperf_queue_jobs{queue="review",state="active"}') === 1);
    const busy = await scrape(base);
    expect(sample(busy, 'djperf_queue_jobs{queue="review",state="waiting"}')).toBe(1);
    expect(sample(busy, 'djperf_queue_jobs{queue="command",state="active"}')).toBe(0);

    await queue.idle();
    const text = await scrape(base);
    dropScrapes();
    expect(gh.unmatched).toEqual([]);

    // Jobs by queue: handed in (with the redelivery recognised), then completed or failed; nothing left queued.
    expect(sample(text, 'djperf_jobs_enqueued_total{queue="review",kind="review",result="queued"}')).toBe(2);
    expect(sample(text, 'djperf_jobs_enqueued_total{queue="review",kind="review",result="duplicate"}')).toBe(1);
    expect(sample(text, 'djperf_jobs_total{queue="review",kind="review",outcome="completed"}')).toBe(1);
    expect(sample(text, 'djperf_jobs_total{queue="review",kind="review",outcome="failed"}')).toBe(1);
    expect(sample(text, 'djperf_queue_jobs{queue="review",state="waiting"}')).toBe(0);
    expect(sample(text, 'djperf_queue_jobs{queue="review",state="active"}')).toBe(0);

    // The duration histogram: both jobs observed, the slow one at least 0.3 s, cumulative buckets.
    expect(sample(text, 'djperf_job_duration_seconds_count{queue="review",kind="review"}')).toBe(2);
    expect(sample(text, 'djperf_job_duration_seconds_sum{queue="review",kind="review"}')).toBeGreaterThanOrEqual(0.3);
    expect(sample(text, 'djperf_job_duration_seconds_bucket{le="0.1",queue="review",kind="review"}')).toBeLessThanOrEqual(1);
    expect(sample(text, 'djperf_job_duration_seconds_bucket{le="+Inf",queue="review",kind="review"}')).toBe(2);

    // GitHub requests by route template and status, counted as nock answered them.
    const github = samples(text, "djperf_github_requests_total");
    expect(github.get('{route="POST /repos/{owner}/{repo}/check-runs",status="201"}')).toBe(1);
    expect(github.get('{route="POST /repos/{owner}/{repo}/check-runs",status="422"}')).toBe(4);
    expect(github.get('{route="PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",status="200"}')).toBe(1);
    expect(github.get('{route="GET /repos/{owner}/{repo}/pulls/{pull_number}/files",status="200"}')).toBe(1);
    expect(github.get('{route="GET /repos/{owner}/{repo}/contents/{path}",status="404"}')).toBe(10);
    expect(github.get('{route="POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",status="200"}')).toBe(1);
    const counted = [...github.values()].reduce((a, b) => a + b, 0);
    // Every request nock answered, the installation token's included, is counted once.
    expect(counted).toBe(gh.requests.length);
    expect(sample(text, "djperf_github_rate_limit_remaining")).toBe(4321);

    // Findings by rule and level: once for the one posted review, as its check run listed them.
    // DJP999 (warn) is the review's inline comment; DJP998 (block, preview) is listed in the check run only.
    const byRule = samples(text, "djperf_findings_total");
    expect(byRule).toEqual(
      new Map([
        ['{rule="DJP999",level="warn"}', 1],
        ['{rule="DJP998",level="block"}', 1],
      ]),
    );
    const review = gh.requests.find((r) => r.path.endsWith("/reviews"))?.body as Json;
    expect((review.comments as Json[]).map((c) => /DJP\d+/.exec(c.body as string)?.[0])).toEqual(["DJP999"]);
    expect(annotatedFindings().get('{rule="DJP998",level="block"}')).toBe(1);
    expect([...byRule.values()].reduce((a, b) => a + b, 0)).toBe(sample(text, "djperf_review_findings_total"));

    // The index facts: the one analysed review found none stored and handed every one it read to the store.
    const facts = samples(text, "djperf_facts_cache_total");
    expect(facts.get('{result="miss"}')).toBeGreaterThan(0);
    expect(facts.get('{result="write"}')).toBe(facts.get('{result="miss"}'));
    expect(facts.get('{result="hit"}') ?? 0).toBe(0);

    // Nothing secret or repository-specific: no token, key, secret, owner or path.
    for (const leak of [TOKEN, "ghs_", "BEGIN", "PRIVATE", "secret", "acme", "shop/", HEAD_SHA, FAILING_SHA]) expect(text).not.toContain(leak);
  });
});

describe.skipIf(!redisAvailable)("/metrics over HTTP with the Redis queue, and the facts shared by workers", () => {
  let prefix: string;
  beforeEach(() => {
    prefix = uniquePrefix();
  });
  const closers: RedisFactsStore[] = [];
  afterEach(async () => {
    // Before the keys go: a queue still open would write some back.
    for (const q of queues.splice(0)) await q.close?.();
    for (const store of closers.splice(0)) await store.close();
    await deleteKeys(prefix);
  });

  it("a second worker reviews the next push with the index facts the first worker stored in Redis", async () => {
    const SYNC_SHA = "c0ffee0000000000000000000000000000000abc";
    gh.installationToken().installationToken().config(undefined).config(undefined);
    mockReviewRun(gh, orderReportPullRequest());
    const stores = [0, 1].map(() => new RedisFactsStore({ url: REDIS_URL, prefix, version: "test", ttlSeconds: 600 }));
    closers.push(...stores);
    const metrics = new DjperfMetrics();
    // No findings cache: with the facts in Redis it would be kept there too, and the second push (the
    // same files) would read the review's outcomes back and index nothing (test/jobs/redis-findings.test.ts).
    const first = await loadApp({ ...APP_OPTIONS, metrics, facts: stores[0]!, findings: null, redis: { url: REDIS_URL, prefix } });
    queues.push(first.queue);
    await deliver(first.probot, "pull_request", payload("pull_request.opened"), "d-1");
    await first.queue.idle();
    await until(async () => gh.requests.some((r) => r.method === "PATCH" && (r.body as Json).status === "completed"));
    expect(stores[0]!.stats.writes).toBeGreaterThan(0);
    await first.queue.close?.();

    mockReviewRun(gh, orderReportPullRequest({ headSha: SYNC_SHA }));
    const second = await loadApp({ ...APP_OPTIONS, metrics, facts: stores[1]!, findings: null, redis: { url: REDIS_URL, prefix } });
    queues.push(second.queue);
    const base = await serve(second.queue, metrics);
    await deliver(second.probot, "pull_request", payload("pull_request.synchronize"), "d-2");
    await until(async () => gh.requests.filter((r) => r.method === "PATCH" && (r.body as Json).status === "completed").length === 2);
    await second.queue.idle();
    // Both pushes index the same shop/models.py blob: the second worker read it from Redis.
    expect(stores[1]!.stats.hits).toBe(stores[0]!.stats.writes);
    expect(stores[1]!.stats.writes).toBe(0);

    const text = await scrape(base);
    expect(sample(text, 'djperf_jobs_total{queue="review",kind="review",outcome="completed"}')).toBe(2);
    expect(sample(text, 'djperf_queue_jobs{queue="review",state="waiting"}')).toBe(0);
    expect(sample(text, 'djperf_queue_jobs{queue="review",state="failed"}')).toBe(0);
    expect(sample(text, 'djperf_job_duration_seconds_count{queue="review",kind="review"}')).toBe(2);
    expect(samples(text, "djperf_findings_total").size).toBeGreaterThan(0);
    expect(sample(text, 'djperf_facts_cache_total{result="hit"}')).toBe(stores[1]!.stats.hits);
    expect(sample(text, 'djperf_facts_cache_total{result="write"}')).toBe(stores[0]!.stats.writes);
    expect(text).not.toContain(TOKEN);
    // Two real reviews through BullMQ and the analysis pool: under a loaded CI machine this has taken
    // over 30 s (475 ms alone), so it gets the time a slow machine needs; a hang still fails.
  }, 120_000);
});
