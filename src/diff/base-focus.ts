/**
 * What of the merge base the second cut (src/diff/blame.ts) has to analyse. The base only has to show
 * whether a head finding the first cut blamed on the change (`added`) existed before; blameByBase finds
 * the same identity either in the finding's own file at the base, or (code moved between files) left
 * over in another changed file, a copy the base had and the head no longer has. So, in two steps:
 *
 * 1. the base version of every changed file that holds an added finding, with the rules of the added
 *    findings only (a rule's findings do not depend on the other rules: src/analysis/engine.ts);
 * 2. only while some added finding is still unmatched after step 1: the other changed files that lost
 *    lines (removed or replaced ones; a removed file, or a patch that is not known), the only places
 *    code could have moved from, with the rules of the unmatched findings only.
 *
 * A changed file that only gained lines is not analysed at the base: nothing moved out of it. (Its
 * base findings could still differ from its head's when the added lines or another file's change take
 * a finding away, e.g. a `select_related` added on a line of its own; such a copy would have counted as
 * code moved into whichever file has the same rule, enclosing names and subject. That is no move, and
 * it is no longer counted.)
 */
import type { Finding } from "../analysis/finding.js";
import type { FileChanges } from "./parse.js";

export interface BaseFocus {
  /** Base paths of changed files whose rules run at the base. */
  paths: string[];
  /** The rules that run on them. */
  ruleIds: string[];
}

/** Step 1: the base paths of the changed files holding an added finding, and the rules of all added findings. */
export function filesOfAddedFindings(placed: readonly Finding[], baseOf: ReadonlyMap<string, string>): BaseFocus {
  const added = placed.filter((f) => f.diff === "added");
  const headPaths = new Set(added.map((f) => f.path));
  return { paths: [...baseOf].filter(([, headPath]) => headPaths.has(headPath)).map(([basePath]) => basePath), ruleIds: ruleIdsOf(added) };
}

/**
 * Step 2: the changed files not analysed yet that lost lines, with the rules of the findings still
 * unmatched; none when every added finding is matched.
 */
export function filesCodeMovedFrom(unmatched: readonly Finding[], baseOf: ReadonlyMap<string, string>, changes: ReadonlyMap<string, FileChanges>, done: ReadonlySet<string>): BaseFocus {
  if (unmatched.length === 0) return { paths: [], ruleIds: [] };
  const paths = [...baseOf].filter(([basePath, headPath]) => !done.has(basePath) && lostLines(changes.get(headPath))).map(([basePath]) => basePath);
  return { paths, ruleIds: paths.length === 0 ? [] : ruleIdsOf(unmatched) };
}

/** Whether code could have moved out of a changed file: it lost lines, or its patch is not known. */
export function lostLines(file: FileChanges | undefined): boolean {
  if (!file || file.patchMissing) return true;
  return file.status === "removed" || file.removed > 0;
}

/** Added findings the base comparison could still demote: in a compared file, and not matched. */
export function unmatchedAdded(findings: readonly Finding[], comparedPaths: ReadonlySet<string>): Finding[] {
  return findings.filter((f) => f.diff === "added" && comparedPaths.has(f.path));
}

function ruleIdsOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.ruleId))].sort();
}
