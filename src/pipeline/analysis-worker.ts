/**
 * The child-process side of analysis-thread.ts: waits for one `start` message, analyses the change
 * with the registry rules it names, reading files through the server over IPC, and sends the result.
 * The server kills it when the review is aborted, so nothing here needs to watch for that.
 */
import { Worker } from "node:worker_threads";
import type { FileContent, RepoSource } from "./ports.js";
import { PatchedBaseSource } from "./patched-base-source.js";
import { runChangeAnalysis } from "./run-change.js";
import type { FromThread, ToThread } from "./analysis-thread.js";
import { RULES } from "../../rules/index.js";
import { ModuleFactsCache, type FactsEntry, type FactsKey, type FactsStore } from "../analysis/index/facts-cache.js";

if (!process.send) throw new Error("analysis-worker runs as a child process with an IPC channel only");

// A server killed with SIGKILL cannot kill this process, and a file stuck in a rule never lets this
// event loop see the IPC channel close: a watchdog thread notices the server is gone (this process is
// re-parented) and ends the analysis, so no orphan keeps a core busy.
new Worker(`const ppid = process.ppid; setInterval(() => { if (process.ppid !== ppid) process.kill(process.pid, "SIGKILL"); }, 500);`, { eval: true }).unref();
const send = (message: FromThread): void => void process.send!(message);

const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 1;

type Request = { op: "listFiles" } | { op: "readFiles"; paths: string[] } | { op: "getFacts"; keys: FactsKey[] } | { op: "setFacts"; entries: FactsEntry[] };

function call(request: Request): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    send({ type: "call", id, ...request });
  });
}

/** The head revision, read through the server's source. */
const remoteHead: RepoSource = {
  listFiles: async () => (await call({ op: "listFiles" })) as string[],
  readFiles: async (paths) => (await call({ op: "readFiles", paths: [...paths] })) as Map<string, FileContent>,
};

/** The server's facts store (its memory, or Redis): this process lives for one review only. */
const remoteFacts: FactsStore = {
  getMany: async (keys) => (await call({ op: "getFacts", keys: [...keys] })) as unknown[],
  setMany: async (entries) => void (await call({ op: "setFacts", entries: [...entries] })),
};

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
    const wanted = new Set(start.ruleIds);
    const rules = RULES.filter((r) => wanted.has(r.id));
    const base = new PatchedBaseSource(remoteHead, start.changed);
    const factsCache = start.facts ? { factsCache: new ModuleFactsCache(undefined, remoteFacts) } : {};
    answer = { type: "done", result: await runChangeAnalysis({ head: remoteHead, base, changed: start.changed, targets: start.targets, config: start.config, rules, ...factsCache }) };
  } catch (error) {
    answer = { type: "failed", message: error instanceof Error ? error.message : String(error) };
  }
  // The process ends on its own once the answer is written: the IPC channel is its only handle.
  process.send!(answer, () => process.disconnect());
}
