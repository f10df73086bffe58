/**
 * `npm start`: runs djperf as Probot apps run, configured by Probot's environment (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL,
 * WEBHOOK_PATH; see README) and djperf's (src/runtime-config.ts). Without APP_ID and a key, Probot
 * serves its setup page, which registers the App from app.yml. With REDIS_URL the jobs go to the
 * BullMQ queue (run here unless DJPERF_PROCESS_JOBS=false, and by any `npm run worker`). On SIGTERM
 * or SIGINT: stop taking webhooks, finish the running jobs, past a grace period stop the rest.
 */
import { ProbotOctokit, run } from "probot";
import { createDjperfApp } from "./app.js";
import { docsBase } from "./cli/docs-base.js";
import { findPackageRoot } from "./cli/package-info.js";
import { djperfOctokitDefaults } from "./github/octokit-options.js";
import { DjperfMetrics } from "./jobs/metrics.js";
import { probotEnv, readRuntimeConfig } from "./runtime-config.js";
import { onStopSignals } from "./shutdown.js";
import { startupProblem } from "./startup-check.js";
import { guardWebhookBodies } from "./webhooks/body-limit.js";
import { webhookSecretProblem } from "./webhooks/secret.js";

// Probot reads .env when it starts; read it first so the checks below see the same settings (set variables win).
try {
  process.loadEnvFile(".env");
} catch {
  // no .env: the environment alone
}
const keyProblem = startupProblem(process.env);
if (keyProblem !== undefined) {
  console.error(`djperf: ${keyProblem}`);
  process.exit(1);
}

const secretProblem = webhookSecretProblem(process.env);
if (secretProblem !== undefined) {
  console.error(`djperf: refusing to start: ${secretProblem}`);
  process.exit(1);
}
// Bodies over GitHub's 25 MB limit are refused before Probot's middleware reads them.
guardWebhookBodies();

const config = readRuntimeConfig(process.env);
const djperf = createDjperfApp({
  concurrency: config.concurrency,
  maxQueued: config.maxQueued,
  memoryCache: config.memoryCache,
  metrics: new DjperfMetrics({ defaultMetrics: true }),
  ...(config.redis ? { redis: config.redis } : {}),
  // Rule-page links follow DJPERF_DOCS_URL, else package.json's repository (forks, GitHub Enterprise).
  docsBase: docsBase(process.env, findPackageRoot()),
});

const probotSigint = new Set(process.listeners("SIGINT"));
// The gateway (src/github) decides what to retry: a create is never repeated blindly after a 5xx, which
// Octokit's retry plugin would do. Probot's throttling (spacing of writes) stays on. A defaults function,
// because an object would be overwritten by Probot's own Octokit options.
// Rate-limit waits of the throttling plugin are declined for the same reason (src/github/octokit-options.ts).
const Octokit = ProbotOctokit.defaults(djperfOctokitDefaults);
const server = await run(djperf.app, { Octokit, env: probotEnv(process.env) });
// Check runs a previous process left in progress (SIGKILL, OOM) are completed and their commits queued
// again. Only for the in-process queue: with Redis, other replicas may be running those reviews right
// now, and BullMQ hands a dead worker's job to another one (which reuses its in-progress check run).
if (djperf.queue && !config.redis) {
  djperf
    .recoverInterrupted()
    .then((r) => console.info(`djperf: start-up recovery completed ${r.completed} interrupted check runs (${r.requeued} queued again, ${r.failed} failed${r.capped ? ", search capped" : ""})`))
    .catch((error: unknown) => console.error(`djperf: start-up recovery failed: ${error instanceof Error ? error.message : String(error)}`));
}
// run() stops the process on SIGINT without waiting for running jobs; djperf drains first instead.
for (const listener of process.listeners("SIGINT")) if (!probotSigint.has(listener)) process.off("SIGINT", listener);

onStopSignals({
  name: "djperf",
  queue: () => djperf.queue,
  graceMs: config.graceMs,
  stopServer: () => server.stop(),
  abortReason: config.redis ? "djperf was stopped (the server shut down); the review was handed back to the queue and runs again" : "djperf was stopped (the server shut down) before this review finished",
});
