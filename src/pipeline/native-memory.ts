/**
 * Syntax trees live in native memory that V8 does not see: a tree is freed by its wrapper's finaliser,
 * after a garbage collection and an event-loop turn. Parsing file after file (the index build, then the
 * analysis), the JS heap grows slowly while dead trees and node wrappers pile up outside it, and V8
 * lets the heap itself fill with dead wrappers well past what is live (the peak RSS of a large project
 * was 560-590 MB, a third of it garbage). Between files the loops ask `releaseDeadTrees()`: it runs a
 * full collection when the memory outside the heap or the used heap has grown by more than a budget
 * since the smallest value seen after the last collection, or a million characters were parsed since
 * it (PARSED_BUDGET: the allocator's kept memory hides growth); the caller then yields, so the finalisers
 * free the trees before the next parse. A few dozen collections per large project, not one per file.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { parseCount, parsedLength } from "../analysis/parser.js";
import { notePeak } from "./memory-marks.js";

/** Memory outside the JS heap (trees, node caches, parser buffers) allowed to accumulate before collecting. */
const NATIVE_BUDGET = 24 * 1024 * 1024;
/** Growth of the used JS heap (mostly dead node wrappers) allowed before collecting. */
const HEAP_BUDGET = 32 * 1024 * 1024;
/**
 * Characters parsed since the last collection allowed before collecting (about 25-40 MB of trees and of
 * the binding's bookkeeping for the node objects read from them). The two budgets above measure growth
 * of the resident size, and the allocator keeps what a collection frees: the next trees fill that room
 * without growing the resident size, so each round of garbage could be the last one plus a budget
 * (tendenci's index build: 160 MB outside the heap with one tree alive). Counting what was parsed
 * bounds the garbage whatever the allocator keeps.
 */
export const PARSED_BUDGET = 1_000_000;
/** parsedLength() at the last collection. */
let parsedAtCollection = 0;

let collect: (() => void) | null | undefined;
/** The smallest outside-heap size and used heap seen since the last collection (undefined: not yet measured). */
let outsideFloor: number | undefined;
let heapFloor: number | undefined;
/** parseCount() at the last reading: files whose facts came from a cache made no tree, and are not measured. */
let parsesSeen = -1;

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

/** Whether growth since the last collection (bytes outside the heap, bytes of used heap, characters parsed) is past a budget. */
export function collectionDue(outsideGrowth: number, heapGrowth: number, parsedSince: number): boolean {
  return outsideGrowth >= NATIVE_BUDGET || heapGrowth >= HEAP_BUDGET || parsedSince >= PARSED_BUDGET;
}

/**
 * Call between files (cheap: one memory reading, about 50 µs, and none when nothing was parsed since
 * the last call: a warm index reads thousands of files' facts from its cache). True when it collected:
 * the caller should yield to the event loop before parsing again, so the dead trees' finalisers run.
 */
export function releaseDeadTrees(): boolean {
  const parses = parseCount();
  if (parses === parsesSeen) return false;
  parsesSeen = parses;
  const { rss, heapTotal, heapUsed } = process.memoryUsage();
  const outside = rss - heapTotal;
  notePeak(rss, heapUsed, heapTotal);
  // The floors follow the lowest readings: V8's own collections and the finalisers lower them too.
  if (outsideFloor === undefined || outside < outsideFloor) outsideFloor = outside;
  if (heapFloor === undefined || heapUsed < heapFloor) heapFloor = heapUsed;
  const parsed = parsedLength();
  if (!collectionDue(outside - outsideFloor, heapUsed - heapFloor, parsed - parsedAtCollection)) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  parsedAtCollection = parsed;
  // Measured again after the caller's yield (the trees are freed only then).
  outsideFloor = undefined;
  heapFloor = undefined;
  return true;
}

/** The event loop gets a turn at least this often in the per-file loops (progress, signals, finalisers). */
export const YIELD_EVERY = 50;

/**
 * The end of one file in a loop that parses file after file: collects when memory grew past the
 * budgets and yields after a collection (so the trees are freed before the next parse) or every
 * YIELD_EVERY files. `count` is the number of files done so far.
 */
export async function afterFile(count: number): Promise<void> {
  if (releaseDeadTrees() || count % YIELD_EVERY === 0) await yieldToEventLoop();
}
