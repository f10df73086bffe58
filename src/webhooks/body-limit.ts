/**
 * Webhook bodies are bounded before anything reads them (issue 12, item 2). Probot's middleware reads
 * a request body whole and only then checks its signature, so an unauthenticated 400 MB POST costs
 * 400 MB of memory. GitHub never sends more than 25 MB and always sends `Content-Length`, so:
 *
 * - `Content-Length` above the limit → 413, and the connection is closed without reading the body;
 * - a body without `Content-Length` (chunked) → 411: its size cannot be known before it is read;
 * - a malformed `Content-Length` → 400.
 *
 * With a valid `Content-Length`, Node's HTTP parser delivers at most that many bytes as the body
 * (anything after it is parsed as the next request), so the stream is bounded by the header checked
 * here: counting it again would find nothing more.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Probot } from "probot";

/** GitHub caps webhook payloads at 25 MB and does not deliver larger ones. */
export const GITHUB_WEBHOOK_MAX_BYTES = 25 * 1024 * 1024;

export type BodyVerdict = { ok: true } | { ok: false; status: 400 | 411 | 413; message: string };

/** What a request's headers say about its body, decided before a byte of it is read. */
export function judgeRequestBody(headers: IncomingMessage["headers"], maxBytes: number): BodyVerdict {
  const length = headers["content-length"];
  if (length === undefined) {
    if (headers["transfer-encoding"] === undefined) return { ok: true }; // no body at all
    return { ok: false, status: 411, message: "a request body needs a Content-Length header" };
  }
  if (!/^\d{1,16}$/.test(length)) return { ok: false, status: 400, message: "malformed Content-Length header" };
  const bytes = Number(length);
  if (bytes > maxBytes) return { ok: false, status: 413, message: `request body of ${bytes} bytes exceeds the limit of ${maxBytes} bytes` };
  return { ok: true };
}

/** Answers a request whose body is refused, then drops the connection so the body is never read. */
export function refuseBody(req: IncomingMessage, res: ServerResponse, verdict: Extract<BodyVerdict, { ok: false }>): void {
  res.writeHead(verdict.status, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: verdict.message }), () => req.destroy());
}

type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<boolean> | boolean;

/**
 * Puts the body check in front of Probot's webhook middleware. Probot's `run()` builds its server and
 * its Probot class internally and offers no hook that runs before the webhook middleware (handlers an
 * app adds run after it), so the check wraps `getNodeMiddleware` on the Probot class `run()` uses.
 * Idempotent; returns a function that restores the original.
 */
export function guardWebhookBodies(maxBytes: number = GITHUB_WEBHOOK_MAX_BYTES, probotClass: typeof Probot = Probot): () => void {
  const proto = probotClass.prototype as unknown as { getNodeMiddleware: (...args: unknown[]) => Promise<NodeMiddleware>; __djperfBodyGuard?: true };
  if (proto.__djperfBodyGuard) return () => undefined;
  const original = proto.getNodeMiddleware;
  proto.getNodeMiddleware = async function (this: unknown, ...args: unknown[]): Promise<NodeMiddleware> {
    const inner = await original.apply(this, args);
    return (req, res, next) => {
      const verdict = judgeRequestBody(req.headers, maxBytes);
      if (!verdict.ok) {
        refuseBody(req, res, verdict);
        return true;
      }
      return inner(req, res, next);
    };
  };
  proto.__djperfBodyGuard = true;
  return () => {
    proto.getNodeMiddleware = original;
    delete proto.__djperfBodyGuard;
  };
}
