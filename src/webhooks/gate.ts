/**
 * What every handler does after its gate (DESIGN §6.1): enqueue the job, or log why there is none.
 * Handlers never call GitHub and never wait for analysis.
 */
import type { Job } from "../jobs/job.js";
import type { JobQueue } from "../jobs/queue.js";

/** A handler's decision: the jobs to run, or why the event needs none. */
export type Gate<J extends Job = Job> = { jobs: J[] } | { skip: string };

export function skip(reason: string): { skip: string } {
  return { skip: reason };
}

/** The part of Probot's context.log (pino) handlers use. */
export interface HandlerLog {
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export async function enqueueGated(queue: JobQueue, gate: Gate, log: HandlerLog): Promise<void> {
  if ("skip" in gate) {
    log.debug({ reason: gate.skip }, "webhook ignored");
    return;
  }
  for (const job of gate.jobs) {
    // Awaited: with Redis, a failed enqueue fails the delivery (500), which GitHub can redeliver.
    const result = await queue.enqueue(job);
    log.info({ job: result.key, status: result.status, kind: job.kind }, result.status === "queued" ? "job queued" : `job not queued: ${result.status}`);
  }
}

/** A GitHub user as webhook payloads describe it. */
export interface PayloadUser {
  login: string;
  type?: string;
}

/** Bots (djperf itself included) never trigger work: no loops between bots, no replies to replies. */
export function isBot(user: PayloadUser | null | undefined): boolean {
  if (!user) return true;
  return user.type === "Bot" || user.login.endsWith("[bot]");
}
