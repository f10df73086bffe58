/**
 * Replays manifest entries as pull requests and scores what djperf said about them.
 *
 * Each entry gets a scratch bare repository that borrows the mirror's objects through
 * `objects/info/alternates` (nothing is written into the mirror). A positive ("revert") becomes a
 * new commit on top of the fix whose tree is the parent's tree, so the PR re-introduces the slow
 * code and its merge base is the fix itself; a negative ("forward") is the commit as it happened.
 * djperf runs as a child process through its CLI (`diff --format json`), the code path users run.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import type { LoadedEntry } from "./manifest.js";

/** How to start djperf: `node PATH` for a .js launcher, `node --import tsx PATH` for a .ts one. */
export interface CliCommand {
  command: string;
  args: string[];
  label: string;
}

export function cliCommand(path: string): CliCommand {
  const absolute = resolve(path);
  if (absolute.endsWith(".ts")) {
    return { command: process.execPath, args: ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href, absolute], label: absolute };
  }
  return { command: process.execPath, args: [absolute], label: absolute };
}

export interface ReplayOptions {
  /** The folder holding `<owner>+<name>/repo` mirrors. */
  mirrors: string;
  cli: CliCommand;
  /** Per djperf run; a run that takes longer is an error for that entry. */
  timeoutMs?: number;
  /** For misses, run again with `--filter all` to show what the diff filter left out. */
  secondLook?: boolean;
  /** Where scratch repositories go; a fresh temp folder by default, removed afterwards unless `keep`. */
  scratchRoot?: string;
  keep?: boolean;
  concurrency?: number;
  /** A djperf config for every run (`-c FILE`), e.g. `index_advisor: on` to measure DJP211 in pull-request mode. */
  config?: string;
  onResult?: (result: EntryResult, done: number, total: number) => void;
}

export interface CompactFinding {
  rule: string;
  line: number;
  endLine: number;
  level: string;
  message: string;
  /** Only on second-look findings: how the diff filter saw it (`context`, `file`, `outside`). */
  diff?: string;
}

export type EntryStatus = "ok" | "skipped" | "error";

export interface EntryResult {
  id: string;
  set: LoadedEntry["set"];
  category: LoadedEntry["category"];
  polarity: LoadedEntry["polarity"];
  repo: string;
  path: string;
  lines: [number, number];
  rules: string[];
  status: EntryStatus;
  /** Why an entry was skipped or failed. */
  reason?: string;
  base?: string;
  head?: string;
  exitCode?: number;
  ms: number;
  /** Every finding djperf reported (in scope) in the whole run. */
  findingsTotal: number;
  /** Findings in `path` anywhere. */
  findingsInFile: CompactFinding[];
  /** Findings in `path` whose range intersects `lines`. */
  matching: CompactFinding[];
  /** Positives: a finding intersects `lines`. */
  hit?: boolean;
  /** Positives: one of the matching findings is of a rule listed in `rules`. */
  expectedRule?: boolean;
  /** Negatives: a finding intersects `lines`. */
  falseAlarm?: boolean;
  /** Misses, second look: findings on `lines` the diff filter did not show, with their scope. */
  filteredOut?: CompactFinding[];
  /** Diagnostics djperf printed (kind: message), for errors and parse problems. */
  diagnostics: string[];
}

interface JsonFindingLike {
  rule: string;
  level: string;
  path: string;
  line: number;
  endLine: number;
  message: string;
  diff?: string;
}

interface JsonReportLike {
  findings: JsonFindingLike[];
  diagnostics?: { kind: string; path: string | null; message: string }[];
}

const IDENTITY = {
  GIT_AUTHOR_NAME: "djperf eval",
  GIT_AUTHOR_EMAIL: "eval@djperf.invalid",
  GIT_COMMITTER_NAME: "djperf eval",
  GIT_COMMITTER_EMAIL: "eval@djperf.invalid",
  GIT_AUTHOR_DATE: "2000-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2000-01-01T00:00:00Z",
};

