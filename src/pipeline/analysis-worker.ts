/**
 * The thread side of analysis-thread.ts: waits for one `start` message, analyses the change with the
 * registry rules it names, reading files through the main thread, and posts the result. The main
 * thread terminates it when the review is aborted, so nothing here needs to watch for that.
 */
import { parentPort } from "node:worker_threads";
import type { FileContent, RepoSource } from "./ports.js";
import { PatchedBaseSource } from "./patched-base-source.js";
import { runChangeAnalysis } from "./run-change.js";
import type { FromThread, ToThread } from "./analysis-thread.js";
import { RULES } from "../../rules/index.js";
import { ModuleFactsCache, type FactsEntry, type FactsKey, type FactsStore } from "../analysis/index/facts-cache.js";

const port = parentPort;
if (!port) throw new Error("analysis-worker runs as a worker thread only");

const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 1;

type Request = { op: "listFiles" } | { op: "readFiles"; paths: string[] } | { op: "getFacts"; keys: FactsKey[] } | { op: "setFacts"; entries: FactsEntry[] };

function call(request: Request): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    port!.postMessage({ type: "call", id, ...request } satisfies FromThread);
  });
}

/** The head revision, read through the main thread's source. */
const remoteHead: RepoSource = {
  listFiles: async () => (await call({ op: "listFiles" })) as string[],
  readFiles: async (paths) => (await call({ op: "readFiles", paths: [...paths] })) as Map<string, FileContent>,
};

/** The main thread's facts store (its memory, or Redis): the thread itself lives for one review only. */
const remoteFacts: FactsStore = {
  getMany: async (keys) => (await call({ op: "getFacts", keys: [...keys] })) as unknown[],
  setMany: async (entries) => void (await call({ op: "setFacts", entries: [...entries] })),
};

port.on("message", (message: ToThread) => {
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
  try {
    const wanted = new Set(start.ruleIds);
    const rules = RULES.filter((r) => wanted.has(r.id));
    const base = new PatchedBaseSource(remoteHead, start.changed);
    const factsCache = start.facts ? { factsCache: new ModuleFactsCache(undefined, remoteFacts) } : {};
    const result = await runChangeAnalysis({ head: remoteHead, base, changed: start.changed, targets: start.targets, config: start.config, rules, ...factsCache });
    port!.postMessage({ type: "done", result } satisfies FromThread);
  } catch (error) {
    port!.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) } satisfies FromThread);
  }
  // Let the thread end on its own: the port is its only handle.
  port!.close();
}
