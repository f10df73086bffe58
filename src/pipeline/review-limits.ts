/**
 * Per-review limits on what is analysed (issue 12, "Limits per job"): at most `analysis.max_files`
 * changed Python files, and at most `analysis.max_review_bytes` bytes of them. Shared by the App
 * (run-review.ts) and `djperf diff`, so both cut a large change at the same file and say so the same way.
 * Pure: sizes come from the revision's tree listing, before anything is downloaded.
 */
import type { Diagnostic } from "../analysis/finding.js";
import type { DjperfConfig } from "../config/schema.js";

export interface TargetLimits {
  maxFiles: number;
  maxReviewBytes: number;
  /** Files over this are skipped by the source anyway (a `skipped` diagnostic): they cost no budget. */
  maxFileBytes: number;
}

export function targetLimitsOf(config: DjperfConfig): TargetLimits {
  const { max_files, max_review_bytes, max_file_bytes } = config.analysis;
  return { maxFiles: max_files, maxReviewBytes: max_review_bytes, maxFileBytes: max_file_bytes };
}

export interface LimitedTargets {
  /** The first targets, in the caller's order, that fit both limits. */
  targets: string[];
  /** The rest, in order: not analysed. */
  notAnalysed: string[];
  /** One line saying which limit was hit and how much was analysed; undefined when none was. */
  note?: string;
  /** A `skipped` diagnostic per file not analysed (listed under "Files not analysed"). */
  diagnostics: Diagnostic[];
}

/**
 * Keeps a prefix of `targets`: the files after the first one that would pass a limit are not analysed.
 * A prefix, not a best fit, so the cut is predictable ("the first 300 files") and the same in every run.
 * @param sizeOf bytes of a target at head; undefined (not in the tree) counts as 0: the source reports it.
 */
export function limitTargets(targets: readonly string[], sizeOf: (path: string) => number | undefined, limits: TargetLimits): LimitedTargets {
  let bytes = 0;
  let kept = 0;
  let hit: "files" | "bytes" | undefined;
  for (const path of targets) {
    if (kept >= limits.maxFiles) {
      hit = "files";
      break;
    }
    const size = sizeOf(path) ?? 0;
    const cost = size > limits.maxFileBytes ? 0 : size;
    if (bytes + cost > limits.maxReviewBytes) {
      hit = "bytes";
      break;
    }
    bytes += cost;
    kept++;
  }
  const analysed = targets.slice(0, kept);
  const notAnalysed = targets.slice(kept);
  if (hit === undefined) return { targets: analysed, notAnalysed, diagnostics: [] };
  const why =
    hit === "files"
      ? `file limit of ${count(limits.maxFiles)} reached (\`analysis.max_files: ${limits.maxFiles}\`)`
      : `byte budget of ${megabytes(limits.maxReviewBytes)} reached (\`analysis.max_review_bytes: ${limits.maxReviewBytes}\`)`;
  const note = `djperf analysed ${count(kept)} of ${count(targets.length)} changed Python files: ${why}; the other ${count(notAnalysed.length)} ${notAnalysed.length === 1 ? "was" : "were"} not checked.`;
  const message = hit === "files" ? `not analysed: the review's file limit (analysis.max_files) was reached` : `not analysed: the review's byte budget (analysis.max_review_bytes) was reached`;
  return { targets: analysed, notAnalysed, note, diagnostics: notAnalysed.map((path) => ({ kind: "skipped", path, message })) };
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** `20 MB`, `1.5 MB`, `512 KB`: binary units, as the schema's defaults are written. */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  const kb = bytes / 1024;
  return kb >= 1 ? `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB` : `${bytes} bytes`;
}
