/**
 * `djperf check` on several threads: parsing and rules are synchronous CPU work, so a large project
 * is split into consecutive shares of its targets, one per thread; each thread builds the same index
 * (the facts cache makes the second one cheap) and analyses its share; the shares are merged in
 * target order, so the output is the one a single thread gives (mergeSlices).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { AnyRule } from "../analysis/rule.js";
import type { AnalysisResult } from "../analysis/finding.js";
import type { DjperfConfig } from "../config/schema.js";
import { mergeSlices } from "../pipeline/run-analysis.js";
import { tsxBootstrap } from "../pipeline/analysis-thread.js";
import { RULES } from "../../rules/index.js";

/** Below this many Python targets a second thread costs more (its own start and index) than it saves. */
export const MIN_FILES_PER_THREAD = 150;

export interface ShareRequest {
  root: string;
  targets: string[];
  slice: { index: number; count: number };
  config: DjperfConfig;
  ruleIds: string[];
  cache: { root: string; version: string } | null;
}

export type ShareReply = { ok: true; result: AnalysisResult } | { ok: false; message: string };

/**
 * How many threads to use: `--threads N` when given, else one (one per core for large projects with
 * DJPERF_THREADS=auto); always
 * one when a rule is not from the registry (a thread can only load registry rules).
 */
export function threadCount(requested: number | undefined, pythonTargets: number, rules: readonly AnyRule[]): number {
  const registry = new Set<AnyRule>(RULES);
  if (!rules.every((r) => registry.has(r))) return 1;
  if (requested !== undefined) return requested;
  // Opt-in for now: measured on a loaded 2-core machine, two threads were 1.33× slower in wall time
  // (each thread builds the index again, and the second core was busy); docs/performance.md.
  return pythonTargets >= MIN_FILES_PER_THREAD * 2 && process.env.DJPERF_THREADS === "auto" ? Math.min(availableParallelism(), 8) : 1;
}

export interface ThreadedCheck {
  root: string;
  targets: readonly string[];
  config: DjperfConfig;
  rules: readonly AnyRule[];
  threads: number;
  cache: ShareRequest["cache"];
}

export async function analyseInThreads(input: ThreadedCheck): Promise<AnalysisResult> {
  const targets = [...input.targets];
  const ruleIds = input.rules.map((r) => r.id);
  const shares = Array.from({ length: input.threads }, (_, index) =>
    runShare({ root: input.root, targets, slice: { index, count: input.threads }, config: input.config, ruleIds, cache: input.cache }),
  );
  return mergeSlices(await Promise.all(shares));
}

function runShare(request: ShareRequest): Promise<AnalysisResult> {
  const self = new URL(import.meta.url);
  const url = new URL(self.pathname.endsWith(".ts") ? "./check-worker.ts" : "./check-worker.js", self);
  const worker = url.pathname.endsWith(".ts") ? new Worker(tsxBootstrap(url), { eval: true }) : new Worker(url);
  return new Promise((resolve, reject) => {
    worker.once("message", (reply: ShareReply) => (reply.ok ? resolve(reply.result) : reject(new Error(`a check thread failed: ${reply.message}`))));
    worker.once("error", (error) => reject(new Error(`a check thread failed: ${error.message}`)));
    worker.once("exit", (code) => reject(new Error(`a check thread stopped (exit code ${code}) before it finished`)));
    worker.postMessage(request);
  });
}
