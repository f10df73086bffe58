/**
 * `npm run bench`: djperf's speed and memory against the floor (a bare tree-sitter parse of the same
 * files) and a peer (Ruff's wasm build with its DJ and PERF rules), in one run on the same files:
 *   npm run bench [-- --corpus DIR | --files N] [--dense 128,256,512,1000] [--long 500,1000,2000,4000]
 *                 [--skip repo,ruff,process,dense,long,diff,app] [--app-files 10,100,400] [--acks 200]
 *                 [--seed N] [--out bench/results.json] [--quick]
 * - whole repo: a seeded generated Django project of N Python files (default 4,000 ≈ 850k lines),
 *   or a real checkout with --corpus; phases in their own processes (parse floor, index, check in
 *   process, check as a whole process, Ruff), each with its own peak RSS;
 * - dense files: one module of many small functions with loops, at growing sizes: the check against
 *   the parse of the same file, and how its cost grows against the size (1.0 = linear);
 * - one long function: a single function of 500 to 4,000 lines (the fuzzer's shape), check against
 *   the parse of the file and growth per step, as for dense files;
 * - pull requests: `djperf diff` of 10 and 100 changed files of the generated project (git), first
 *   and second run in one process, and as whole processes with a cold and a warm cache;
 * - the App (bench/app-side.ts): GitHub requests per review of 10-, 100- and 400-file pull requests
 *   against the minimum (DESIGN §4–5), and webhook acknowledgement time p50/p99 over 200 deliveries,
 *   with the real Probot app against GitHub played by nock.
 * Prints a table, writes bench/results.json and ends with one line of ratios. `--quick` is a small
 * smoke run (CI): no timing is asserted anywhere; the bench measures, it never judges.
 */
import { execFileSync, spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { projectOptionsFor, writeDenseProject, writeLongFunctionProject, writeProject } from "./generate.js";
import type { Measurement } from "./measure-one.js";
import type { AckTimes, RequestCount } from "./app-side.js";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    files: { type: "string" },
    dense: { type: "string" },
    long: { type: "string" },
    skip: { type: "string", default: "" },
    seed: { type: "string", default: "7" },
    out: { type: "string", default: join(ROOT, "bench", "results.json") },
    quick: { type: "boolean", default: false },
    "app-files": { type: "string" },
    acks: { type: "string" },
  },
});
const quick = values.quick!;
const skip = new Set(values.skip!.split(",").filter(Boolean));
// --quick is CI's smoke run (test/bench/quick.test.ts): every section and row, on the smallest inputs
// that still make one (a 10-file PR needs 30 files), so it ends in well under a minute of CPU.
const files = Number(values.files ?? (quick ? 40 : 4000));
const denseKb = (values.dense ?? (quick ? "8,16" : "128,256,512,1000")).split(",").map(Number);
const longLines = (values.long ?? (quick ? "50,100" : "500,1000,2000,4000")).split(",").map(Number);
const seed = Number(values.seed);
const appFiles = (values["app-files"] ?? (quick ? "10" : "10,100,400")).split(",").map(Number);
const acks = Number(values.acks ?? (quick ? 20 : 200));
const work = join(tmpdir(), "djperf-bench");

interface Row extends Measurement {
  section: string;
  what: string;
  /** Files or bytes the row is about, for files/s or KB. */
  size?: string;
}
const rows: Row[] = [];

/** Runs `node ARGS` and resolves with its stdout, stderr and the wall time seen from outside. */
function node(args: string[], cwd = ROOT): Promise<{ stdout: string; stderr: string; ms: number; code: number | null }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ stdout, stderr, ms: performance.now() - started, code }));
  });
}

async function measureOne(section: string, what: string, args: string[], size?: string): Promise<Row> {
  const result = await node(["--import", "tsx", join(ROOT, "bench", "measure-one.ts"), ...args]);
  const last = result.stdout.trim().split("\n").pop() ?? "";
  if (result.code !== 0 || !last.startsWith("{")) throw new Error(`${what} failed (${result.code}): ${result.stderr.slice(-2000)}`);
  const row: Row = { section, what, ...(JSON.parse(last) as Measurement), ...(size ? { size } : {}) };
  rows.push(row);
  process.stderr.write(`  ${section} / ${what}: ${row.ms.toFixed(0)} ms wall, ${row.cpuMs.toFixed(0)} ms cpu, ${row.rssMb.toFixed(0)} MB (${row.note})\n`);
  return row;
}

