/**
 * One benchmark measurement in its own process, so each gets its own peak RSS (the high-water mark
 * never goes down inside a process). Prints one JSON line: { ms, cpuMs, rssMb, note, ... }.
 *   node --import tsx bench/measure-one.ts parse|index|check|ruff DIR [--only PATH]
 *   node --import tsx bench/measure-one.ts diff GITDIR BASE HEAD
 * - parse: read and tree-sitter-parse every analysed .py file, nothing else (the floor);
 * - index: build the ProjectIndex from the files it selects (their parse included);
 * - check: runAnalysis with every rule, exactly as `djperf check` does (index included);
 * - ruff:  Ruff's wasm build with its DJ and PERF rules on the same files (the peer);
 * - diff:  runChangeAnalysis of BASE..HEAD as `djperf diff` runs it, twice in one process with one
 *          findings store (src/pipeline/findings-cache.ts): the first run cold, the second warm.
 * A measuring tool, never a test: nothing here asserts.
 */
import { performance } from "node:perf_hooks";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { FsSource } from "../src/cli/fs-source.js";
import { runAnalysis } from "../src/pipeline/run-analysis.js";
import { runChangeAnalysis } from "../src/pipeline/run-change.js";
import { buildProjectIndex } from "../src/analysis/index/build.js";
import { selectIndexPaths } from "../src/analysis/index/select.js";
import { decodeSource, parsePython } from "../src/analysis/parser.js";
import type { SourceText } from "../src/analysis/source-file.js";
import { isPathIncluded } from "../src/config/resolve.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { GitRepository } from "../src/git/repository.js";
import { GitSource } from "../src/git/git-source.js";
import { RULES } from "../rules/index.js";
import { MemoryFactsStore } from "../src/analysis/index/facts-cache.js";

export interface Measurement {
  ms: number;
  /** CPU time (user + system) of the measured work: steadier than wall time on a busy machine. */
  cpuMs: number;
  /** Peak RSS of this process when the work ended. */
  rssMb: number;
  note: string;
  /** diff only: the second run in the same process. */
  again?: { ms: number; cpuMs: number };
}

const config = DEFAULT_CONFIG;

async function texts(source: FsSource, paths: readonly string[]): Promise<SourceText[]> {
  const contents = await source.readFiles(paths);
  const out: SourceText[] = [];
  for (const path of paths) {
    const content = contents.get(path);
    if (!content?.ok) continue;
    const decoded = decodeSource(content.bytes, config.analysis.max_file_bytes);
    if (decoded.ok) out.push({ path, text: decoded.text });
  }
  return out;
}

async function timed(run: () => Promise<string>): Promise<Measurement> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const note = await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, note };
}

async function targetsOf(source: FsSource, only: string | undefined): Promise<string[]> {
  if (only) return [only];
  return (await source.listFiles()).filter((p) => p.endsWith(".py") && isPathIncluded(config, p));
}

async function measure(kind: string, args: string[]): Promise<Measurement> {
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  const dir = args[0]!;
  switch (kind) {
    case "parse": {
      const source = new FsSource(dir);
      const targets = await targetsOf(source, only);
      return timed(async () => {
        let nodes = 0;
        const all = await texts(source, targets);
        for (let i = 0; i < all.length; i++) {
          nodes += parsePython(all[i]!.text).rootNode.descendantCount;
          if (i % 50 === 49) await yieldToEventLoop();
        }
        return `${all.length} files, ${all.reduce((n, t) => n + t.text.split("\n").length, 0)} lines, ${nodes} nodes`;
      });
    }
    case "index": {
      const source = new FsSource(dir);
      const paths = selectIndexPaths(await source.listFiles());
      return timed(async () => {
        const index = await buildProjectIndex(await texts(source, paths));
        return `${paths.length} files read, ${index.models.size} models`;
      });
    }
    case "check": {
      const source = new FsSource(dir);
      const targets = await targetsOf(source, only);
      return timed(async () => {
        const result = await runAnalysis({ source, targets, config, rules: RULES });
        return `${result.findings.length} findings, ${result.diagnostics.length} diagnostics`;
      });
    }
    case "ruff": {
      const { PositionEncoding, Workspace } = await import("@astral-sh/ruff-wasm-nodejs");
      const source = new FsSource(dir);
      const targets = await targetsOf(source, only);
      return timed(async () => {
        const ruff = new Workspace({ lint: { select: ["DJ", "PERF"] } }, PositionEncoding.Utf16);
        let diagnostics = 0;
        for (const { text } of await texts(source, targets)) diagnostics += (ruff.check(text) as unknown[]).length;
        return `${diagnostics} diagnostics (Ruff ${Workspace.version()}, DJ + PERF)`;
      });
    }
    case "diff": {
      const [gitDir, base, head] = args;
      const repository = await GitRepository.open(gitDir!);
      const findingsStore = new MemoryFactsStore();
      const once = async (): Promise<Measurement> => {
        const changed = await repository.changedFiles(base!, head!);
        const targets = changed.filter((f) => f.status !== "removed" && f.path.endsWith(".py") && isPathIncluded(config, f.path)).map((f) => f.path);
        return timed(async () => {
          const result = await runChangeAnalysis({ head: new GitSource(repository, head!), base: new GitSource(repository, base!), changed, targets, config, rules: RULES, findingsStore });
          const baseSide = result.base ? `; merge base: ${result.base.files} files analysed, ${result.base.ms} ms` : "; merge base not analysed";
          return `${targets.length} changed files, ${result.findings.filter((f) => f.diff === "added").length} added findings${baseSide}`;
        });
      };
      const first = await once();
      const second = await once();
      return { ...first, rssMb: second.rssMb, again: { ms: second.ms, cpuMs: second.cpuMs } };
    }
    default:
      throw new Error(`unknown measurement ${kind}`);
  }
}

const [kind, ...rest] = process.argv.slice(2);
if (!kind || rest.length === 0) {
  process.stderr.write("usage: node --import tsx bench/measure-one.ts parse|index|check|ruff DIR [--only PATH] | diff GITDIR BASE HEAD\n");
  process.exit(2);
}
process.stdout.write(JSON.stringify(await measure(kind, rest)) + "\n");
