/** A real Probot instance with djperf loaded, for `probot.receive` tests. */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { Probot, ProbotOctokit } from "probot";
import { createDjperfApp, type DjperfAppOptions } from "../../../src/app.js";
import type { Job } from "../../../src/jobs/job.js";
import type { JobQueue, QueueSnapshot } from "../../../src/jobs/queue.js";

/** A throwaway key per test run: Probot signs its app JWT with it; nock never checks it. */
const { privateKey: testPrivateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

export { testPrivateKey };

export const FIXED_NOW = Date.parse("2025-01-15T10:21:00Z");

export async function loadApp(options: DjperfAppOptions = {}) {
  const probot = new Probot({
    appId: 123,
    privateKey: testPrivateKey,
    logLevel: "fatal",
    // Octokit's own retries and throttling would wait in real time (throttling spaces writes 1–3 s apart).
    // A defaults *function*: with an object, Probot's throttle options overwrite `enabled: false`.
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  const djperf = createDjperfApp({ clock: () => FIXED_NOW, sleep: async () => {}, gateway: { sleep: async () => {} }, ...options });
  await probot.load(djperf.app);
  return { probot, queue: djperf.queue!, djperf };
}

/** A queue that only records: handler tests see the jobs and prove no job ran. */
export class RecordingQueue implements JobQueue {
  readonly jobs: Job[] = [];
  enqueue(job: Job) {
    this.jobs.push(job);
    return { status: "queued" as const, key: "recorded" };
  }
  idle() {
    return Promise.resolve();
  }
  drain() {
    return Promise.resolve();
  }
  abortAll() {}
  snapshot(): QueueSnapshot {
    return { closed: false, pending: { review: this.jobs.length, command: 0 }, running: { review: 0, command: 0 } };
  }
}

const FIXTURES = new URL("../../fixtures/payloads/webhooks/", import.meta.url);

/** A recorded, scrubbed webhook payload, optionally changed by `edit` (a deep copy is edited). */
export function payload<T = Record<string, unknown>>(name: string, edit?: (p: T) => void): T {
  const p = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as T;
  edit?.(p);
  return p;
}

/** Delivers a webhook as Probot would after verifying its signature. */
/** `name` is the event (`pull_request`); the action comes from the payload. */
export async function deliver(probot: Probot, name: string, body: object, id = "delivery-1"): Promise<void> {
  await probot.receive({ id, name, payload: body } as Parameters<Probot["receive"]>[0]);
}