/** The built CLI (`djperf ARGS --format json`) as a user runs it: a fresh process, timed from outside. */
async function wholeProcess(section: string, what: string, args: string[], size: string): Promise<Row | undefined> {
  const cli = join(ROOT, "dist", "src", "cli", "main.js");
  if (!existsSync(cli)) {
    process.stderr.write("  (whole process skipped: run `npm run build` first)\n");
    return undefined;
  }
  const result = await node([join(ROOT, "bench", "with-rusage.mjs"), join(ROOT, "bin", "djperf.js"), ...args, "--format", "json"]);
  const usage = /@@rusage (\{.*\})/.exec(result.stderr);
  const parsed = usage ? (JSON.parse(usage[1]!) as { cpuMs: number; rssMb: number }) : { cpuMs: NaN, rssMb: NaN };
  let note = `exit ${result.code}`;
  try {
    const json = JSON.parse(result.stdout) as { findings: unknown[] };
    note = `${json.findings.length} findings (startup and output included)`;
  } catch {
    // not JSON: the exit code says what happened
  }
  const row: Row = { section, what, ms: result.ms, cpuMs: parsed.cpuMs, rssMb: parsed.rssMb, note, size };
  rows.push(row);
  process.stderr.write(`  ${section} / ${row.what}: ${row.ms.toFixed(0)} ms wall, ${row.cpuMs.toFixed(0)} ms cpu, ${row.rssMb.toFixed(0)} MB\n`);
  return row;
}

function generatedProject(): string {
  const dir = join(work, `project-${files}-${seed}`);
  const marker = join(dir, ".generated.json");
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    const made = writeProject(dir, projectOptionsFor(files, seed));
    writeFileSync(marker, JSON.stringify(made));
  }
  return dir;
}

