/**
 * Issue 12, "how it will be judged", on the real process (`npm start`'s src/main.ts) against a local,
 * stateful GitHub (GHE_HOST): while the worst file of the fuzz corpus (a 10,000-line function, several
 * seconds of analysis even now that it is linear) is analysed in the analysis process, `/healthz` answers within 1 s; a
 * SIGKILL mid-review followed by a restart, then a SIGTERM mid-review, leave zero check runs in progress.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { worstFunction } from "../fuzz/generators.js";
import { payload } from "./support/app.js";
import { BASE_SHA, gitBlobSha, HEAD_SHA, newFilePatch } from "./support/pull-request-repo.js";
import { MODELS } from "./support/scenarios.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SECRET = "test-webhook-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const worst = worstFunction();
const FILES: Record<string, string> = { "shop/__init__.py": "", "shop/models.py": MODELS, "shop/views.py": worst };

const children: ChildProcess[] = [];
const servers: Server[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface CheckRun {
  id: number;
  external_id: string;
  status: string;
  conclusion: string | null;
  title?: string;
}

/** GitHub Enterprise's API paths (`/api/v3/…`, `/api/graphql`) for acme/shop, with check runs that keep their state. */
class LocalGitHub {
  readonly checkRuns: CheckRun[] = [];
  readonly seen: string[] = [];
  #waiters: { match: RegExp; resolve: () => void }[] = [];

  async start(): Promise<number> {
    const server = createServer((req, res) => {
      void body(req).then((text) => {
        const route = `${req.method} ${(req.url ?? "").replace(/^\/api\/v3/, "")}`;
        this.seen.push(route);
        const [status, reply] = this.answer(route, text ? (JSON.parse(text) as Json) : {});
        res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(reply));
        for (const w of this.#waiters.filter((w) => w.match.test(route))) w.resolve();
        this.#waiters = this.#waiters.filter((w) => !w.match.test(route));
      });
    });
    servers.push(server);
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  }

  /** Resolves at the next request matching `match` (or at once if `count` such requests were already seen). */
  request(match: RegExp, count = Infinity): Promise<void> {
    if (this.seen.filter((r) => match.test(r)).length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  private answer(route: string, body: Json): [number, unknown] {
    const pull = { number: 7, state: "open", draft: false, updated_at: new Date().toISOString(), head: { sha: HEAD_SHA, ref: "feature", repo: { full_name: "acme/shop", fork: false } }, base: { sha: BASE_SHA, ref: "main" } };
    let m: RegExpExecArray | null;
    if (route === "GET /app/installations" || route.startsWith("GET /app/installations?")) return [200, [{ id: 4242, account: { login: "acme" } }]];
    if (/^POST \/app\/installations\/\d+\/access_tokens/.test(route)) return [201, { token: "ghs_local", expires_at: "2099-01-01T00:00:00Z" }];
    if (route.startsWith("GET /installation/repositories")) return [200, { total_count: 1, repositories: [{ name: "shop", owner: { login: "acme" } }] }];
    if (route.startsWith("GET /repos/acme/shop/pulls/7/files")) return [200, [{ sha: gitBlobSha(FILES["shop/views.py"]!), filename: "shop/views.py", status: "added", additions: 1, deletions: 0, changes: 1, patch: newFilePatch(FILES["shop/views.py"]!) }]];
    if (route.startsWith("GET /repos/acme/shop/pulls/7/comments")) return [200, []];
    if (route.startsWith("GET /repos/acme/shop/pulls/7")) return [200, pull];
    if (route.startsWith("GET /repos/acme/shop/pulls")) return [200, [pull]];
    if (route.startsWith(`GET /repos/acme/shop/commits/${HEAD_SHA}/check-runs`)) return [200, { total_count: this.checkRuns.length, check_runs: this.checkRuns.map((r) => ({ ...r, name: "djperf", head_sha: HEAD_SHA })) }];
    if (route === "POST /repos/acme/shop/check-runs") {
      const run: CheckRun = { id: 900 + this.checkRuns.length, external_id: body.external_id, status: body.status ?? "queued", conclusion: null };
      this.checkRuns.push(run);
      return [201, { ...run, name: "djperf", head_sha: HEAD_SHA }];
    }
    if ((m = /^PATCH \/repos\/acme\/shop\/check-runs\/(\d+)$/.exec(route))) {
      const run = this.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return [404, { message: "Not Found" }];
      Object.assign(run, body.status ? { status: body.status } : {}, body.conclusion ? { conclusion: body.conclusion } : {}, body.output?.title ? { title: body.output.title } : {});
      return [200, { ...run, name: "djperf", head_sha: HEAD_SHA }];
    }
    if (route.startsWith(`GET /repos/acme/shop/git/trees/${HEAD_SHA}`)) {
      const tree = Object.entries(FILES).map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: gitBlobSha(text), size: Buffer.byteLength(text) }));
      return [200, { sha: HEAD_SHA, tree, truncated: false }];
    }
    if (route === "POST /api/graphql") {
      const repository: Json = {};
      for (const [name, value] of Object.entries((body.variables ?? {}) as Record<string, string>)) {
        const alias = /^e(\d+)$/.exec(name);
        const text = alias ? FILES[value.slice(value.indexOf(":") + 1)] : undefined;
        if (alias) repository[`b${alias[1]}`] = text === undefined ? null : { oid: gitBlobSha(text), byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
      }
      return [200, { data: { repository } }];
    }
    return [404, { message: "Not Found" }];
  }
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (d: Buffer) => (text += d.toString()));
    req.on("end", () => resolve(text));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startServer(githubPort: number) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, APP_ID: "123", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, PORT: String(port), HOST: "127.0.0.1", GHE_HOST: `127.0.0.1:${githubPort}`, GHE_PROTOCOL: "http", LOG_LEVEL: "warn", DJPERF_SHUTDOWN_GRACE_MS: "500" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`djperf exited early:\n${output}`);
    if (attempt > 300) throw new Error(`djperf did not start:\n${output}`);
    if (await fetch(`${base}/healthz`).then(() => true, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, base, exited, output: () => output };
}

