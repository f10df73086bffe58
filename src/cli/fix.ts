/**
 * `djperf check --fix`: applies the fixes the rules compute (the same edits the App offers as
 * suggestions), safe ones only unless `--unsafe-fixes`, then analyses again until nothing more
 * applies, like Ruff. Fixed text is kept in memory until the end, so `--diff` shows the change
 * without writing. Running it twice changes nothing the second time.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AnalysisResult, Finding, TextEdit } from "../analysis/finding.js";
import { decodeSource } from "../analysis/parser.js";
import type { FileContent, RepoSource } from "../pipeline/ports.js";
import { applyEdits, lineStartsOf, offsetOf } from "../report/apply-fix.js";
import { unifiedDiff } from "./unified-diff.js";

/** Rounds of fix-and-reanalyse; fixes rarely enable others, so this is a guard, not a budget. */
const MAX_ROUNDS = 10;

/** A source whose files may have been rewritten in memory. */
export class OverlaySource implements RepoSource {
  readonly texts = new Map<string, string>();

  constructor(private readonly base: RepoSource) {}

  listFiles(): Promise<string[]> {
    return this.base.listFiles();
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    const missing = paths.filter((p) => !this.texts.has(p));
    const out = missing.length > 0 ? await this.base.readFiles(missing) : new Map<string, FileContent>();
    for (const p of paths) {
      const text = this.texts.get(p);
      if (text !== undefined) out.set(p, { ok: true, bytes: new TextEncoder().encode(text) });
    }
    return out;
  }
}

export interface FixOutcome {
  /** The analysis of the fixed text: what is left. */
  result: AnalysisResult;
  /** Original and fixed text of each changed file. */
  changed: Map<string, { before: string; after: string }>;
  /** Findings whose fix was applied. */
  fixed: number;
}

export function isApplicable(f: Finding, unsafe: boolean): boolean {
  return f.fix !== undefined && f.fix.edits.length > 0 && (f.fix.safety === "safe" || unsafe);
}

export async function fixToConvergence(source: RepoSource, analyse: (source: RepoSource) => Promise<AnalysisResult>, unsafe: boolean): Promise<FixOutcome> {
  const overlay = new OverlaySource(source);
  const originals = new Map<string, string>();
  // A fix is applied once: one that leaves its finding in place must not be applied again each round.
  const attempted = new Set<string>();
  let fixed = 0;
  let result = await analyse(overlay);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const byPath = new Map<string, Finding[]>();
    for (const f of result.findings) {
      const key = `${f.path}\0${f.identity}\0${f.messageId}\0${f.fix?.title ?? ""}`;
      if (!isApplicable(f, unsafe) || attempted.has(key)) continue;
      attempted.add(key);
      byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
    }
    let progressed = false;
    for (const [path, findings] of byPath) {
      const text = await currentText(overlay, path);
      if (text === undefined) continue;
      // Every fix whose edits overlap none already taken, all against this text; the rest wait a round.
      const starts = lineStartsOf(text);
      const taken: { from: number; to: number }[] = [];
      const edits: TextEdit[] = [];
      for (const f of findings) {
        const spans = f.fix!.edits.map((e) => ({ from: offsetOf(text, starts, e.range.start), to: offsetOf(text, starts, e.range.end) }));
        if (spans.some((a) => taken.some((b) => overlaps(a, b)))) continue;
        taken.push(...spans);
        edits.push(...f.fix!.edits);
        fixed++;
      }
      const next = applyEdits(text, edits).text;
      if (next === text) continue;
      if (!originals.has(path)) originals.set(path, text);
      overlay.texts.set(path, next);
      progressed = true;
    }
    if (!progressed) break;
    result = await analyse(overlay);
  }
  const changed = new Map<string, { before: string; after: string }>();
  for (const [path, before] of originals) {
    const after = overlay.texts.get(path)!;
    if (after !== before) changed.set(path, { before, after });
  }
  return { result, changed, fixed };
}

/** Overlapping spans, or two insertions at one point (their order would be a guess). */
function overlaps(a: { from: number; to: number }, b: { from: number; to: number }): boolean {
  return (a.from < b.to && b.from < a.to) || a.from === b.from;
}

async function currentText(source: RepoSource, path: string): Promise<string | undefined> {
  const content = (await source.readFiles([path])).get(path);
  if (!content?.ok) return undefined;
  const decoded = decodeSource(content.bytes, Number.MAX_SAFE_INTEGER);
  return decoded.ok ? decoded.text : undefined;
}

/** Writes the fixed files under `root`. */
export async function writeFixes(root: string, changed: FixOutcome["changed"]): Promise<void> {
  for (const [path, { after }] of changed) await writeFile(join(root, path), after, "utf8");
}

/** The unified diff of every changed file, paths as `display` names them. */
export function fixesDiff(changed: FixOutcome["changed"], display: (path: string) => string): string {
  return [...changed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, { before, after }]) => unifiedDiff(display(path), before, after)).join("");
}
