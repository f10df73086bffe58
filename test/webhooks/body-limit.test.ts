/**
 * Webhook bodies over the limit are refused before Probot reads them (issue 12, item 2): a real
 * Probot Server on a loopback port, raw HTTP requests. The oversized request announces 400 MB and
 * sends a few kilobytes: the answer comes without the rest ever being sent, which proves the body is
 * not read (a server that read it would wait for the remaining bytes forever).
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { Probot, Server } from "probot";
import { guardWebhookBodies, judgeRequestBody, GITHUB_WEBHOOK_MAX_BYTES } from "../../src/webhooks/body-limit.js";

const SECRET = "body-limit-test-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

let base: { host: string; port: number };
let stop: () => Promise<void>;
let restore: () => void;
const received: string[] = [];

beforeAll(async () => {
  restore = guardWebhookBodies(1024 * 1024);
  const log = pino({ level: "silent" });
  const server = new Server({ host: "127.0.0.1", port: 0, log, Probot: Probot.defaults({ appId: 1, privateKey, secret: SECRET, log }) });
  await server.load((app) => app.on("issue_comment", (context) => void received.push(context.id)));
  const http = await server.start();
  base = { host: "127.0.0.1", port: (http.address() as AddressInfo).port };
  stop = () => server.stop();
});

afterAll(async () => {
  await stop();
  restore();
});

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends headers and `send` bytes of body, never more; resolves with the server's answer. */
function post(headers: Record<string, string>, send: Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ ...base, method: "POST", path: "/api/github/webhooks", headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.write(send);
    // Deliberately not ended when the announced length is larger: the server must answer anyway.
    if (headers["content-length"] === undefined || Number(headers["content-length"]) === send.length) req.end();
  });
}

function signed(body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-github-event": "issue_comment",
    "x-github-delivery": `d-${received.length + 1}`,
    "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
  };
}

describe("webhook body limit", () => {
  it("refuses a body announced above the limit with 413, without reading it, and closes the connection", async () => {
    const answer = await post({ "content-type": "application/json", "x-github-event": "issue_comment", "x-hub-signature-256": `sha256=${"0".repeat(64)}`, "content-length": String(400 * 1024 * 1024) }, Buffer.alloc(4096, 0x20));
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(answer.body).toContain("exceeds the limit");
    expect(received).toEqual([]);
  });

  it("refuses a chunked body (no Content-Length) with 411", async () => {
    const answer = await post({ "content-type": "application/json", "transfer-encoding": "chunked", "x-github-event": "issue_comment" }, Buffer.from("{}"));
    expect(answer.status).toBe(411);
  });

  it("still delivers a signed webhook under the limit, and still rejects a bad signature", async () => {
    const body = JSON.stringify({ action: "created", comment: { body: "hi" }, issue: { number: 1 }, repository: { name: "r", owner: { login: "o" } } });
    const ok = await post({ ...signed(body), "content-length": String(Buffer.byteLength(body)) }, Buffer.from(body));
    expect(ok.status).toBe(200);
    expect(received).toHaveLength(1);
    const forged = await post({ ...signed(body), "x-hub-signature-256": `sha256=${"0".repeat(64)}`, "content-length": String(Buffer.byteLength(body)) }, Buffer.from(body));
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(received).toHaveLength(1);
  });
});

describe("judgeRequestBody", () => {
  it("uses GitHub's 25 MB as the default limit", () => {
    expect(GITHUB_WEBHOOK_MAX_BYTES).toBe(26_214_400);
  });

  it("accepts bodyless requests and bodies up to the limit; refuses malformed lengths", () => {
    expect(judgeRequestBody({}, 10)).toEqual({ ok: true });
    expect(judgeRequestBody({ "content-length": "10" }, 10)).toEqual({ ok: true });
    expect(judgeRequestBody({ "content-length": "11" }, 10)).toMatchObject({ ok: false, status: 413 });
    expect(judgeRequestBody({ "content-length": "-1" }, 10)).toMatchObject({ ok: false, status: 400 });
    expect(judgeRequestBody({ "content-length": "1e9" }, 10)).toMatchObject({ ok: false, status: 400 });
  });
});
