/**
 * The findings cache of an analysis (`djperf diff` run again on the same change: a CI re-run, a
 * second look). A file's outcome (its findings, diagnostics, rule coverage, or why it was not
 * analysed) is a function of everything runAnalysis reads: the file list, the targets, the bytes of
 * every file it reads (the index's, the targets', the admin modules'), the config, the rules, the
 * paths the change added and touched, and djperf's code. The key is a digest of exactly that, so a hit is the
 * outcome a fresh analysis would compute, never a stale one: change one model anywhere in the files
 * read and every key changes. Coarser than a key per index fact (a change to any read file is a miss
 * for every target), but it needs no proof that a fact digest covers all the index holds.
 *
 * The bytes are stood for by git blob ids where the source has them (a git revision: no file is read
 * on a hit), else by the git blob sha of the bytes read. Entries live in a FactsStore (the CLI's cache
 * folder), under kinds of their own.
 */
import { createHash } from "node:crypto";
import type { Diagnostic, Finding, AnalysisStats } from "../analysis/finding.js";
import type { FileAnalysis } from "../analysis/engine.js";
import { blobShaOfBytes, type FactsKey, type FactsStore } from "../analysis/index/facts-cache.js";
import type { DjperfConfig } from "../config/schema.js";
import type { FileContent } from "./ports.js";

/** What became of one target: not readable, left out by content (tests, seed data), or analysed. */
export type TargetOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "excluded"; reason: string }
  | { kind: "analysed"; lines: number; findings: Finding[]; diagnostics: Diagnostic[]; coverage: FileAnalysis["coverage"] };

/** What the run knows from the index rather than from one file. */
export interface RunOutcome {
  /** The "no Django model found" diagnostic, when it applies. */
  missing?: Diagnostic;
  drf?: AnalysisStats["drf"];
}

export interface AnalysisInputs {
  /** djperf's version and a digest of its code and rules. */
  build: string;
  config: DjperfConfig;
  ruleIds: readonly string[];
  added: readonly string[];
  /** Every path the change touched (DJP207 asks whether an app's code changed); undefined outside a change. */
  changed?: readonly string[];
  change: boolean;
  allPaths: readonly string[];
  targets: readonly string[];
  /** Every path the analysis reads, in reading order. */
  toRead: readonly string[];
  /** Stands for a read path's bytes: a git blob id, or why it is not readable. */
  idOf: (path: string) => string;
  /** The targets and rules of a focused run (a change's merge base); undefined: every target, every rule. */
  focus?: { paths: readonly string[]; ruleIds: readonly string[] };
}

const RUN_KIND = "findings-run";
const TARGET_KIND = "findings";

/** The key shared by every entry of one analysis: a SHA-1 over all its inputs. */
export function analysisDigest(inputs: AnalysisInputs): string {
  const hash = createHash("sha1");
  const list = (name: string, items: readonly string[]): void => {
    hash.update(`${name} ${items.length}\0`);
    for (const item of items) hash.update(item).update("\0");
  };
  hash.update(`findings-v1\0${inputs.build}\0${inputs.change ? "change" : "check"}\0`);
  hash.update(JSON.stringify(inputs.config)).update("\0");
  list("rules", inputs.ruleIds);
  list("added", [...inputs.added].sort());
  if (inputs.changed) list("changed", [...inputs.changed].sort());
  list("all", inputs.allPaths);
  list("targets", inputs.targets);
  list("read", inputs.toRead.map((path) => `${path}\0${inputs.idOf(path)}`));
  if (inputs.focus) {
    list("focus", [...inputs.focus.paths].sort());
    list("focus-rules", [...inputs.focus.ruleIds].sort());
  }
  return hash.digest("hex");
}

/**
 * What stands for each read path: the source's blob ids, or (a source without them) the blob id of
 * the bytes read; a path that could not be read stands as its reason.
 */
export function readIdentities(ids: ReadonlyMap<string, string> | undefined, contents: ReadonlyMap<string, FileContent> | undefined): (path: string) => string {
  return (path) => {
    const id = ids?.get(path);
    if (id !== undefined) return id;
    if (ids !== undefined) return "-";
    const content = contents?.get(path);
    if (!content) return "-";
    return content.ok ? blobShaOfBytes(content.bytes) : `!${content.reason}`;
  };
}

/**
 * A blob id stands for bytes only when those bytes were read: a blob missing from a partial clone now
 * may be fetched later, so a run that failed to read a file it has an id for is not kept.
 */
export function everyIdRead(ids: ReadonlyMap<string, string> | undefined, read: ReadonlyMap<string, boolean>): boolean {
  if (ids === undefined) return true;
  for (const path of ids.keys()) if (read.get(path) !== true) return false;
  return true;
}

function keysOf(digest: string, targets: readonly string[]): FactsKey[] {
  return [{ kind: RUN_KIND, path: "", blobSha: digest }, ...targets.map((path) => ({ kind: TARGET_KIND, path, blobSha: digest }))];
}

/** Every target's outcome and the run's, or undefined unless all of them are stored (a partial hit still needs the index). */
export async function loadOutcomes(store: FactsStore, digest: string, targets: readonly string[]): Promise<{ run: RunOutcome; targets: TargetOutcome[] } | undefined> {
  let values: ReadonlyArray<unknown>;
  try {
    values = await store.getMany(keysOf(digest, targets));
  } catch {
    return undefined;
  }
  if (values.some((v) => v === undefined || v === null || typeof v !== "object")) return undefined;
  const [run, ...outcomes] = values;
  return { run: run as RunOutcome, targets: outcomes as TargetOutcome[] };
}

export async function saveOutcomes(store: FactsStore, digest: string, targets: readonly string[], run: RunOutcome, outcomes: readonly TargetOutcome[]): Promise<void> {
  const keys = keysOf(digest, targets);
  const values: unknown[] = [run, ...outcomes];
  try {
    await store.setMany(keys.map((key, i) => ({ key, value: values[i] })));
  } catch {
    // Not kept: the next run analyses again.
  }
}
