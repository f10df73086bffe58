/**
 * The child-process side of analysis-thread.ts: waits for one `start` message, analyses the change
 * with the registry rules it names, reading files through the server over IPC, and sends the result.
 * The server kills it when the review is aborted, so nothing here needs to watch for that.
 */
import { Worker } from "node:worker_threads";
import type { FileContent, RepoSource } from "./ports.js";
import { PatchedBaseSource } from "./patched-base-source.js";
import { runChangeAnalysis } from "./run-change.js";
import type { FromThread, StoreName, ToThread } from "./analysis-thread.js";
import { RULES } from "../../rules/index.js";
import { adoptCodeDigests } from "../cache/facts-entry.js";
import { ModuleFactsCache, type FactsEntry, type FactsKey, type FactsStore } from "../analysis/index/facts-cache.js";

if (!process.send) throw new Error("analysis-worker runs as a child process with an IPC channel only");

// A server killed with SIGKILL cannot kill this process, and a file stuck in a rule never lets this
// event loop see the IPC channel close: a watchdog thread notices the server is gone (this process is
// re-parented) and ends the analysis, so no orphan keeps a core busy.
new Worker(`const ppid = process.ppid; setInterval(() => { if (process.ppid !== ppid) process.kill(process.pid, "SIGKILL"); }, 500);`, { eval: true }).unref();
const send = (message: FromThread): void => void process.send!(message);

const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 1;

type Request =
  | { op: "listFiles" }
  | { op: "readFiles"; paths: string[] }
  | { op: "blobIds"; paths: string[] }
  | { op: "getFacts"; store: StoreName; keys: FactsKey[] }
  | { op: "setFacts"; store: StoreName; entries: FactsEntry[] };

function call(request: Request): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    send({ type: "call", id, ...request });
  });
}

/** The head revision, read through the server's source (its blob ids too, when it has them). */
function remoteHead(blobIds: boolean): RepoSource {
  return {
    listFiles: async () => (await call({ op: "listFiles" })) as string[],
    readFiles: async (paths) => (await call({ op: "readFiles", paths: [...paths] })) as Map<string, FileContent>,
    ...(blobIds ? { blobIds: async (paths: readonly string[]) => (await call({ op: "blobIds", paths: [...paths] })) as Map<string, string> } : {}),
  };
}

/** One of the server's stores (its memory, or Redis): this process lives for one review only. */
function remoteStore(store: StoreName): FactsStore {
  return {
    getMany: async (keys) => (await call({ op: "getFacts", store, keys: [...keys] })) as unknown[],
    setMany: async (entries) => void (await call({ op: "setFacts", store, entries: [...entries] })),
  };
}

process.on("message", (message: ToThread) => {
  if (message.type === "reply") {
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ok) pending?.resolve(message.value);
    else pending?.reject(new Error(message.message));
    return;
  }
  void analyse(message);
});

async function analyse(start: Extract<ToThread, { type: "start" }>): Promise<void> {
  let answer: FromThread;
  try {
    adoptCodeDigests(start.digests);
    const wanted = new Set(start.ruleIds);
    const rules = RULES.filter((r) => wanted.has(r.id));
    const head = remoteHead(start.blobIds);
    const base = new PatchedBaseSource(head, start.changed);
    const factsCache = start.facts ? { factsCache: new ModuleFactsCache(undefined, remoteStore("facts")) } : {};
    const findings = start.findings ? { findingsStore: remoteStore("findings") } : {};
    answer = { type: "done", result: await runChangeAnalysis({ head, base, changed: start.changed, targets: start.targets, config: start.config, rules, ...factsCache, ...findings }) };
  } catch (error) {
    answer = { type: "failed", message: error instanceof Error ? error.message : String(error) };
  }
  // The process ends on its own once the answer is written: the IPC channel is its only handle.
  process.send!(answer, () => process.disconnect());
}
