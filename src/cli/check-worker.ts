/**
 * One thread of `djperf check --threads N` (check-threads.ts): builds the project index like every
 * other thread (from the facts cache when warm), analyses its own consecutive share of the targets
 * and posts the result. Reads files itself: the CLI's source is the local file system.
 */
import { parentPort } from "node:worker_threads";
import { runAnalysis } from "../pipeline/run-analysis.js";
import { moduleFactsCache } from "../analysis/index/facts-cache.js";
import { RULES } from "../../rules/index.js";
import { FsSource } from "./fs-source.js";
import { DiskFactsStore } from "./facts-store.js";
import type { ShareRequest, ShareReply } from "./check-threads.js";

const port = parentPort;
if (!port) throw new Error("check-worker runs as a worker thread only");

port.once("message", (request: ShareRequest) => void analyse(request));

async function analyse(request: ShareRequest): Promise<void> {
  let reply: ShareReply;
  try {
    moduleFactsCache.store = request.cache ? new DiskFactsStore(request.cache.root, request.cache.version) : null;
    const wanted = new Set(request.ruleIds);
    const rules = RULES.filter((r) => wanted.has(r.id));
    const result = await runAnalysis({ source: new FsSource(request.root), targets: request.targets, config: request.config, rules, slice: request.slice });
    reply = { ok: true, result };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port!.postMessage(reply);
  port!.close();
}
