/**
 * The App side of `npm run bench`, in its own process (nock patches this process's fetch):
 *   node --import tsx bench/app-side.ts requests 10,100,400
 *   node --import tsx bench/app-side.ts ack 200
 * - requests: the real Probot app receives `pull_request.opened` for a generated pull request of N
 *   changed Python files (a tenth of them report views with findings), the real queue runs the real
 *   review (every rule, analysed in this process) against GitHub played by nock (the end-to-end
 *   tests' mocks, answering as often as asked), and the requests it made are counted by kind against
 *   the minimum of DESIGN §4–5: ⌈files/100⌉ listing pages, one tree, ⌈blobs read/100⌉ GraphQL blob
 *   queries, check run create + complete + one update per further 50 annotations, one comment
 *   listing, one review when there are inline comments, plus Probot's installation token and config
 *   lookups (the repository's, then the organisation's). Then the same commit is reviewed again (the
 *   check's "Re-run", `check_run.rerequested`) in the same app: its requests, and the findings cache's
 *   hits (every file's outcome read back: nothing downloaded, indexed or parsed).
 * - ack: a real Probot Server on a loopback port with djperf loaded; N signed `pull_request.opened`
 *   deliveries (each a new head sha), one after the other, timed from the request to the end of the
 *   answer. The queue records the jobs and runs none: the ack is the webhook path (HTTP, signature,
 *   routing, djperf's gate, enqueue), not the review behind it.
 * Prints one JSON line. A measuring tool: nothing here asserts.
 */
import { createHmac } from "node:crypto";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { Probot, Server } from "probot";
import { createDjperfApp } from "../src/app.js";
import { MemoryFactsStore, type FactsStore } from "../src/analysis/index/facts-cache.js";
import { RULES } from "../rules/index.js";
import { GitHubMock } from "../test/webhooks/support/github-mock.js";
import { deliver, loadApp, payload, RecordingQueue, testPrivateKey } from "../test/webhooks/support/app.js";
import { mockReviewRun, type ChangedFileJson } from "../test/webhooks/support/pull-request-repo.js";
import { bigPr } from "../test/github/helpers/big-pr.js";

export interface RequestCount {
  files: number;
  total: number;
  minimum: number;
  byKind: Record<string, number>;
  minimumByKind: Record<string, number>;
  findings: number;
  annotations: number;
  blobsRead: number;
  ms: number;
  /** The same commit reviewed again by the same app (warm caches). */
  rerun: { total: number; byKind: Record<string, number>; ms: number; findingsHits: number; findingsAsked: number };
}

export interface AckTimes {
  deliveries: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
}

/** A generated pull request of `files` changed Python files: a tenth are report views (3 findings each), the rest clean modules. */
function pullRequest(files: number): { head: Record<string, string>; changed: ChangedFileJson[] } {
  const reports = Math.max(1, Math.round(files / 10));
  const pr = bigPr(reports, files - reports, 0, {}, false);
  const head = Object.fromEntries(Object.entries(pr.head).filter((e): e is [string, string] => typeof e[1] === "string"));
  const changed = pr.files.map((f) => ({ filename: f.filename, status: (f.status ?? "modified") as ChangedFileJson["status"], ...(f.patch !== undefined ? { patch: f.patch } : {}) }));
  return { head, changed };
}