const git = (dir: string, ...args: string[]): string =>
  execFileSync("git", ["-C", dir, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "-c", "commit.gpgsign=false", ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

/**
 * A git copy of the generated project with two pull requests on branches from `base`: 10 and 100
 * changed files, each gaining a function with a loop (so every changed file has something to review).
 */
function pullRequests(project: string): { repo: string; prs: { name: string; changed: number }[] } {
  const repo = join(work, `repo-${files}-${seed}`);
  const counts = [10, 100].filter((n) => n <= Math.floor(files / 3));
  if (!existsSync(join(repo, ".git"))) {
    rmSync(repo, { recursive: true, force: true });
    mkdirSync(repo, { recursive: true });
    execFileSync("cp", ["-R", `${project}/.`, repo]);
    git(repo, "init", "-q", "-b", "base");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "base");
    const candidates = git(repo, "ls-files", "*/views.py", "*/services.py", "*/tasks.py").split("\n").filter(Boolean);
    for (const n of counts) {
      git(repo, "checkout", "-q", "-b", `pr${n}`, "base");
      for (const path of candidates.slice(0, n)) {
        const full = join(repo, path);
        // Every generated app module imports its app's models: `app3/views.py` has `App3Item0`.
        const model = `${path[0]!.toUpperCase()}${path.slice(1, path.indexOf("/"))}Item1`;
        writeFileSync(full, `${readFileSync(full, "utf8")}\n\ndef added_in_pr(request):\n    return [row.parent.name for row in ${model}.objects.all()]\n`);
      }
      git(repo, "commit", "-q", "-am", `pr with ${n} changed files`);
    }
    git(repo, "checkout", "-q", "base");
  }
  return { repo, prs: counts.map((n) => ({ name: `pr${n}`, changed: n })) };
}

function fmtMs(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(0) : "-";
}

function table(): string {
  const header = ["section", "what", "wall ms", "cpu ms", "peak RSS MB", "x floor (cpu)", "note"];
  const floorOf = new Map<string, Row>();
  for (const r of rows) if (r.what.startsWith("floor")) floorOf.set(r.section, r);
  const body = rows.map((r) => {
    const floor = floorOf.get(r.section);
    const again = r.again ? `; second run (warm caches) ${fmtMs(r.again.ms)} ms wall, ${fmtMs(r.again.cpuMs)} ms cpu` : "";
    return [r.section, r.what, fmtMs(r.ms), fmtMs(r.cpuMs), Number.isFinite(r.rssMb) ? r.rssMb.toFixed(0) : "-", floor ? (r.cpuMs / floor.cpuMs).toFixed(2) : "", r.note + again];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

// ---- run ----
mkdirSync(work, { recursive: true });
const corpus = values.corpus ? resolve(values.corpus) : generatedProject();
const repoLabel = values.corpus ? `corpus ${corpus}` : `generated project (${files} files requested, seed ${seed})`;
process.stderr.write(`djperf bench: ${repoLabel}\n`);

const section = "whole repo";
const wholeRepo = !skip.has("repo");
const floor = wholeRepo ? await measureOne(section, "floor: read + tree-sitter parse", ["parse", corpus]) : undefined;
if (wholeRepo) await measureOne(section, "index build (reads + parses its files)", ["index", corpus]);
const check = wholeRepo ? await measureOne(section, "djperf check, in process", ["check", corpus]) : undefined;
/** The disk cache of the CLI rows: emptied first, so "cold" is cold and "warm" is the run after it. */
const cacheDir = join(work, "cli-cache");
rmSync(cacheDir, { recursive: true, force: true });
const threads = String(availableParallelism());
const cliCheck = (what: string, ...extra: string[]): Promise<Row | undefined> => wholeProcess(section, what, ["check", corpus, ...extra], "");
const processRow = !wholeRepo || skip.has("process") ? undefined : await cliCheck("djperf check, whole process, 1 thread, no cache", "--threads", "1", "--no-cache");
let warmRow: Row | undefined;
let threadsRow: Row | undefined;
if (processRow) {
  await cliCheck("djperf check, whole process, 1 thread, cold cache", "--threads", "1", "--cache-dir", cacheDir);
  warmRow = await cliCheck("djperf check, whole process, 1 thread, warm cache", "--threads", "1", "--cache-dir", cacheDir);
  threadsRow = await cliCheck(`djperf check, whole process, ${threads} threads, warm cache`, "--threads", threads, "--cache-dir", cacheDir);
}
const ruff = !wholeRepo || skip.has("ruff") ? undefined : await measureOne(section, "Ruff wasm, DJ + PERF rules", ["ruff", corpus]);

const dense: { kb: number; floor: Row; check: Row }[] = [];
if (!skip.has("dense")) {
  for (const kb of denseKb) {
    const dir = join(work, `dense-${kb}`);
    if (!existsSync(join(dir, "shop", "views.py"))) writeDenseProject(dir, kb * 1024);
    const denseSection = `dense ${kb} KB`;
    const f = await measureOne(denseSection, "floor: parse of the file", ["parse", dir, "--only", "shop/views.py"]);
    const c = await measureOne(denseSection, "djperf check of the file", ["check", dir, "--only", "shop/views.py"]);
    dense.push({ kb, floor: f, check: c });
  }
}

const long: { lines: number; floor: Row; check: Row }[] = [];
if (!skip.has("long")) {
  for (const lines of longLines) {
    const dir = join(work, `long-${lines}`);
    if (!existsSync(join(dir, "shop", "views.py"))) writeLongFunctionProject(dir, lines);
    const longSection = `one function, ${lines} lines`;
    const f = await measureOne(longSection, "floor: parse of the file", ["parse", dir, "--only", "shop/views.py"]);
    const c = await measureOne(longSection, "djperf check of the file", ["check", dir, "--only", "shop/views.py"]);
    long.push({ lines, floor: f, check: c });
  }
}

const diffs: { changed: number; row: Row }[] = [];
const diffWarm = new Map<number, Row>();
if (!skip.has("diff") && !values.corpus) {
  const { repo, prs } = pullRequests(corpus);
  for (const pr of prs) diffs.push({ changed: pr.changed, row: await measureOne(`diff ${pr.changed} files`, "djperf diff (head + base analysis), in process: first run, then warm", ["diff", repo, "base", pr.name]) });
  // The CLI in fresh processes with the disk cache: a first review of the repository, then the next one.
  for (const pr of prs) {
    const diffCache = join(work, `diff-cache-${pr.name}`);
    rmSync(diffCache, { recursive: true, force: true });
    const args = ["diff", "--repo", repo, "--base", "base", "--head", pr.name, "--filter", "all", "--cache-dir", diffCache];
    await wholeProcess(`diff ${pr.changed} files`, "djperf diff, whole process, cold cache", args, "");
    const warm = await wholeProcess(`diff ${pr.changed} files`, "djperf diff, whole process, warm cache", args, "");
    if (warm) diffWarm.set(pr.changed, warm);
  }
}

let requestCounts: RequestCount[] = [];
let ack: AckTimes | undefined;
if (!skip.has("app")) {
  const appSection = "App";
  const app = async <T>(...args: string[]): Promise<T> => {
    const result = await node(["--import", "tsx", join(ROOT, "bench", "app-side.ts"), ...args]);
    const last = result.stdout.trim().split("\n").pop() ?? "";
    if (result.code !== 0 || !/^[[{]/.test(last)) throw new Error(`app-side ${args.join(" ")} failed (${result.code}): ${result.stderr.slice(-2000)}`);
    return JSON.parse(last) as T;
  };
  requestCounts = await app<RequestCount[]>("requests", appFiles.join(","));
  for (const c of requestCounts) {
    const over = Object.entries(c.byKind)
      .filter(([kind, n]) => n > (c.minimumByKind[kind] ?? 0))
      .map(([kind, n]) => `${kind} ${n} (min ${c.minimumByKind[kind] ?? 0})`);
    const note = `${c.total} GitHub requests, minimum ${c.minimum}${over.length ? `; above it: ${over.join(", ")}` : ""}; ${c.findings} findings, ${c.annotations} annotations, ${c.blobsRead} blobs read`;
    rows.push({ section: appSection, what: `review of a ${c.files}-file PR (requests)`, ms: c.ms, cpuMs: NaN, rssMb: NaN, note });
    process.stderr.write(`  ${appSection} / ${c.files}-file PR: ${note}\n`);
    const kinds = Object.entries(c.rerun.byKind).map(([kind, n]) => `${kind} ${n}`).join(", ");
    const rerunNote = `${c.rerun.total} GitHub requests (${kinds}); findings cache ${c.rerun.findingsHits}/${c.rerun.findingsAsked} hits`;
    rows.push({ section: appSection, what: `same commit reviewed again, ${c.files}-file PR (warm)`, ms: c.rerun.ms, cpuMs: NaN, rssMb: NaN, note: rerunNote });
    process.stderr.write(`  ${appSection} / ${c.files}-file PR again: ${rerunNote}\n`);
  }
  ack = await app<AckTimes>("ack", String(acks));
  const statuses = Object.entries(ack.statuses).map(([s, n]) => `${n}× ${s}`).join(", ");
  const note = `p50 ${ack.p50.toFixed(1)} ms, p99 ${ack.p99.toFixed(1)} ms, max ${ack.max.toFixed(1)} ms over ${ack.deliveries} signed deliveries (${statuses})`;
  rows.push({ section: appSection, what: "webhook acknowledgement (p50 in wall ms)", ms: ack.p50, cpuMs: NaN, rssMb: NaN, note });
  process.stderr.write(`  ${appSection} / webhook ack: ${note}\n`);
}

// Growth of the dense check against size: cpu(size i) / cpu(size i-1) divided by the size ratio.
const growth = dense.slice(1).map((d, i) => d.check.cpuMs / dense[i]!.check.cpuMs / (d.kb / dense[i]!.kb));
const longGrowth = long.slice(1).map((d, i) => d.check.cpuMs / long[i]!.check.cpuMs / (d.lines / long[i]!.lines));
const ratios = {
  checkOverFloor: check && floor ? check.cpuMs / floor.cpuMs : undefined,
  processOverFloor: processRow && floor ? processRow.ms / floor.ms : undefined,
  checkOverRuff: ruff && check ? check.cpuMs / ruff.cpuMs : undefined,
  denseWorstOverFloor: dense.length ? Math.max(...dense.map((d) => d.check.cpuMs / d.floor.cpuMs)) : undefined,
  denseWorstGrowth: growth.length ? Math.max(...growth) : undefined,
  longWorstOverFloor: long.length ? Math.max(...long.map((d) => d.check.cpuMs / d.floor.cpuMs)) : undefined,
  longWorstGrowth: longGrowth.length ? Math.max(...longGrowth) : undefined,
  diff100FirstMs: diffs.find((d) => d.changed === 100)?.row.ms,
  diff100SecondMs: diffs.find((d) => d.changed === 100)?.row.again?.ms,
  diff100WarmProcessCpuMs: diffWarm.get(100)?.cpuMs,
  warmCheckOverFloor: warmRow && floor ? warmRow.cpuMs / floor.cpuMs : undefined,
  threadsSpeedUpWall: warmRow && threadsRow ? warmRow.ms / threadsRow.ms : undefined,
  requestsOverMinimum: Object.fromEntries(requestCounts.map((c) => [c.files, c.total / c.minimum])),
  ackP50Ms: ack?.p50,
  ackP99Ms: ack?.p99,
};

const results = { when: new Date().toISOString(), node: process.version, corpus: repoLabel, quick, rows, denseGrowth: growth, longGrowth, app: { requests: requestCounts, ack }, ratios };
writeFileSync(values.out!, JSON.stringify(results, null, 2) + "\n");

const r2 = (x: number | undefined): string => (x === undefined ? "-" : x.toFixed(2));
process.stdout.write(`djperf bench: ${repoLabel}\n${table()}\n`);
if (growth.length) process.stdout.write(`dense growth per size step (1.00 = linear): ${growth.map(r2).join(", ")}\n`);
if (longGrowth.length) process.stdout.write(`one long function, growth per length step (1.00 = linear): ${longGrowth.map(r2).join(", ")}\n`);
process.stdout.write(`results: ${values.out}\n`);
process.stdout.write(
  `ratios: check/floor ${r2(ratios.checkOverFloor)} cpu (goal ≤ 1.10); whole process/floor ${r2(ratios.processOverFloor)} wall; check/Ruff ${r2(ratios.checkOverRuff)} cpu; ` +
    `dense worst check/floor ${r2(ratios.denseWorstOverFloor)} (goal ≤ 3); dense worst growth ${r2(ratios.denseWorstGrowth)} (1.00 linear); ` +
    `long function worst check/floor ${r2(ratios.longWorstOverFloor)}; long function worst growth ${r2(ratios.longWorstGrowth)} (1.00 linear); ` +
    `diff 100 files ${ratios.diff100FirstMs === undefined ? "-" : (ratios.diff100FirstMs / 1000).toFixed(2)} s first, ${ratios.diff100SecondMs === undefined ? "-" : (ratios.diff100SecondMs / 1000).toFixed(2)} s second (goal ≤ 0.5 s warm); ` +
    `diff 100 files whole process warm cache ${ratios.diff100WarmProcessCpuMs === undefined ? "-" : (ratios.diff100WarmProcessCpuMs / 1000).toFixed(2)} s cpu; ` +
    `check warm cache/floor ${r2(ratios.warmCheckOverFloor)} cpu; ${threads} threads speed-up ${r2(ratios.threadsSpeedUpWall)}× wall; ` +
    `GitHub requests/minimum ${requestCounts.length ? requestCounts.map((c) => `${c.files} files ${c.total}/${c.minimum}`).join(", ") : "-"}; ` +
    `webhook ack p50 ${ack ? ack.p50.toFixed(1) : "-"} ms, p99 ${ack ? ack.p99.toFixed(1) : "-"} ms\n`,
);
