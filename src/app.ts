/**
 * The Probot app (DESIGN §2): registers the webhook handlers and `/healthz`, `/readyz`, `/metrics`,
 * nothing else. Handlers gate, build a job and enqueue it; the queue's worker does the work (src/jobs),
 * in this process or, with Redis, in `djperf worker` processes (docs/scale-out.md).
 */
import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from "probot";
import type { JobQueue } from "./jobs/queue.js";
import { DjperfMetrics } from "./jobs/metrics.js";
import { createJobQueue, type WorkerOptions } from "./jobs/worker.js";
import { healthzHandler, observabilityHandler } from "./server.js";
import { onCheckRunRerequested, onCheckSuiteRerequested } from "./webhooks/check-run.js";
import { onIssueComment, onReviewComment } from "./webhooks/comment-command.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./webhooks/pull-request.js";

export type DjperfAppOptions = WorkerOptions;

export interface DjperfApp {
  app: ApplicationFunction;
  /** The queue of the loaded app; undefined until Probot has loaded it. */
  readonly queue: JobQueue | undefined;
  readonly metrics: DjperfMetrics;
}

export function createDjperfApp(options: DjperfAppOptions = {}): DjperfApp {
  let queue: JobQueue | undefined;
  const metrics = options.metrics ?? new DjperfMetrics();
  const app = (probot: Probot, appOptions?: ApplicationFunctionOptions): void => {
    const q = createJobQueue(probot, { ...options, metrics });
    queue = q;
    probot.on([...PULL_REQUEST_EVENTS], onPullRequest(q));
    probot.on("check_run.rerequested", onCheckRunRerequested(q));
    probot.on("check_suite.rerequested", onCheckSuiteRerequested(q));
    probot.on("issue_comment.created", onIssueComment(q));
    probot.on("pull_request_review_comment.created", onReviewComment(q));
    addHttpHandler(appOptions, healthzHandler(() => q.snapshot()));
    addHttpHandler(appOptions, observabilityHandler({ snapshot: () => q.snapshot(), ready: () => q.ready?.() ?? Promise.resolve(true), metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }) }));
  };
  return {
    app,
    metrics,
    get queue() {
      return queue;
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
