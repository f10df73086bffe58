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
