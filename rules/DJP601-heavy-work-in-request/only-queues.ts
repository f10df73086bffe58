/**
 * A task or a project management command that only queues other tasks (the index's dispatch-only
 * reading: `.delay()` / `.apply_async()` and values for them, nothing slow besides). Run inline, it
 * holds the request for a few broker publishes while the work itself runs on a worker (rotation set
 * 8: `call_command("daily_reporters_go")` whose `handle` is one `.delay()`; a task that queues one
 * task per reporter). Not heavy work: the rule stays silent.
 */
import type { CeleryIndex } from "../../src/analysis/index/celery.js";
import { commandNameOf, type SlowCall } from "../../src/analysis/django/slow-calls.js";

export function onlyQueuesTasks(celery: CeleryIndex, slow: SlowCall): boolean {
  if (slow.kind === "celery-sync") return slow.task?.dispatchOnly === true;
  if (slow.kind !== "command") return false;
  const name = commandNameOf(slow.call);
  return name !== undefined && celery.commandDispatchesOnly(name) === true;
}
