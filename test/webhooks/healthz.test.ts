import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import type { QueueSnapshot } from "../../src/jobs/queue.js";
import { livezHandler, observabilityHandler } from "../../src/server.js";

function request(method: string, url: string) {
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
  return { req: { method, url } as IncomingMessage, res, sent };
}

const snapshot = (closed: boolean): QueueSnapshot => ({ closed, pending: { review: 2, command: 0 }, running: { review: 1, command: 1 } });

function observe(closed: boolean, storeAnswers: boolean) {
  return observabilityHandler({ snapshot: () => snapshot(closed), ready: () => Promise.resolve(storeAnswers), metrics: () => Promise.resolve({ contentType: "text/plain", text: "" }) });
}

describe("/healthz", () => {
  it("answers 200 with the queue's counts while taking work and the queue store answers", async () => {
    const { req, res, sent } = request("GET", "/healthz?verbose");
    expect(await observe(false, true)(req, res)).toBe(true);
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body!)).toEqual({ status: "ok", queue: snapshot(false) });
  });

  it("answers 503 when Redis (the configured queue store) does not answer", async () => {
    const { req, res, sent } = request("GET", "/healthz");
    await observe(false, false)(req, res);
    expect(sent.status).toBe(503);
    expect(JSON.parse(sent.body!).status).toBe("queue store unreachable");
  });

  it("answers 503 while draining, so load balancers stop sending webhooks", async () => {
    const { req, res, sent } = request("GET", "/healthz");
    await observe(true, true)(req, res);
    expect(sent.status).toBe(503);
    expect(JSON.parse(sent.body!).status).toBe("draining");
  });
});

describe("/livez", () => {
  it("answers 200 with the queue's counts without asking the queue store", () => {
    const { req, res, sent } = request("GET", "/livez?verbose");
    expect(livezHandler(() => snapshot(false))(req, res)).toBe(true);
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body!)).toEqual({ status: "ok", queue: snapshot(false) });
  });

  it("answers 503 while draining", () => {
    const { req, res, sent } = request("GET", "/livez");
    livezHandler(() => snapshot(true))(req, res);
    expect(sent.status).toBe(503);
    expect(JSON.parse(sent.body!).status).toBe("draining");
  });

  it("leaves other routes to the next handler", () => {
    for (const [method, url] of [["GET", "/api/github/webhooks"], ["POST", "/livez"], ["GET", "/healthz"], ["GET", "/livezz"]] as const) {
      const { req, res, sent } = request(method, url);
      expect(livezHandler(() => snapshot(false))(req, res)).toBe(false);
      expect(sent.status).toBeUndefined();
    }
  });
});
