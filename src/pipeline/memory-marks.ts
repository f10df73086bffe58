/**
 * Memory at the phases of a run, for finding where a whole-repository check's peak is (docs/performance.md,
 * round 15): with `DJPERF_MEMORY_MARKS=1` in the environment, each phase boundary writes one line to
 * stderr (resident size, used and total JS heap, parses and characters parsed so far) and the highest
 * resident size seen between files so far with the phase it was in. Off, a mark is one comparison.
 */
import { parseCount, parsedLength } from "../analysis/parser.js";

const ON = process.env.DJPERF_MEMORY_MARKS === "1" || process.env.DJPERF_MEMORY_MARKS === "gc";
const GC = process.env.DJPERF_MEMORY_MARKS === "gc";
let phase = "start";
let peak = { rss: 0, phase: "", heapUsed: 0, heapTotal: 0 };

const mb = (n: number): string => (n / 1e6).toFixed(0);

/** A new phase starts: writes the memory at the end of the last one. */
export function markPhase(name: string): void {
  if (!ON) return;
  if (GC) (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  notePeak(m.rss, m.heapUsed, m.heapTotal);
  process.stderr.write(
    `djperf memory: ${phase} -> ${name}: rss ${mb(m.rss)} MB, heap used ${mb(m.heapUsed)} / total ${mb(m.heapTotal)} MB, ` +
      `${parseCount()} parses, ${(parsedLength() / 1e6).toFixed(1)} M characters; peak so far ${mb(peak.rss)} MB in ${peak.phase} (heap ${mb(peak.heapUsed)} / ${mb(peak.heapTotal)} MB)\n`,
  );
  phase = name;
}

/** A reading taken between files (releaseDeadTrees): kept when it is the highest so far. */
export function notePeak(rss: number, heapUsed: number, heapTotal: number): void {
  if (ON && rss > peak.rss) peak = { rss, phase, heapUsed, heapTotal };
}
