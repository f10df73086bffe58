/**
 * The App on the Redis queue, end to end: real Probot instances receive webhooks, the BullMQ queue on
 * the real Redis carries the jobs to a separate worker app, the real review pipeline runs, nock plays
 * GitHub. Then /readyz and /metrics as an orchestrator and Prometheus read them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DjperfMetrics } from "../../src/jobs/metrics.js";
import type { JobQueue } from "../../src/jobs/queue.js";
import { RedisQueue } from "../../src/jobs/redis-queue.js";
import { observabilityHandler } from "../../src/server.js";
import { deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from "../support/redis.js";
import { reviewJob } from "../jobs/factories.js";
import { GitHubMock } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { checkRunReply, CHECK_RUN_ID, HEAD_SHA, mockReviewRun } from "./support/pull-request-repo.js";
import { APP_OPTIONS, orderReportPullRequest } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SYNC_SHA = "c0ffee0000000000000000000000000000000abc";

let gh: GitHubMock;
let prefix: string;
const queues: JobQueue[] = [];

beforeEach(() => {
  gh = new GitHubMock();
  prefix = uniquePrefix();
});

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close?.();
  await deleteKeys(prefix);
});

function request(url: string) {
  const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      sent.status = status;
      sent.headers = headers;
      return this;
    },
    end(body?: string) {
      sent.body = body;
    },
  } as unknown as ServerResponse;
  return { req: { method: "GET", url } as IncomingMessage, res, sent };
}

describe.skipIf(!redisAvailable)("the App on the Redis queue", () => {
  it("a receiver only enqueues; a separate worker reviews the newest head and marks the superseded commit", async () => {
    const receiver = await loadApp({ ...APP_OPTIONS, redis: { url: REDIS_URL, prefix, processJobs: false } });
    queues.push(receiver.queue);
    await deliver(receiver.probot, "pull_request", payload("pull_request.opened"), "d-opened");
    await deliver(receiver.probot, "pull_request", payload("pull_request.synchronize"), "d-sync");
    // GitHub redelivers the first event after the push: too late, it is stale and queues nothing.
    await deliver(receiver.probot, "pull_request", payload("pull_request.opened"), "d-opened");
    expect(receiver.queue.snapshot().running).toEqual({ review: 0, command: 0 });

    // Both jobs may ask for a token at once: the token mock may serve twice.
    gh.on("POST", "/app/installations/4242/access_tokens", { status: 201, body: { token: "ghs_test_installation_token", expires_at: "2099-01-01T00:00:00Z" } }, 2);
    gh.on("POST", "/repos/acme/shop/check-runs", (body) => checkRunReply(201, body));
    gh.on("PATCH", `/repos/acme/shop/check-runs/${CHECK_RUN_ID}`, (body) => checkRunReply(200, body));
    gh.config(undefined);
    mockReviewRun(gh, orderReportPullRequest({ headSha: SYNC_SHA }));
    const metrics = new DjperfMetrics();
    const worker = await loadApp({ ...APP_OPTIONS, metrics, redis: { url: REDIS_URL, prefix } });
    queues.push(worker.queue);
    await worker.queue.idle();

    const created = gh.requests.filter((r) => r.method === "POST" && r.path.endsWith("/check-runs")).map((r) => (r.body as Json).head_sha as string);
    expect(created.sort()).toEqual([HEAD_SHA, SYNC_SHA].sort());
    const completions = gh.requests.filter((r) => r.method === "PATCH" && (r.body as Json).status === "completed").map((r) => r.body as Json);
    expect(completions.map((c) => [c.conclusion, c.output.title]).sort()).toEqual([
      ["neutral", "Superseded by c0ffee0"],
      ["success", expect.any(String)],
    ]);
    expect(gh.requests.filter((r) => r.path.endsWith("/reviews"))).toHaveLength(1);
    expect(gh.unmatched).toEqual([]);

    const text = await metrics.text();
    expect(text).toContain('djperf_jobs_total{queue="review",kind="review",outcome="completed"} 1');
    expect(text).toContain('djperf_jobs_total{queue="command",kind="superseded",outcome="completed"} 1');
    expect(text).toContain('djperf_github_requests_total{route="POST /repos/{owner}/{repo}/check-runs",status="201"} 2');
    expect(text).toMatch(/djperf_job_duration_seconds_count\{queue="review",kind="review"\} 1/);
    expect(text).toContain('djperf_queue_jobs{queue="review",state="waiting"} 0');
    expect(text).toContain('djperf_reviews_total{outcome="reviewed",conclusion="success"} 1');
    expect(Number(/^djperf_review_findings_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toContain("djperf_review_comments_posted_total 1");
  });

  it("/healthz and /readyz answer 200 while Redis answers and 503 when it does not; /metrics reports the shared queue depth", async () => {
    const queue = new RedisQueue({ url: REDIS_URL, prefix });
    queues.push(queue);
    const metrics = new DjperfMetrics();
    metrics.observe(queue);
    const handler = (q: JobQueue) => observabilityHandler({ snapshot: () => q.snapshot(), ready: () => q.ready!(), metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }) });

    const ready = request("/readyz");
    expect(await handler(queue)(ready.req, ready.res)).toBe(true);
    expect(ready.sent.status).toBe(200);
    const healthy = request("/healthz");
    expect(await handler(queue)(healthy.req, healthy.res)).toBe(true);
    expect(healthy.sent.status).toBe(200);

    await queue.enqueue(reviewJob());
    const scrape = request("/metrics");
    await handler(queue)(scrape.req, scrape.res);
    expect(scrape.sent.headers?.["content-type"]).toContain("text/plain");
    expect(scrape.sent.body).toContain('djperf_queue_jobs{queue="review",state="waiting"} 1');

    const down = new RedisQueue({ url: "redis://127.0.0.1:1", prefix });
    queues.push(down);
    const notReady = request("/readyz");
    await handler(down)(notReady.req, notReady.res);
    expect(notReady.sent.status).toBe(503);
    expect(JSON.parse(notReady.sent.body!)).toEqual({ status: "queue store unreachable" });
    const unhealthy = request("/healthz");
    await handler(down)(unhealthy.req, unhealthy.res);
    expect(unhealthy.sent.status).toBe(503);
    expect(JSON.parse(unhealthy.sent.body!).status).toBe("queue store unreachable");
  });
});
