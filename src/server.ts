/** HTTP endpoints next to Probot's webhook route: `/healthz` for load balancers and orchestrators. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueSnapshot } from "./jobs/queue.js";

export const HEALTHZ_PATH = "/healthz";

/**
 * 200 with the queue's counts while the app takes work; 503 once it is draining for shutdown, so a
 * load balancer stops sending webhooks to it.
 */
export function healthzHandler(snapshot: () => QueueSnapshot) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== HEALTHZ_PATH || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const queue = snapshot();
    const body = JSON.stringify({ status: queue.closed ? "draining" : "ok", queue });
    res.writeHead(queue.closed ? 503 : 200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}

export const READYZ_PATH = "/readyz";
export const METRICS_PATH = "/metrics";

/** What /readyz and /metrics read: the queue (with Redis: its connection) and the metrics registry. */
export interface Observable {
  snapshot(): QueueSnapshot;
  ready(): Promise<boolean>;
  metrics(): Promise<{ contentType: string; text: string }>;
}

/**
 * `/readyz`: 200 only while the queue takes work and its store (Redis, when configured) answers, so an
 * orchestrator routes webhooks only to replicas that can enqueue them. `/metrics`: Prometheus text.
 * Neither shows secrets; /metrics shows repository-independent counts only (route templates, not URLs).
 */
export function observabilityHandler(target: Observable) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (path === READYZ_PATH) {
      const closed = target.snapshot().closed;
      const store = closed ? false : await target.ready();
      const status = closed ? "draining" : store ? "ready" : "queue store unreachable";
      res.writeHead(!closed && store ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : JSON.stringify({ status }));
      return true;
    }
    if (path === METRICS_PATH) {
      const { contentType, text } = await target.metrics();
      res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
      return true;
    }
    return false;
  };
}
