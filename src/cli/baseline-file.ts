/**
 * Reading and writing the baseline file for `djperf baseline`, `check --baseline` and `diff
 * --baseline`. Paths in the file are repository-relative, like the machine-readable formats, so a
 * baseline written by `check` applies to `diff`, the Action and the App.
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { AnalysisResult } from "../analysis/finding.js";
import { baselineOf, formatBaseline, parseBaseline, withoutBaselined, type Baseline } from "../report/baseline.js";
import { UsageError, type CliIo } from "./io.js";

/** Where `djperf baseline` writes without `--baseline` or a `baseline:` config key (repository root). */
export const DEFAULT_BASELINE = ".djperf-baseline.json";

/** Reads a baseline file; `undefined` when it does not exist. */
export async function readBaselineFile(path: string, shown: string): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read baseline ${shown} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return baselineFromText(text, shown);
}

export function baselineFromText(text: string, shown: string): Baseline {
  const parsed = parseBaseline(text);
  if ("error" in parsed) throw new UsageError(`baseline ${shown} is ${parsed.error}; write it again with \`djperf baseline\``);
  return parsed;
}

/** Moves entries to paths named from a project in a subfolder (`backend/app/x.py` → `app/x.py`). */
export function baselineUnderPrefix(baseline: Baseline, prefix: string): Baseline {
  if (prefix === "") return baseline;
  const head = `${prefix}/`;
  return { ...baseline, entries: baseline.entries.map((e) => (e.path.startsWith(head) ? { ...e, path: e.path.slice(head.length) } : e)) };
}

/** The result without baselined findings, with one stderr line saying how many were left out. */
export function applyBaseline<R extends AnalysisResult>(io: CliIo, result: R, baseline: Baseline, shown: string): R {
  const { findings, baselined } = withoutBaselined(result.findings, baseline);
  if (baselined > 0) io.stderr(`djperf: ${baselined} finding${baselined === 1 ? "" : "s"} recorded in the baseline ${shown} not shown\n`);
  return { ...result, findings };
}

/** Writes the findings of `result` (repository-relative paths) as a baseline. */
export async function writeBaselineFile(io: CliIo, path: string, shown: string, result: AnalysisResult): Promise<void> {
  await writeFile(resolve(path), formatBaseline(baselineOf(result.findings)), "utf8");
  const n = result.findings.length;
  io.stderr(`djperf: wrote ${n} finding${n === 1 ? "" : "s"} to the baseline ${shown}; runs with --baseline ${shown} report only new ones\n`);
}
