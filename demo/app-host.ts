/**
 * Runs the real djperf Probot app the way `probot run` does: a Probot instance with an App id,
 * private key and webhook secret, its node middleware (signature verification included) on an HTTP
 * server, pointed at a GitHub by base URL. Its log lines are captured instead of printed, so the demo
 * can show them after the result.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { createNodeMiddleware, Probot } from "probot";
import { createDjperfApp, type DjperfApp, type DjperfAppOptions } from "../src/app.js";

export const WEBHOOK_PATH = "/api/github/webhooks";
/** How long closing waits for aborted jobs to finish their check runs. */
const DRAIN_TIMEOUT_MS = 5000;

type ProbotLogger = NonNullable<NonNullable<ConstructorParameters<typeof Probot>[0]>["log"]>;
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";
const LEVELS: LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal"];

export interface LogRecord {
  level: LogLevel;
  msg: string;
  /** Bindings of the logger and the fields logged with the message. */
  fields: Record<string, unknown>;
  err?: unknown;
}

export interface AppHost {
  /** Where GitHub delivers webhooks. */
  webhookUrl: string;
  djperf: DjperfApp;
  logs: LogRecord[];
  close(): Promise<void>;
}

export interface AppHostOptions {
  appId: number;
  privateKey: string;
  secret: string;
  /** The GitHub REST base URL, e.g. `http://127.0.0.1:PORT/api/v3` (as GHE_HOST would give Probot). */
  baseUrl: string;
  /** Also print log lines at or above this level as they happen (default: print nothing). */
  echo?: LogLevel;
  /** Passed to createDjperfApp (the defaults are what `npm start` runs). */
  app?: DjperfAppOptions;
}

export async function startApp(options: AppHostOptions): Promise<AppHost> {
  const logs: LogRecord[] = [];
  const echoFrom = options.echo ? LEVELS.indexOf(options.echo) : Infinity;
  const log = captureLogger((record) => {
    logs.push(record);
    if (LEVELS.indexOf(record.level) >= echoFrom) process.stderr.write(`  [app ${record.level}] ${formatRecord(record)}\n`);
  });
  const probot = new Probot({ appId: options.appId, privateKey: options.privateKey, secret: options.secret, baseUrl: options.baseUrl, log });
  const djperf = createDjperfApp(options.app);
  const middleware = await createNodeMiddleware(djperf.app, { probot, webhooksPath: WEBHOOK_PATH });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    djperf,
    logs,
    close: async () => {
      // A job still running (the demo timed out) is aborted: its check run gets completed, not left open.
      const queue = djperf.queue;
      if (queue) {
        queue.abortAll("the demo is shutting down");
        await Promise.race([queue.drain(), delay(DRAIN_TIMEOUT_MS)]);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The part of pino's Logger that Probot, Octokit and @octokit/webhooks call (the level methods and
 * child), recording instead of writing. Probot accepts any pino-compatible logger through `log`.
 */
function captureLogger(sink: (record: LogRecord) => void, bindings: Record<string, unknown> = {}): ProbotLogger {
  const method = (level: LogLevel) => (first?: unknown, second?: unknown, ...rest: unknown[]) => {
    let fields: Record<string, unknown> = { ...bindings };
    let err: unknown;
    let msg = "";
    if (first instanceof Error) {
      err = first;
      msg = typeof second === "string" ? second : first.message;
    } else if (first !== null && typeof first === "object") {
      const { err: e, error, ...other } = first as Record<string, unknown>;
      err = e ?? error;
      fields = { ...fields, ...other };
      msg = typeof second === "string" ? second : "";
    } else {
      msg = [first, second, ...rest].filter((p) => p !== undefined).map(String).join(" ");
    }
    sink({ level, msg, fields, ...(err !== undefined ? { err } : {}) });
  };
  const logger = {
    level: "trace",
    child: (more: Record<string, unknown>) => captureLogger(sink, { ...bindings, ...more }),
    bindings: () => bindings,
    isLevelEnabled: () => true,
    flush: () => undefined,
    silent: () => undefined,
    ...Object.fromEntries(LEVELS.map((l) => [l, method(l)])),
  };
  return logger as unknown as ProbotLogger;
}

/** `msg {field: value, …}: error`, without the logger names every line carries. */
export function formatRecord(record: LogRecord): string {
  const { name: _name, ...fields } = record.fields;
  const shown = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
  return `${record.msg}${shown}${record.err ? `: ${describe(record.err)}` : ""}`;
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}
