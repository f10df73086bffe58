/**
 * Graceful stop on SIGTERM/SIGINT for the server and the worker: stop taking work, let running jobs
 * finish, past a grace period stop them (in-process: their check runs say why; Redis: their jobs go
 * back to the queue for another worker), then close the queue's connections. A second signal exits now.
 */
import type { Lane } from "./jobs/job.js";
import type { JobQueue, QueueSnapshot } from "./jobs/queue.js";

export interface ShutdownPlan {
  name: string;
  queue: () => JobQueue | undefined;
  graceMs: number;
  /** Stops taking webhooks or HTTP requests first. */
  stopServer?: () => Promise<unknown>;
  abortReason: string;
}

export function onStopSignals(plan: ShutdownPlan): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      void shutdown(plan, signal).then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`${plan.name}: shutdown failed`, error);
          process.exit(1);
        },
      );
    });
  }
}

export async function shutdown(plan: ShutdownPlan, signal: string): Promise<void> {
  const queue = plan.queue();
  console.info(`${plan.name}: ${signal} received; finishing ${queue ? describe(queue.snapshot()) : "no jobs"}`);
  if (plan.stopServer) await withTimeout(plan.stopServer(), 5_000).catch((error: unknown) => console.error(`${plan.name}: stopping the HTTP server failed`, error));
  if (queue) {
    const drained = queue.drain();
    const grace = setTimeout(() => queue.abortAll(plan.abortReason), plan.graceMs);
    await drained;
    clearTimeout(grace);
    await queue.close?.();
  }
  console.info(`${plan.name}: stopped`);
}

function describe(snapshot: QueueSnapshot): string {
  const { pending, running } = snapshot;
  const sum = (r: Record<Lane, number>) => r.review + r.command;
  return `${sum(running)} running and ${sum(pending)} queued jobs`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
}
