/**
 * Recall evaluation on real regressions: `npm run eval -- --mirrors DIR [options]`.
 * Replays every manifest entry (eval/manifest/*.jsonl) as a pull request against a mirror in
 * DIR/<owner>+<name>/repo, runs djperf's CLI on it and prints recall and false alarms per set and
 * category. Exit 0 whatever djperf found; 2 when the harness itself cannot run (bad arguments or
 * manifest, build failure). See eval/README.md.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadManifestDir, ManifestError, SETS, selectEntries, type EvalSet } from "./src/manifest.js";
import { cliCommand, replayAll, type EntryResult } from "./src/replay.js";
import { formatReport, summarise, summaryLine } from "./src/report.js";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

const USAGE = `usage: npm run eval -- --mirrors DIR [options]

  --mirrors DIR       folder of mirrors: DIR/<owner>+<name>/repo (bare git repositories)
  --manifest DIR      folder of *.jsonl manifests (default: eval/manifest)
  --cli PATH          djperf launcher to measure (default: bin/djperf.js of this repository, built
                      first when dist/ is older than the sources); a .ts path runs through tsx
  --config FILE       djperf config for every run (-c FILE), e.g. eval/config/index-advisor.yml
                      to measure DJP211, which pull-request mode runs only when asked
  --set SET           check, rotation, tuning or all (default: all; the report always shows sets apart)
  --category C        only these categories (repeatable or comma-separated)
  --id ID             only these entries (repeatable or comma-separated)
  --json              print the results as JSON instead of tables
  --concurrency N     djperf runs at a time (default: 2)
  --timeout S         seconds per djperf run before it counts as an error (default: 600)
  --no-second-look    do not re-run misses with --filter all to show what the diff filter left out
  --keep              keep the scratch repositories (their folder is printed)
  --no-build          never build, even when dist/ looks stale
`;

class UsageError extends Error {}

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a positive whole number, not ${value}`);
  return n;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "project") newest = Math.max(newest, newestMtime(path));
    } else if (entry.name.endsWith(".ts")) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Builds dist/ when it is missing or older than src/, rules/ or the build config. */
function buildIfStale(): void {
  const built = join(ROOT, "dist", "src", "cli", "main.js");
  const sources = Math.max(newestMtime(join(ROOT, "src")), newestMtime(join(ROOT, "rules")), statSync(join(ROOT, "tsconfig.build.json")).mtimeMs, statSync(join(ROOT, "tsconfig.json")).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stderr.write("eval: dist/ is stale, running npm run build\n");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
}

function progressLine(r: EntryResult, done: number, total: number): string {
  const seconds = `${(r.ms / 1000).toFixed(1)} s`;
  let what: string;
  if (r.status !== "ok") what = `${r.status}: ${r.reason ?? ""}`;
  else if (r.polarity === "positive") what = r.hit ? `hit ${r.matching.map((f) => f.rule).join(",")}` : "miss";
  else what = r.falseAlarm ? `FALSE ALARM ${r.matching.map((f) => f.rule).join(",")}` : "silent";
  return `[${done}/${total}] ${r.id}: ${what} (${seconds})\n`;
}

async function mainEval(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mirrors: { type: "string" },
      manifest: { type: "string" },
      cli: { type: "string" },
      config: { type: "string" },
      set: { type: "string" },
      category: { type: "string", multiple: true },
      id: { type: "string", multiple: true },
      json: { type: "boolean" },
      concurrency: { type: "string" },
      timeout: { type: "string" },
      "no-second-look": { type: "boolean" },
      keep: { type: "boolean" },
      "no-build": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.mirrors === undefined) throw new UsageError("--mirrors DIR is required");
  const mirrors = resolve(values.mirrors);
  if (!existsSync(mirrors)) throw new UsageError(`--mirrors: no such folder ${mirrors}`);
  const set = (values.set ?? "all") as EvalSet | "all";
  if (set !== "all" && !(SETS as readonly string[]).includes(set)) throw new UsageError(`--set takes ${SETS.join(", ")} or all, not ${values.set}`);
  const concurrency = positiveInt(values.concurrency, "--concurrency", 2);
  const timeoutMs = positiveInt(values.timeout, "--timeout", 600) * 1000;

  const manifestDir = resolve(values.manifest ?? join(ROOT, "eval", "manifest"));
  const entries = selectEntries(loadManifestDir(manifestDir), { set, categories: list(values.category), ids: list(values.id) });

  const cliPath = values.cli ?? join(ROOT, "bin", "djperf.js");
  if (!existsSync(cliPath)) throw new UsageError(`--cli: no such file ${cliPath}`);
  if (values.cli === undefined && !values["no-build"]) buildIfStale();
  const cli = cliCommand(cliPath);
  const config = values.config === undefined ? undefined : resolve(values.config);
  if (config !== undefined && !existsSync(config)) throw new UsageError(`--config: no such file ${config}`);

  let scratchRoot: string | undefined;
  if (values.keep) {
    scratchRoot = mkdtempSync(join(tmpdir(), "djperf-eval-"));
    process.stderr.write(`eval: scratch repositories kept in ${scratchRoot}\n`);
  }
  const results = await replayAll(entries, {
    mirrors,
    scratchRoot,
    cli,
    concurrency,
    timeoutMs,
    secondLook: !values["no-second-look"],
    keep: values.keep === true,
    ...(config !== undefined ? { config } : {}),
    onResult: (r, done, total) => process.stderr.write(progressLine(r, done, total)),
  });

  const shortLabel = relative(process.cwd(), manifestDir);
  const manifestLabel = shortLabel === "" ? "." : shortLabel.startsWith("..") ? manifestDir : shortLabel;
  if (values.json) {
    const summaries = summarise(results);
    process.stdout.write(`${JSON.stringify({ cli: cli.label, manifest: manifestDir, summary: summaries, line: summaryLine(summaries), results }, null, 2)}\n`);
  } else {
    process.stdout.write(formatReport(results, { cli: cli.label, manifest: manifestLabel }));
  }
  return 0;
}

try {
  process.exitCode = await mainEval(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
    process.stderr.write(`eval: ${error.message}\n\n${USAGE}`);
  } else if (error instanceof ManifestError) {
    process.stderr.write(`eval: ${error.message}\n`);
  } else {
    process.stderr.write(`eval: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exitCode = 2;
}