/** git without the caller's repository variables or user config, so nothing leaks in. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C", GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", ...extra };
  for (const name of Object.keys(env)) {
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|PREFIX|COMMON_DIR|NAMESPACE)$/.test(name)) delete env[name];
  }
  return env;
}

interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ProcessResult> {
  return new Promise((resolvePromise) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? cleanEnv(), encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 0, killSignal: "SIGKILL", windowsHide: true },
      (error, stdout, stderr) => {
        const timedOut = error !== null && (error as { killed?: boolean }).killed === true && (options.timeoutMs ?? 0) > 0;
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolvePromise({ code, stdout, stderr: stderr || (error !== null && typeof error.code === "string" ? error.message : ""), timedOut });
      },
    );
  });
}

function git(dir: string, args: readonly string[], env?: Record<string, string>): Promise<ProcessResult> {
  return run("git", ["-C", dir, ...args], { cwd: dir, env: cleanEnv(env) });
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ""
  );
}

/** The objects folder of a mirror: `<repo>/objects` (bare) or `<repo>/.git/objects`. */
export function mirrorObjectsDir(mirrors: string, mirror: string): string | undefined {
  const repo = join(resolve(mirrors), mirror, "repo");
  for (const candidate of [join(repo, "objects"), join(repo, ".git", "objects")]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

type Prepared = { ok: true; dir: string; base: string; head: string } | { ok: false; status: "skipped" | "error"; reason: string };

/** Creates the scratch repository and the PR's base and head commits. */
export async function prepareReplay(entry: LoadedEntry, mirrors: string, scratchRoot: string): Promise<Prepared> {
  const objects = mirrorObjectsDir(mirrors, entry.mirror);
  if (objects === undefined) return { ok: false, status: "skipped", reason: `mirror not found: ${join(mirrors, entry.mirror, "repo")}` };
  const dir = join(scratchRoot, `${entry.id}.git`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const init = await git(dir, ["init", "--quiet", "--bare"]);
  if (init.code !== 0) return { ok: false, status: "error", reason: `git init failed: ${firstLine(init.stderr)}` };
  mkdirSync(join(dir, "objects", "info"), { recursive: true });
  writeFileSync(join(dir, "objects", "info", "alternates"), `${objects}\n`);

  for (const [name, sha] of [["fix", entry.fix], ["parent", entry.parent]] as const) {
    const exists = await git(dir, ["cat-file", "-e", `${sha}^{commit}`]);
    if (exists.code !== 0) return { ok: false, status: "skipped", reason: `${name} commit ${sha.slice(0, 12)} not in the mirror` };
  }
  const firstParent = await git(dir, ["rev-parse", "--verify", "--quiet", `${entry.fix}^1`]);
  if (firstParent.stdout.trim() !== entry.parent) {
    return { ok: false, status: "error", reason: `manifest: ${entry.parent.slice(0, 12)} is not the first parent of ${entry.fix.slice(0, 12)}` };
  }

  const headSide = entry.replay === "revert" ? entry.parent : entry.fix;
  const blob = await git(dir, ["cat-file", "-p", `${headSide}:${entry.path}`]);
  if (blob.code !== 0) {
    const missingPath = (await git(dir, ["ls-tree", "--name-only", headSide, "--", entry.path])).stdout.trim() === "";
    return missingPath
      ? { ok: false, status: "error", reason: `manifest: ${entry.path} does not exist at ${headSide.slice(0, 12)} (the PR head side)` }
      : { ok: false, status: "skipped", reason: `blob of ${entry.path} missing from the mirror` };
  }
  const lineCount = blob.stdout.split("\n").length - (blob.stdout.endsWith("\n") ? 1 : 0);
  if (entry.lines[1] > lineCount) {
    return { ok: false, status: "error", reason: `manifest: lines ${entry.lines.join("-")} beyond the end of ${entry.path} (${lineCount} lines) at the head side` };
  }

  if (entry.replay === "forward") return { ok: true, dir, base: entry.parent, head: entry.fix };
  const commit = await git(dir, ["commit-tree", `${entry.parent}^{tree}`, "-p", entry.fix, "-m", `eval: re-introduce the code fixed by ${entry.fix.slice(0, 12)} (${entry.id})`], IDENTITY);
  if (commit.code !== 0) return { ok: false, status: "error", reason: `git commit-tree failed: ${firstLine(commit.stderr)}` };
  return { ok: true, dir, base: entry.fix, head: commit.stdout.trim() };
}

function compact(f: JsonFindingLike, withDiff = false): CompactFinding {
  const out: CompactFinding = { rule: f.rule, line: f.line, endLine: f.endLine, level: f.level, message: f.message };
  if (withDiff && f.diff !== undefined) out.diff = f.diff;
  return out;
}

export function intersects(f: { line: number; endLine: number }, lines: readonly [number, number]): boolean {
  return f.line <= lines[1] && f.endLine >= lines[0];
}

function parseReport(stdout: string): JsonReportLike | undefined {
  try {
    const value = JSON.parse(stdout) as unknown;
    if (typeof value === "object" && value !== null && Array.isArray((value as { findings?: unknown }).findings)) return value as JsonReportLike;
  } catch {
    // fall through
  }
  return undefined;
}

async function runDjperf(cli: CliCommand, prepared: { dir: string; base: string; head: string }, extra: string[], timeoutMs: number) {
  const args = [...cli.args, "diff", "--repo", prepared.dir, "--base", prepared.base, "--head", prepared.head, "--format", "json", "--no-color", ...extra];
  const env = cleanEnv({ NO_COLOR: "1" });
  delete env.DJPERF_DEBUG;
  const result = await run(cli.command, args, { cwd: prepared.dir, env, timeoutMs });
  return { ...result, report: result.code === 0 || result.code === 1 ? parseReport(result.stdout) : undefined };
}

function baseResult(entry: LoadedEntry): EntryResult {
  return {
    id: entry.id,
    set: entry.set,
    category: entry.category,
    polarity: entry.polarity,
    repo: entry.repo,
    path: entry.path,
    lines: [entry.lines[0], entry.lines[1]],
    rules: [...entry.rules],
    status: "ok",
    ms: 0,
    findingsTotal: 0,
    findingsInFile: [],
    matching: [],
    diagnostics: [],
  };
}

/** Replays one entry in `scratchRoot`; never throws for a problem of the entry itself. */
export async function replayEntry(entry: LoadedEntry, options: ReplayOptions & { scratchRoot: string }): Promise<EntryResult> {
  const result = baseResult(entry);
  const started = performance.now();
  try {
    const prepared = await prepareReplay(entry, options.mirrors, options.scratchRoot);
    if (!prepared.ok) return { ...result, status: prepared.status, reason: prepared.reason, ms: performance.now() - started };
    result.base = prepared.base;
    result.head = prepared.head;

    const timeoutMs = options.timeoutMs ?? 600_000;
    const runStarted = performance.now();
    const configArgs = options.config === undefined ? [] : ["--config", options.config];
    const main = await runDjperf(options.cli, prepared, configArgs, timeoutMs);
    result.ms = performance.now() - runStarted;
    result.exitCode = main.code;
    if (main.timedOut) return { ...result, status: "error", reason: `djperf timed out after ${Math.round(timeoutMs / 1000)} s` };
    if (main.report === undefined) {
      const why = main.code === 0 || main.code === 1 ? "output is not a djperf JSON report" : firstLine(main.stderr) || `exit code ${main.code}`;
      return { ...result, status: "error", reason: `djperf failed (exit ${main.code}): ${why}` };
    }
    const report = main.report;
    result.diagnostics = (report.diagnostics ?? []).filter((d) => d.path === null || d.path === entry.path).map((d) => `${d.kind}: ${d.message}`);
    result.findingsTotal = report.findings.length;
    result.findingsInFile = report.findings.filter((f) => f.path === entry.path).map((f) => compact(f));
    result.matching = result.findingsInFile.filter((f) => intersects(f, entry.lines));
    if (entry.polarity === "positive") {
      result.hit = result.matching.length > 0;
      result.expectedRule = result.matching.some((f) => entry.rules.includes(f.rule));
      if (!result.hit && options.secondLook !== false) {
        const all = await runDjperf(options.cli, prepared, [...configArgs, "--filter", "all"], timeoutMs);
        if (all.report !== undefined) {
          result.filteredOut = all.report.findings
            .filter((f) => f.path === entry.path && intersects(f, entry.lines) && f.diff !== "added")
            .map((f) => compact(f, true));
        }
      }
    } else {
      result.falseAlarm = result.matching.length > 0;
    }
    return result;
  } catch (error) {
    return { ...result, status: "error", reason: `harness: ${(error as Error).message}`, ms: performance.now() - started };
  }
}

/** Replays every entry with bounded concurrency; results come back in manifest order. */
export async function replayAll(entries: readonly LoadedEntry[], options: ReplayOptions): Promise<EntryResult[]> {
  const scratchRoot = options.scratchRoot ?? mkdtempSync(join(tmpdir(), "djperf-eval-"));
  mkdirSync(scratchRoot, { recursive: true });
  const results: EntryResult[] = new Array<EntryResult>(entries.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const index = next++;
      const entry = entries[index]!;
      const result = await replayEntry(entry, { ...options, scratchRoot });
      if (!options.keep) rmSync(join(scratchRoot, `${entry.id}.git`), { recursive: true, force: true });
      results[index] = result;
      done++;
      options.onResult?.(result, done, entries.length);
    }
  };
  try {
    const workers = Math.max(1, Math.min(options.concurrency ?? 2, entries.length));
    await Promise.all(Array.from({ length: workers }, () => worker()));
  } finally {
    if (!options.keep && options.scratchRoot === undefined) rmSync(scratchRoot, { recursive: true, force: true });
  }
  return results;
}
