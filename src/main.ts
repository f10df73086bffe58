/**
 * `npm start`: runs djperf as Probot apps run, configured by Probot's environment (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL,
 * WEBHOOK_PATH; see README). Without APP_ID and a key, Probot serves its setup page, which registers
 * the App from app.yml. On SIGTERM or SIGINT: stop taking webhooks, finish the queued and running
 * jobs, and past a grace period stop the rest with their check runs completed.
 */
import { ProbotOctokit, run } from "probot";
import { createDjperfApp } from "./app.js";
import type { Lane } from "./jobs/job.js";
import { docsBase } from "./cli/docs-base.js";
import { startupProblem } from "./startup-check.js";
import { findPackageRoot } from "./cli/package-info.js";

/** Optional tuning; everything else is Probot's standard environment. */
function readTuning(env: NodeJS.ProcessEnv): { concurrency: Partial<Record<Lane, number>>; graceMs: number } {
  const positive = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
    return value;
  };
  const review = positive("DJPERF_REVIEW_CONCURRENCY");
  const command = positive("DJPERF_COMMAND_CONCURRENCY");
  return {
    concurrency: { ...(review ? { review } : {}), ...(command ? { command } : {}) },
    // Under Kubernetes' default 30 s termination grace, leaving time to complete aborted check runs.
    graceMs: positive("DJPERF_SHUTDOWN_GRACE_MS") ?? 20_000,
  };
}

// Probot reads .env when it starts; read it first so the check sees the same settings (set variables win).
try {
  process.loadEnvFile(".env");
} catch {
  // no .env: the environment alone
}
const problem = startupProblem(process.env);
if (problem !== undefined) {
  console.error(`djperf: ${problem}`);
  process.exit(1);
}

const tuning = readTuning(process.env);
// Rule-page links follow DJPERF_DOCS_URL, else package.json's repository (forks, GitHub Enterprise).
const djperf = createDjperfApp({ concurrency: tuning.concurrency, docsBase: docsBase(process.env, findPackageRoot()) });

const probotSigint = new Set(process.listeners("SIGINT"));
// The gateway (src/github) decides what to retry: a create is never repeated blindly after a 5xx, which
// Octokit's retry plugin would do. Probot's throttling (spacing of writes) stays on. A defaults function,
// because an object would be overwritten by Probot's own Octokit options.
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false } }));
const server = await run(djperf.app, { Octokit });
// run() stops the process on SIGINT without waiting for running jobs; djperf drains first instead.
for (const listener of process.listeners("SIGINT")) if (!probotSigint.has(listener)) process.off("SIGINT", listener);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    void shutdown(signal);
  });
}

async function shutdown(signal: string): Promise<void> {
  const queue = djperf.queue;
  console.info(`djperf: ${signal} received; finishing ${queue ? describe(queue.snapshot()) : "no jobs"}`);
  await withTimeout(server.stop(), 5_000).catch((error: unknown) => console.error("djperf: stopping the HTTP server failed", error));
  if (queue) {
    const drained = queue.drain();
    const grace = setTimeout(() => queue.abortAll("djperf was stopped (the server shut down) before this review finished"), tuning.graceMs);
    await drained;
    clearTimeout(grace);
  }
  console.info("djperf: stopped");
  process.exit(0);
}

function describe(snapshot: { pending: Record<Lane, number>; running: Record<Lane, number> }): string {
  const { pending, running } = snapshot;
  return `${running.review + running.command} running and ${pending.review + pending.command} queued jobs`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
}
