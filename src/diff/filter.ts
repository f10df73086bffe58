/**
 * Decides which findings a change caused (DESIGN §1, reviewdog's filter modes). Findings are annotated,
 * never dropped: out-of-scope ones are returned separately so a front end can still show them.
 */
import type { FilterMode } from "../config/schema.js";
import type { DiffScope, Finding } from "../analysis/finding.js";
import { linesOf } from "../analysis/positions.js";
import type { DiffChanges, FileChanges } from "./parse.js";

export interface DiffFilterResult {
  /** Findings the mode keeps, each with `diff` set. */
  inScope: Finding[];
  /** The rest, each with `diff` set; shown only when asked (`--filter all`). */
  outOfScope: Finding[];
}

/** Which `diff` values each mode keeps. */
const KEPT: Record<FilterMode, ReadonlySet<DiffScope>> = {
  added: new Set(["added"]),
  context: new Set(["added", "existing", "context"]),
  file: new Set(["added", "existing", "context", "file"]),
  all: new Set(["added", "existing", "context", "file", "outside"]),
};

/**
 * Whether a finding's relation to the diff puts it in scope for a filter mode. A finding without a
 * diff annotation comes from a run without a diff (a whole-tree check) and is in scope.
 */
export function isInScope(diff: DiffScope | undefined, mode: FilterMode): boolean {
  return diff === undefined || KEPT[mode].has(diff);
}

export function filterByDiff(findings: readonly Finding[], changes: DiffChanges, mode: FilterMode = "added"): DiffFilterResult {
  const inScope: Finding[] = [];
  const outOfScope: Finding[] = [];
  for (const finding of findings) {
    const annotated: Finding = { ...finding, diff: diffScopeOf(finding, changes.get(finding.path)) };
    (isInScope(annotated.diff, mode) ? inScope : outOfScope).push(annotated);
  }
  return { inScope, outOfScope };
}

/**
 * How a finding relates to its file's changes: `added` when its scope (the loop, the class, the chain)
 * holds an added line or a deletion point, `context` when the scope meets a hunk, `file` when only the
 * file changed, `outside` when the file did not change.
 */
export function diffScopeOf(finding: Pick<Finding, "scope" | "range" | "causes">, file: FileChanges | undefined): DiffScope {
  if (!file || file.status === "removed" || file.status === "unchanged") return "outside";
  if (file.patchMissing) {
    // A new file without a patch (too large for the provider) is new in every line; otherwise unknown.
    return file.status === "added" ? "added" : "file";
  }
  const spans = [...ownSpans(finding), ...causeLines(finding)];
  if (spans.some(({ first, last }) => containsAny(file.added, first, last) || containsAny(file.deletionPoints, first, last))) {
    return "added";
  }
  for (const { first, last } of spans) {
    for (const hunk of file.hunks) {
      if (hunk.newLines > 0 && hunk.newStart <= last && hunk.newStart + hunk.newLines - 1 >= first) return "context";
    }
  }
  return "file";
}

/**
 * The line a review comment for this finding goes on: the finding's own first line when GitHub accepts
 * a comment there, else the nearest added line of its scope, else the nearest context line of its scope.
 * Undefined when no line of the scope is in a hunk: the finding then belongs in the check run.
 */
export function commentLineFor(finding: Pick<Finding, "scope" | "range" | "causes">, file: FileChanges | undefined): number | undefined {
  if (!file || file.patchMissing) return undefined;
  const own = finding.range.start.line;
  if (file.added.has(own) || file.context.has(own)) return own;
  for (const { first, last } of ownSpans(finding)) {
    const line = nearest(file.added, own, first, last);
    if (line !== undefined) return line;
  }
  for (const { first, last } of ownSpans(finding)) {
    const line = nearest(file.context, own, first, last);
    if (line !== undefined) return line;
  }
  // The change is elsewhere (a deleted select_related on the QuerySet definition): comment where it happened.
  for (const cause of causeLines(finding)) {
    const line = nearest(file.added, own, cause.first, cause.last) ?? nearest(file.context, own, cause.first, cause.last);
    if (line !== undefined) return line;
  }
  return undefined;
}

function causeLines(finding: Pick<Finding, "causes">): { first: number; last: number }[] {
  return (finding.causes ?? []).map(linesOf);
}

/**
 * The finding's own lines and its scope's, as separate spans: a loop rule's scope is the loop header
 * (the engine trims it), so an edit elsewhere in a long loop body does not blame the pull request for
 * an old finding.
 */
function ownSpans(finding: Pick<Finding, "scope" | "range">): { first: number; last: number }[] {
  return [linesOf(finding.range), linesOf(finding.scope)];
}

function containsAny(lines: ReadonlySet<number>, first: number, last: number): boolean {
  if (lines.size < last - first + 1) {
    for (const line of lines) if (line >= first && line <= last) return true;
    return false;
  }
  for (let line = first; line <= last; line++) if (lines.has(line)) return true;
  return false;
}

/** The line of `lines` within [first, last] closest to `target`; ties go to the earlier line. */
function nearest(lines: ReadonlySet<number>, target: number, first: number, last: number): number | undefined {
  let best: number | undefined;
  for (const line of lines) {
    if (line < first || line > last) continue;
    const better = best === undefined || Math.abs(line - target) < Math.abs(best - target) || (Math.abs(line - target) === Math.abs(best - target) && line < best);
    if (better) best = line;
  }
  return best;
}