const KINDS: [string, RegExp][] = [
  ["installation token", /^POST \/app\/installations\/\d+\/access_tokens/],
  ["config", /^GET \/repos\/[^/]+\/[^/]+\/contents\//],
  ["app", /^GET \/app$/],
  ["changed files pages", /^GET \/repos\/.*\/pulls\/\d+\/files/],
  ["tree", /^GET \/repos\/.*\/git\/trees\//],
  ["blob queries (GraphQL)", /^POST \/graphql/],
  ["pull request (head check)", /^GET \/repos\/.*\/pulls\/\d+(\?|$)/],
  ["review comments listing", /^GET \/repos\/.*\/pulls\/\d+\/comments/],
  ["check run create", /^POST \/repos\/.*\/check-runs$/],
  ["check run updates", /^PATCH \/repos\/.*\/check-runs\//],
  ["review", /^POST \/repos\/.*\/pulls\/\d+\/reviews$/],
];

async function countRequests(files: number): Promise<RequestCount> {
  const gh = new GitHubMock();
  const { head, changed } = pullRequest(files);
  gh.installationToken().config(undefined);
  gh.on("GET", "/app", { status: 200, body: { id: 123, slug: "djperf", name: "djperf", owner: { login: "acme" } } }, 1, true);
  mockReviewRun(gh, { files: head, changed, upTo: 1000 });
  const memory = new MemoryFactsStore();
  const counts = { hits: 0, asked: 0 };
  const findingsCache: FactsStore = {
    getMany: (keys) => {
      const values = memory.getMany(keys);
      counts.asked += keys.length;
      counts.hits += values.filter((v) => v !== undefined).length;
      return values;
    },
    setMany: (entries) => memory.setMany(entries),
  };
  const { probot, queue } = await loadApp({ rules: RULES, findings: findingsCache });
  const started = performance.now();
  await deliver(probot, "pull_request", payload("pull_request.opened"));
  await queue.idle();
  const ms = performance.now() - started;
  const firstRequests = gh.requests.length;

  // The same commit again: the check run's "Re-run" (djperf asks whether the commit is still the head).
  gh.on("GET", "/repos/acme/shop/pulls/7", { status: 200, body: payload<{ pull_request: object }>("pull_request.opened").pull_request }, 1, true);
  gh.config(undefined);
  Object.assign(counts, { hits: 0, asked: 0 });
  const again = performance.now();
  await deliver(probot, "check_run", payload("check_run.rerequested"), "rerun");
  await queue.idle();
  const rerunMs = performance.now() - again;
  gh.release();
  const rerunRequests = gh.requests.splice(firstRequests);
  const rerun = { total: rerunRequests.length, byKind: kindsOf(rerunRequests), ms: rerunMs, findingsHits: counts.hits, findingsAsked: counts.asked };

  const byKind = kindsOf(gh.requests);
  const bodies = gh.requests.map((r) => r.body as { variables?: Record<string, unknown>; output?: { annotations?: unknown[] }; comments?: unknown[] } | undefined);
  const blobsRead = bodies.reduce((n, b) => n + Object.keys(b?.variables ?? {}).filter((k) => /^e\d+$/.test(k)).length, 0);
  const annotations = bodies.reduce((n, b) => n + (b?.output?.annotations?.length ?? 0), 0);
  const inline = bodies.reduce((n, b) => n + (b?.comments?.length ?? 0), 0);
  const summary = gh.requests.at(-1)?.body as { output?: { title?: string } } | undefined;
  const minimumByKind: Record<string, number> = {
    "installation token": 1,
    config: 2,
    "changed files pages": Math.ceil(changed.length / 100),
    tree: 1,
    "blob queries (GraphQL)": Math.ceil(blobsRead / 100),
    "review comments listing": 1,
    "check run create": 1,
    "check run updates": Math.max(1, Math.ceil(annotations / 50)),
    review: inline > 0 ? 1 : 0,
  };
  const total = gh.requests.length;
  const minimum = Object.values(minimumByKind).reduce((a, b) => a + b, 0);
  const findings = Number(/(\d+) finding/.exec(summary?.output?.title ?? "")?.[1] ?? annotations + inline);
  return { files: changed.length, total, minimum, byKind, minimumByKind, findings, annotations, blobsRead, ms, rerun };
}

function kindsOf(requests: readonly { method: string; path: string }[]): Record<string, number> {
  const byKind: Record<string, number> = {};
  for (const r of requests) {
    const line = `${r.method} ${r.path}`;
    const kind = KINDS.find(([, pattern]) => pattern.test(line))?.[0] ?? `other: ${line.split("?")[0]}`;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return byKind;
}

async function ackTimes(deliveries: number): Promise<AckTimes> {
  const secret = "bench-webhook-secret";
  const log = pino({ level: "silent" });
  const server = new Server({ host: "127.0.0.1", port: 0, log, Probot: Probot.defaults({ appId: 123, privateKey: testPrivateKey, secret, log }) });
  const queue = new RecordingQueue();
  await server.load(createDjperfApp({ rules: RULES, createQueue: () => queue }).app);
  const http = await server.start();
  const port = (http.address() as AddressInfo).port;
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  try {
    for (let i = 0; i < deliveries; i++) {
      const sha = (i + 1).toString(16).padStart(40, "0");
      const body = JSON.stringify(payload<{ pull_request: { head: { sha: string } } }>("pull_request.opened", (p) => void (p.pull_request.head.sha = sha)));
      const headers = {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "x-github-event": "pull_request",
        "x-github-delivery": `bench-${i}`,
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      };
      const started = performance.now();
      const status = await post(port, headers, body);
      times.push(performance.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  } finally {
    await server.stop();
  }
  if (queue.jobs.length !== deliveries) statuses[`jobs queued: ${queue.jobs.length}`] = 1;
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { deliveries, p50: at(0.5), p99: at(0.99), max: sorted.at(-1)!, statuses };
}

function post(port: number, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/api/github/webhooks", headers }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
    });
    req.on("error", fail);
    req.end(body);
  });
}

const [kind, arg] = process.argv.slice(2);
if (kind === "requests") {
  const out: RequestCount[] = [];
  for (const n of (arg ?? "10,100,400").split(",").map(Number)) out.push(await countRequests(n));
  process.stdout.write(JSON.stringify(out) + "\n");
} else if (kind === "ack") {
  process.stdout.write(JSON.stringify(await ackTimes(Number(arg ?? 200))) + "\n");
} else {
  process.stderr.write("usage: node --import tsx bench/app-side.ts requests 10,100,400 | ack 200\n");
  process.exit(2);
}
// Probot and the queue keep timers: this is a one-shot measuring process.
process.exit(0);
