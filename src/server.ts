/**
 * HTTP endpoints next to Probot's webhook route. `/healthz` (and its alias `/readyz`): 200 only while
 * the app takes work and its queue store (Redis, when configured) answers. `/livez`: the process
 * alone, for a liveness probe that must not restart every replica during a Redis outage.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueSnapshot } from "./jobs/queue.js";

export const HEALTHZ_PATH = "/healthz";
export const LIVEZ_PATH = "/livez";

/**
 * `/livez`: 200 with the queue's counts while the app takes work; 503 once it is draining for
 * shutdown. It asks nothing of Redis: the process is alive even when its queue store is not.
 */
export function livezHandler(snapshot: () => QueueSnapshot) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== LIVEZ_PATH || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const queue = snapshot();
    const body = JSON.stringify({ status: queue.closed ? "draining" : "ok", queue });
    res.writeHead(queue.closed ? 503 : 200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}

export const READYZ_PATH = "/readyz";
export const METRICS_PATH = "/metrics";

/** What /healthz, /readyz and /metrics read: the queue (with Redis: its connection) and the metrics registry. */
export interface Observable {
  snapshot(): QueueSnapshot;
  ready(): Promise<boolean>;
  metrics(): Promise<{ contentType: string; text: string }>;
}

/**
 * `/healthz` and `/readyz`: 200 only while the queue takes work and its store (Redis, when configured)
 * answers, so a load balancer or orchestrator routes webhooks only to replicas that can enqueue them;
 * `/healthz` also shows the queue's counts. `/metrics`: Prometheus text.
 * Neither shows secrets; /metrics shows repository-independent counts only (route templates, not URLs).
 */
export function observabilityHandler(target: Observable) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (path === READYZ_PATH || path === HEALTHZ_PATH) {
      const queue = target.snapshot();
      const store = queue.closed ? false : await target.ready();
      const status = queue.closed ? "draining" : !store ? "queue store unreachable" : path === HEALTHZ_PATH ? "ok" : "ready";
      res.writeHead(!queue.closed && store ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : JSON.stringify(path === HEALTHZ_PATH ? { status, queue } : { status }));
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
