/**
 * `npm start`'s entry (src/main.ts) as a real process: Probot's environment configures it, /healthz
 * answers, webhooks are verified against WEBHOOK_SECRET, and a signal stops it cleanly. Run from
 * source with tsx; the built `dist/src/main.js` is the same module.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { payload } from "./support/app.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SECRET = "test-webhook-secret";

let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHealthy(base: string, output: () => string): Promise<Response> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      return await fetch(`${base}/healthz`);
    } catch {
      if (child?.exitCode !== null) throw new Error(`djperf exited early:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`djperf did not start:\n${output()}`);
}

function signed(body: string): Record<string, string> {
  return { "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` };
}

describe("npm start (src/main.ts)", () => {
  it("serves /healthz and verified webhooks, and stops cleanly on SIGINT", async () => {
    const port = await freePort();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    let output = "";
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, APP_ID: "123", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", LOG_FORMAT: "json" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;

    const health = await waitForHealthy(base, () => output);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", queue: { closed: false, pending: { review: 0, command: 0 }, running: { review: 0, command: 0 } } });

    // A comment without a command: verified, gated, nothing queued (and no call to GitHub).
    const body = JSON.stringify(payload<Record<string, { body: string }>>("issue_comment.created", (p) => (p.comment!.body = "Looks good to me")));
    const headers = { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": "d-main-1" };
    const accepted = await fetch(`${base}/api/github/webhooks`, { method: "POST", body, headers: { ...headers, ...signed(body) } });
    expect(accepted.status).toBe(200);
    const forged = await fetch(`${base}/api/github/webhooks`, { method: "POST", body, headers: { ...headers, "x-hub-signature-256": `sha256=${"0".repeat(64)}` } });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    // Issue 12, item 2: a body over GitHub's 25 MB limit is refused from its Content-Length alone.
    const huge = await fetch(`${base}/api/github/webhooks`, { method: "POST", body, headers: { ...headers, "content-length": String(400 * 1024 * 1024) } }).catch((error: unknown) => error);
    // fetch refuses to send a body shorter than its announced length, or reads the 413: either way no 2xx.
    if (huge instanceof Response) expect(huge.status).toBe(413);

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("djperf: stopped");
  });

  it("refuses to start as an App with Probot's public development secret or without a secret", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    for (const secret of ["", "development"]) {
      let output = "";
      child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, APP_ID: "123", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret, PORT: String(await freePort()), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child!.on("exit", (c) => resolve(c)));
      expect(code).toBe(1);
      expect(output).toContain("djperf: refusing to start: WEBHOOK_SECRET");
      expect(output).not.toContain("BEGIN RSA PRIVATE KEY");
    }
  });
});