/** Times a `/healthz` request; fails past 1 s. */
async function healthz(base: string): Promise<{ ms: number; body: Json }> {
  const started = performance.now();
  const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
  const json = (await res.json()) as Json;
  return { ms: performance.now() - started, body: json };
}

async function deliverOpened(base: string): Promise<number> {
  const text = JSON.stringify(payload("pull_request.opened"));
  const signature = `sha256=${createHmac("sha256", SECRET).update(text).digest("hex")}`;
  const res = await fetch(`${base}/api/github/webhooks`, { method: "POST", body: text, headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d-restart-1", "x-hub-signature-256": signature } });
  return res.status;
}

describe("the real process while the worst fuzz file is analysed", () => {
  it("answers /healthz within 1 s; SIGKILL + restart, then SIGTERM, leave no check run in progress", async () => {
    expect(worst.split("\n").length).toBeGreaterThan(10_000);
    const github = new LocalGitHub();
    const githubPort = await github.start();

    // First process: the review starts, the thread analyses the 10,000-line function.
    const first = await startServer(githubPort);
    const blobsRead = github.request(/^POST \/api\/graphql/, 1);
    expect(await deliverOpened(first.base)).toBe(200);
    await blobsRead;
    for (let i = 0; i < 5; i++) {
      const probe = await healthz(first.base);
      expect(probe.ms, first.output()).toBeLessThan(1_000);
      expect(probe.body).toMatchObject({ status: "ok", queue: { running: { review: 1 } } });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(github.checkRuns).toEqual([expect.objectContaining({ status: "in_progress" })]);

    // SIGKILL mid-review: the check run stays in progress until the next process starts.
    first.child.kill("SIGKILL");
    expect(await first.exited).toMatchObject({ signal: "SIGKILL" });
    expect(github.checkRuns.filter((r) => r.status !== "completed")).toHaveLength(1);

    // The restart completes it ("interrupted") and reviews the commit again, in a new check run.
    const second = await startServer(githubPort);
    await github.request(/^POST \/api\/graphql/, 2);
    expect(github.checkRuns[0]).toMatchObject({ status: "completed", conclusion: "neutral", title: "Interrupted: djperf restarted" });
    expect(github.checkRuns).toHaveLength(2);
    expect((await healthz(second.base)).ms).toBeLessThan(1_000);

    // SIGTERM mid-review: past the grace period the review is stopped and its check run completed.
    second.child.kill("SIGTERM");
    expect(await second.exited, second.output()).toMatchObject({ code: 0 });
    expect(github.checkRuns.filter((r) => r.status !== "completed"), second.output()).toEqual([]);
    expect(github.checkRuns[1]).toMatchObject({ status: "completed", conclusion: "neutral" });
  }, 120_000);
});
