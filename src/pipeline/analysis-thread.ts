/**
 * The analysis of a pull request off the event loop (issue 12, item 1). Parsing and rules are
 * synchronous CPU work: on the event loop, one pathological file (a long chained assignment, a huge
 * dense module) would stall every installation, `/healthz` and the review time limit with it. In a
 * separate process, the event loop stays free and an aborted review (time limit, newer push,
 * shutdown) kills that process at once, whatever the analysis was doing: a hostile file costs one
 * job, never the server.
 *
 * A child process, not a worker thread: terminating a thread while it is inside tree-sitter's native
 * code throws a C++ exception there that aborts the whole process (SIGABRT, "terminate called after
 * throwing an instance of 'Napi::Error'"; reproduced by test/webhooks/process-restart.test.ts's
 * SIGTERM and by aborting a 10,000-line function's analysis). Killing a child cannot take the server
 * down. The names (threadAnalyser, AnalysisThreadError) are kept for the callers.
 *
 * The child reads files through the head source of the server (IPC round trips), so Octokit, tokens
 * and the blob cache stay here; the merge base is rebuilt from the patches inside the child. Rules
 * cannot be sent: the child loads the registry and runs the rules whose ids it is given, so only
 * registry rules can run there.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AnyRule } from "../analysis/rule.js";
import type { DjperfConfig } from "../config/schema.js";
import type { ChangedFile, RepoSource } from "./ports.js";
import { PatchedBaseSource } from "./patched-base-source.js";
import { runChangeAnalysis, type ChangeAnalysis } from "./run-change.js";
import { ModuleFactsCache, type FactsEntry, type FactsKey, type FactsStore } from "../analysis/index/facts-cache.js";
import { RULES } from "../../rules/index.js";
import { codeDigests, type CodeDigests } from "../cache/facts-entry.js";

/** What the review pipeline asks of an analyser: the change analysed at head, and at the base rebuilt from patches. */
export interface ChangeAnalysisRequest {
  head: RepoSource;
  changed: readonly ChangedFile[];
  targets: readonly string[];
  config: DjperfConfig;
  rules: readonly AnyRule[];
}

/** Runs the analysis of a change; rejects with the signal's reason once the signal aborts. */
export type ChangeAnalyser = (request: ChangeAnalysisRequest, signal?: AbortSignal) => Promise<ChangeAnalysis>;

/**
 * On the event loop, as the CLI runs it. It cannot be interrupted mid-file: the abort is seen between
 * the analysis and what follows. For tests and for rules outside the registry. With `facts`, the
 * index's per-file facts are read from and written to that store (the App's shared cache); with
 * `findings`, each analysed file's outcome (src/pipeline/findings-cache.ts).
 */
export function eventLoopAnalyser(facts?: FactsStore, findings?: FactsStore): ChangeAnalyser {
  return async (request, signal) => {
    signal?.throwIfAborted();
    const factsCache = facts ? { factsCache: new ModuleFactsCache(undefined, facts) } : {};
    const result = await runChangeAnalysis({ ...request, base: new PatchedBaseSource(request.head, request.changed), ...factsCache, ...(findings ? { findingsStore: findings } : {}) });
    signal?.throwIfAborted();
    return result;
  };
}

export const analyseOnEventLoop: ChangeAnalyser = eventLoopAnalyser();

export interface ThreadAnalyserOptions {
  /**
   * The store of the index's per-file facts the thread reads and fills through the main thread (the
   * process's memory, or Redis shared by every worker). Without it each review reads every file.
   */
  facts?: FactsStore;
  /**
   * Where the outcome of each analysed file is kept, keyed by a digest of every input (the same
   * review again: `/djperf recheck`, a re-run check): the thread reads and fills it through the main thread.
   */
  findings?: FactsStore;
  /** The worker module; tests substitute their own. Default: analysis-worker next to this file. */
  workerUrl?: URL;
  /** V8 heap of the analysis process: a file that needs more fails its review, not the server. Default 1,024 MB. */
  maxHeapMb?: number;
}

/** Messages from the thread. */
export type FromThread =
  | { type: "call"; id: number; op: "listFiles" }
  | { type: "call"; id: number; op: "readFiles"; paths: string[] }
  | { type: "call"; id: number; op: "blobIds"; paths: string[] }
  | { type: "call"; id: number; op: "getFacts"; store: StoreName; keys: FactsKey[] }
  | { type: "call"; id: number; op: "setFacts"; store: StoreName; entries: FactsEntry[] }
  | { type: "done"; result: ChangeAnalysis }
  | { type: "failed"; message: string };

/** The main thread's stores the thread reads and fills: the index's facts, the files' outcomes. */
export type StoreName = "facts" | "findings";

/** Messages to the thread. */
export type ToThread =
  | { type: "start"; changed: ChangedFile[]; targets: string[]; config: DjperfConfig; ruleIds: string[]; facts: boolean; findings: boolean; blobIds: boolean; digests: CodeDigests }
  | { type: "reply"; id: number; ok: true; value: unknown }
  | { type: "reply"; id: number; ok: false; message: string };

