/**
 * `npm run worker` (`node dist/src/worker.js`, `djperf worker`): a process that only runs jobs from
 * the Redis queue, as many as the deployment needs beside the webhook receivers (docs/scale-out.md).
 * Configured like the server: Probot's APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, LOG_LEVEL, GHE_HOST,
 * and djperf's REDIS_URL (required), DJPERF_REDIS_PREFIX, concurrency and grace variables. Serves
 * /healthz, /readyz and /metrics on PORT (default 3000) for the orchestrator and Prometheus.
 */
import { createServer } from "node:http";
import { createProbot, ProbotOctokit } from "probot";
import { djperfOctokitDefaults } from "./github/octokit-options.js";
import { DjperfMetrics } from "./jobs/metrics.js";
import type { JobQueue } from "./jobs/queue.js";
import { createJobQueue } from "./jobs/worker.js";
import { probotEnv, readRuntimeConfig } from "./runtime-config.js";
import { livezHandler, observabilityHandler } from "./server.js";
import { onStopSignals } from "./shutdown.js";

const config = readRuntimeConfig(process.env);
if (!config.redis) {
  console.error("djperf worker: REDIS_URL is not set; a worker takes its jobs from Redis (without Redis, `npm start` runs the jobs itself)");
  process.exit(2);
}
if (!process.env.APP_ID || !(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH)) {
  console.error("djperf worker: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are required");
  process.exit(2);
}

// Same Octokit as the server: the gateway decides what to retry (src/main.ts).
const Octokit = ProbotOctokit.defaults(djperfOctokitDefaults);
const logFormat = process.env.LOG_FORMAT === "json" || (process.env.LOG_FORMAT !== "pretty" && process.env.NODE_ENV === "production") ? "json" : "pretty";
const probot = createProbot({ env: probotEnv(process.env), overrides: { Octokit, logFormat } });
// Probot sets up its logger and Octokit asynchronously; loading an empty app waits for that.
await probot.load(() => undefined);
const metrics = new DjperfMetrics({ defaultMetrics: true });
const queue: JobQueue = createJobQueue(probot, { concurrency: config.concurrency, memoryCache: config.memoryCache, redis: { ...config.redis, processJobs: true }, metrics });

const health = livezHandler(() => queue.snapshot());
const observe = observabilityHandler({
  snapshot: () => queue.snapshot(),
  ready: () => queue.ready?.() ?? Promise.resolve(true),
  metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }),
});
const server = createServer((req, res) => {
  void (async () => {
    if (health(req, res) || (await observe(req, res))) return;
    res.writeHead(404).end();
  })().catch(() => res.writeHead(500).end());
});
const port = Number(process.env.PORT ?? 3000);
server.listen(port, process.env.HOST ?? "0.0.0.0", () => probot.log.info({ port }, "djperf worker: taking jobs from Redis"));

onStopSignals({
  name: "djperf worker",
  queue: () => queue,
  graceMs: config.graceMs,
  stopServer: () => new Promise<void>((resolve) => server.close(() => resolve())),
  abortReason: "the djperf worker was stopped; the review was handed back to the queue and runs again",
});
