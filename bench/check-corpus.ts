/**
 * Whole-repo timing of `djperf check`'s phases on one directory, so a change to the analysis can be
 * judged against the cost of parsing alone:
 *   npx tsx bench/check-corpus.ts DIR [--phases parse,index,analysis]
 *
 * - parse:    read and tree-sitter-parse every analysed .py file, nothing else (the floor);
 * - index:    build the ProjectIndex from the files it selects (parse included);
 * - analysis: runAnalysis with every rule and an FsSource, exactly as the CLI does (index included).
 * Peak RSS is the process's high-water mark after each phase (it never goes down; run one phase
 * alone with --phases to see its own peak). A measuring tool, never a test: nothing here asserts.
 */
import { performance } from "node:perf_hooks";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { FsSource } from "../src/cli/fs-source.js";
import { runAnalysis } from "../src/pipeline/run-analysis.js";
import { buildProjectIndex } from "../src/analysis/index/build.js";
import { selectIndexPaths } from "../src/analysis/index/select.js";
import { decodeSource, parsePython } from "../src/analysis/parser.js";
import type { SourceText } from "../src/analysis/source-file.js";
import { isPathIncluded } from "../src/config/resolve.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { RULES } from "../rules/index.js";

const PHASES = ["parse", "index", "analysis"] as const;
type Phase = (typeof PHASES)[number];

interface Row {
  phase: string;
  files: number;
  ms: number;
  /** CPU time (user + system) spent in the phase: steadier than wall time on a busy machine. */
  cpuMs: number;
  rssMb: number;
  note: string;
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

async function measure(phase: string, files: number, run: () => Promise<string>): Promise<Row> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const note = await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { phase, files, ms, cpuMs: (used.user + used.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, note };
}

async function parseOnly(source: FsSource, targets: readonly string[]): Promise<Row> {
  return measure("parse only", targets.length, async () => {
    let nodes = 0;
    const all = await texts(source, targets);
    for (let i = 0; i < all.length; i++) {
      nodes += parsePython(all[i]!.text).rootNode.descendantCount;
      if (i % 50 === 49) await yieldToEventLoop();
    }
    return `${nodes} nodes`;
  });
}

async function indexOnly(source: FsSource, allPaths: readonly string[]): Promise<Row> {
  const paths = selectIndexPaths(allPaths);
  return measure("index build", paths.length, async () => {
    const index = await buildProjectIndex(await texts(source, paths));
    return `${index.models.size} models`;
  });
}

async function fullAnalysis(source: FsSource, targets: readonly string[]): Promise<Row> {
  return measure("full analysis", targets.length, async () => {
    const result = await runAnalysis({ source, targets, config, rules: RULES });
    return `${result.findings.length} findings, ${result.diagnostics.length} diagnostics`;
  });
}

function table(dir: string, rows: Row[]): string {
  const header = ["phase", "files", "wall ms", "cpu ms", "files/s", "peak RSS MB", "x parse", ""];
  const parse = rows.find((r) => r.phase === "parse only");
  const body = rows.map((r) => [
    r.phase,
    String(r.files),
    r.ms.toFixed(0),
    r.cpuMs.toFixed(0),
    (r.files / (r.ms / 1000)).toFixed(0),
    r.rssMb.toFixed(0),
    parse ? (r.ms / parse.ms).toFixed(2) : "-",
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [`djperf check timings for ${dir}`, line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n") + "\n";
}

function parseArgs(argv: string[]): { dir: string; phases: Phase[] } | undefined {
  let dir: string | undefined;
  let phases: Phase[] = [...PHASES];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--phases") {
      const list = (argv[++i] ?? "").split(",");
      if (!list.every((p): p is Phase => (PHASES as readonly string[]).includes(p))) return undefined;
      phases = list;
    } else if (!dir) dir = arg;
    else return undefined;
  }
  return dir ? { dir, phases } : undefined;
}

const args = parseArgs(process.argv.slice(2));
if (!args) {
  process.stderr.write(`usage: npx tsx bench/check-corpus.ts DIR [--phases ${PHASES.join(",")}]\n`);
  process.exit(2);
}
const source = new FsSource(args.dir);
const allPaths = await source.listFiles();
const targets = allPaths.filter((p) => p.endsWith(".py") && isPathIncluded(config, p));
const rows: Row[] = [];
if (args.phases.includes("parse")) rows.push(await parseOnly(source, targets));
if (args.phases.includes("index")) rows.push(await indexOnly(source, allPaths));
if (args.phases.includes("analysis")) rows.push(await fullAnalysis(source, targets));
process.stdout.write(table(args.dir, rows));
