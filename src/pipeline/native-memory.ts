/**
 * Syntax trees live in native memory that V8 does not see: a tree is freed by its wrapper's finaliser,
 * after a garbage collection that V8 starts by the JS heap's growth alone. Analysing file after file,
 * the heap stays small while dead trees pile up outside it (hundreds of MB on a large project). At the
 * points where the loops yield anyway, a full collection is asked for when the memory outside the heap
 * has grown by more than a budget since the last one: a few collections per project, not per file.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Memory outside the JS heap (trees, parser buffers) allowed to accumulate before collecting. */
const NATIVE_BUDGET = 96 * 1024 * 1024;

let collect: (() => void) | null | undefined;
let baseline: number | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    // `gc` is only exposed with --expose-gc; setting the flag now makes a fresh context see it.
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  } catch {
    collect = null;
  }
  return collect;
}

/** Call between files: collects when dead native trees may have grown past the budget. */
export function releaseDeadTrees(): void {
  const { rss, heapTotal } = process.memoryUsage();
  const outside = rss - heapTotal;
  baseline ??= outside;
  if (outside - baseline < NATIVE_BUDGET) return;
  collector()?.();
  const after = process.memoryUsage();
  baseline = after.rss - after.heapTotal;
}
