/**
 * `npm run worker` (src/worker.ts) as a real process on the real Redis: it takes a job, is killed
 * mid-job (SIGKILL, as an OOM kill or a lost node would), and another worker finishes the job; an idle
 * worker stops cleanly on SIGTERM. GitHub is a local server that never answers, so the job is
 * provably mid-flight (its first GitHub request arrived) when the worker dies.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../src/jobs/job.js";
import { RedisQueue } from "../../src/jobs/redis-queue.js";
import { deferred, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from "../support/redis.js";
import { reviewJob } from "./factories.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

const children: ChildProcess[] = [];
const servers: Server[] = [];
const queues: RedisQueue[] = [];
const prefixes: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
  for (const q of queues.splice(0)) await q.close();
  for (const p of prefixes.splice(0)) await deleteKeys(p);
});

function listen(server: Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** A GitHub that receives requests and never answers them. */
async function silentGitHub(): Promise<{ port: number; firstRequest: Promise<string> }> {
  const first = deferred<string>();
  const server = createServer((req) => first.resolve(`${req.method} ${req.url}`));
  return { port: await listen(server), firstRequest: first.promise };
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  servers.splice(servers.indexOf(server), 1);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the worker; resolves once it listens (its log line), with its exit and output. */
async function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, APP_ID: "123", PRIVATE_KEY: privateKey, REDIS_URL, HOST: "127.0.0.1", LOG_LEVEL: "info", LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  const listening = deferred();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const onData = (d: Buffer) => {
    output += d.toString();
    if (output.includes("taking jobs from Redis")) listening.resolve();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  await Promise.race([listening.promise, exited.then(() => Promise.reject(new Error(`the worker exited early:\n${output}`)))]);
  return { child, exited, output: () => output };
}

describe.skipIf(!redisAvailable)("npm run worker (src/worker.ts)", () => {
  it("a worker killed mid-job leaves the job to another worker, which completes it", async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const github = await silentGitHub();
    const port = await freePort();
    const worker = await startWorker({ DJPERF_REDIS_PREFIX: prefix, DJPERF_JOB_LOCK_MS: "1000", GHE_HOST: `127.0.0.1:${github.port}`, GHE_PROTOCOL: "http", PORT: String(port) });

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);

    const receiver = new RedisQueue({ url: REDIS_URL, prefix });
    queues.push(receiver);
    const job = reviewJob();
    expect((await receiver.enqueue(job)).status).toBe("queued");
    // The job's first GitHub call (the installation token) arrived: the worker is mid-job. Kill it.
    expect(await github.firstRequest).toBe("POST /api/v3/app/installations/4242/access_tokens");
    worker.child.kill("SIGKILL");
    expect((await worker.exited).signal).toBe("SIGKILL");

    const finished = deferred<Job>();
    const rescuer = new RedisQueue({ url: REDIS_URL, prefix, lockMs: 1000, process: async (j) => finished.resolve(j) });
    queues.push(rescuer);
    expect(await finished.promise).toEqual(job);
    await rescuer.idle();
    expect(await rescuer.depth()).toMatchObject({ review: { waiting: 0, active: 0, delayed: 0, failed: 0 } });
  });

  it("an idle worker stops cleanly on SIGTERM, and refuses to start without REDIS_URL", async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const worker = await startWorker({ DJPERF_REDIS_PREFIX: prefix, PORT: String(await freePort()) });
    worker.child.kill("SIGTERM");
    expect((await worker.exited).code).toBe(0);
    expect(worker.output()).toContain("djperf worker: stopped");

    const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], { cwd: ROOT, env: { PATH: process.env.PATH, APP_ID: "123", PRIVATE_KEY: privateKey }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("REDIS_URL is not set");
  });
});
