import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import type { QueueSnapshot } from "../../src/jobs/queue.js";
import { healthzHandler } from "../../src/server.js";

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

describe("/healthz", () => {
  it("answers 200 with the queue's counts while taking work", () => {
    const { req, res, sent } = request("GET", "/healthz?verbose");
    expect(healthzHandler(() => snapshot(false))(req, res)).toBe(true);
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body!)).toEqual({ status: "ok", queue: snapshot(false) });
  });

  it("answers 503 while draining, so load balancers stop sending webhooks", () => {
    const { req, res, sent } = request("GET", "/healthz");
    healthzHandler(() => snapshot(true))(req, res);
    expect(sent.status).toBe(503);
    expect(JSON.parse(sent.body!).status).toBe("draining");
  });

  it("leaves other routes to the next handler", () => {
    for (const [method, url] of [["GET", "/api/github/webhooks"], ["POST", "/healthz"], ["GET", "/healthzz"]] as const) {
      const { req, res, sent } = request(method, url);
      expect(healthzHandler(() => snapshot(false))(req, res)).toBe(false);
      expect(sent.status).toBeUndefined();
    }
  });
});