/** The error of an analysis process that died (out of memory, a crash of the native parser). */
export class AnalysisThreadError extends Error {
  override name = "AnalysisThreadError";
}

export function threadAnalyser(options: ThreadAnalyserOptions = {}): ChangeAnalyser {
  const registry = new Set<AnyRule>(RULES);
  return (request, signal) => {
    // The default worker loads the registry; a substituted worker (tests) decides for itself.
    const outside = options.workerUrl ? [] : request.rules.filter((r) => !registry.has(r)).map((r) => r.id);
    if (outside.length > 0) return Promise.reject(new Error(`rules outside the registry cannot run in a thread: ${outside.join(", ")}`));
    return runInThread(request, signal, options);
  };
}

function runInThread(request: ChangeAnalysisRequest, signal: AbortSignal | undefined, options: ThreadAnalyserOptions): Promise<ChangeAnalysis> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const url = options.workerUrl ?? defaultWorkerUrl();
  // From TypeScript sources (vitest, `tsx src/main.ts`) the child needs tsx's loader; dist/ runs plain JavaScript.
  const loader = url.pathname.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = fork(fileURLToPath(url), [], {
    // Structured clone (Maps, Sets, Uint8Arrays), as worker messages had.
    serialization: "advanced",
    execArgv: [...loader, `--max-old-space-size=${options.maxHeapMb ?? 1024}`],
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });
  // The tail of its stderr says why a child died (V8 prints "heap out of memory" there).
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4_000)));
  return new Promise<ChangeAnalysis>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      outcome();
      // Frees a child still stuck in a rule; a finished one has exited already.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    const onAbort = (): void => finish(() => reject(signal!.reason));
    signal?.addEventListener("abort", onAbort, { once: true });

    child.on("message", (message: FromThread) => {
      if (message.type === "done") finish(() => resolve(message.result));
      else if (message.type === "failed") finish(() => reject(new Error(message.message)));
      else void answer(child, request.head, options, message);
    });
    child.on("error", (error) => finish(() => reject(new AnalysisThreadError(`the analysis process failed: ${error.message}`, { cause: error }))));
    // "close", not "exit": every message the child sent has been delivered by then.
    child.on("close", (code, signalName) => {
      const memory = /heap out of memory|allocation failed/i.test(stderr) ? ": it ran out of memory" : "";
      finish(() => reject(new AnalysisThreadError(`the analysis process stopped (${signalName ? `signal ${signalName}` : `exit code ${code}`}) before it finished${memory}`)));
    });

    const start: ToThread = {
      type: "start",
      changed: [...request.changed],
      targets: [...request.targets],
      config: request.config,
      ruleIds: request.rules.map((r) => r.id),
      facts: options.facts !== undefined,
      findings: options.findings !== undefined,
      blobIds: request.head.blobIds !== undefined,
      // Cache keys name the build; the server hashes its code once, not each review's process.
      digests: codeDigests(),
    };
    child.send(start);
  });
}

/** Serves one request of the child: files from the head source, facts from the store. */
async function answer(child: ChildProcess, head: RepoSource, stores: Partial<Record<StoreName, FactsStore>>, call: Extract<FromThread, { type: "call" }>): Promise<void> {
  let reply: ToThread;
  try {
    const value = await serve(head, stores, call);
    reply = { type: "reply", id: call.id, ok: true, value };
  } catch (error) {
    reply = { type: "reply", id: call.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  // The child was killed meanwhile (abort): nobody waits for the answer.
  if (child.connected) child.send(reply, (error) => void error);
}

function serve(head: RepoSource, stores: Partial<Record<StoreName, FactsStore>>, call: Extract<FromThread, { type: "call" }>): Promise<unknown> {
  switch (call.op) {
    case "listFiles":
      return head.listFiles();
    case "readFiles":
      return head.readFiles(call.paths);
    case "blobIds":
      return head.blobIds ? head.blobIds(call.paths) : Promise.reject(new Error("the head source has no blob ids"));
    case "getFacts":
      return Promise.resolve(stores[call.store]?.getMany(call.keys) ?? []);
    case "setFacts":
      return Promise.resolve(stores[call.store]?.setMany(call.entries));
  }
}

/**
 * Running from TypeScript sources (vitest, `tsx src/main.ts`), the thread has no TypeScript loader:
 * Node 20 does not pass `--import tsx` on to workers. A small script registers tsx's loader in the
 * thread first. `dist/` runs plain JavaScript and never takes this path.
 */
export function tsxBootstrap(url: URL): string {
  // The ESM entry of tsx/esm/api (require.resolve finds its CommonJS twin next to it).
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  return `import(${JSON.stringify(tsxApi)}).then((m) => (m.register ?? m.default.register)()).then(() => import(${JSON.stringify(url.href)}));`;
}

function defaultWorkerUrl(): URL {
  const self = new URL(import.meta.url);
  return new URL(self.pathname.endsWith(".ts") ? "./analysis-worker.ts" : "./analysis-worker.js", self);
}
