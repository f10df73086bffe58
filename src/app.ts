/**
 * The Probot app (DESIGN §2): registers the webhook handlers and `/healthz`, `/readyz`, `/metrics`,
 * nothing else. Handlers gate, build a job and enqueue it; the queue's worker does the work (src/jobs),
 * in this process or, with Redis, in `djperf worker` processes (docs/scale-out.md).
 */
import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from "probot";
import type { JobQueue } from "./jobs/queue.js";
import { DjperfMetrics } from "./jobs/metrics.js";
import { createJobQueue, type WorkerOptions } from "./jobs/worker.js";
import { recoverInterruptedRuns, type RecoveryOptions, type RecoveryResult } from "./jobs/recover-interrupted.js";
import { livezHandler, observabilityHandler } from "./server.js";
import { onCheckRunRerequested, onCheckSuiteRerequested } from "./webhooks/check-run.js";
import { onIssueComment, onReviewComment } from "./webhooks/comment-command.js";
import { CommandLimit, type CommandLimitOptions } from "./webhooks/command-limit.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./webhooks/pull-request.js";

export type DjperfAppOptions = WorkerOptions & {
  /** Budget of `/djperf` commands per pull request (src/webhooks/command-limit.ts). */
  commandLimit?: CommandLimitOptions;
};

export interface DjperfApp {
  app: ApplicationFunction;
  /** The queue of the loaded app; undefined until Probot has loaded it. */
  readonly queue: JobQueue | undefined;
  readonly metrics: DjperfMetrics;
  /**
   * Completes the djperf check runs a stopped process left in progress and queues their commits
   * again (call once after start-up; src/jobs/recover-interrupted.ts).
   */
  recoverInterrupted(options?: RecoveryOptions): Promise<RecoveryResult>;
}

export function createDjperfApp(options: DjperfAppOptions = {}): DjperfApp {
  let queue: JobQueue | undefined;
  const metrics = options.metrics ?? new DjperfMetrics();
  let loaded: Probot | undefined;
  const app = (probot: Probot, appOptions?: ApplicationFunctionOptions): void => {
    const q = createJobQueue(probot, { ...options, metrics });
    queue = q;
    loaded = probot;
    probot.on([...PULL_REQUEST_EVENTS], onPullRequest(q));
    probot.on("check_run.rerequested", onCheckRunRerequested(q));
    probot.on("check_suite.rerequested", onCheckSuiteRerequested(q));
    // One budget per pull request across both kinds of comments.
    const commandLimit = new CommandLimit(options.commandLimit);
    probot.on("issue_comment.created", onIssueComment(q, commandLimit));
    probot.on("pull_request_review_comment.created", onReviewComment(q, commandLimit));
    addHttpHandler(appOptions, livezHandler(() => q.snapshot()));
    addHttpHandler(appOptions, observabilityHandler({ snapshot: () => q.snapshot(), ready: () => q.ready?.() ?? Promise.resolve(true), metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }) }));
  };
  return {
    app,
    metrics,
    get queue() {
      return queue;
    },
    recoverInterrupted: (recovery) => {
      if (!loaded || !queue) return Promise.reject(new Error("the app is not loaded yet"));
      const log = loaded.log.child({ name: "djperf", task: "recovery" });
      return recoverInterruptedRuns(loaded, queue, log, { ...(options.clock ? { clock: options.clock } : {}), ...(options.gateway ? { gateway: options.gateway } : {}), ...recovery });
    },
  };
}

/** Probot offers HTTP routes only when it runs its own server (not under `probot.load` in tests). */
function addHttpHandler(appOptions: ApplicationFunctionOptions | undefined, handler: Parameters<ApplicationFunctionOptions["addHandler"]>[0]): void {
  try {
    appOptions?.addHandler(handler);
  } catch {
    // "No server instance": serverless or test use, where /healthz has no server to live on.
  }
}

/** For `probot run dist/src/app.js`: the app with its defaults. */
export default createDjperfApp().app;
