/**
 * Did the pull request cause a finding, or was it already there? (DESIGN §1; Semgrep's diff-aware
 * scan, SonarCloud's "new code".) The added-lines filter is the first cut; this second cut compares the
 * findings of the changed files at head with those of the same files at the merge base, by identity
 * (rule, enclosing definitions, subject: src/analysis/fingerprint.ts), which survives reformatting,
 * re-indenting, argument edits, moves and renames. A head finding the first cut blamed on the change is
 * demoted to `existing` when the base already had it, or had the same flagged code under other enclosing
 * names (moved into another function, a class renamed around it).
 *
 * A change of cause in substance gives a new identity and so stays blamed: a removed select_related
 * (the base had no finding), a loop now over a queryset instead of a list (likewise), a new relation
 * walked in an old loop (the subject names the paths walked).
 */
import type { DiffScope, Finding } from "../analysis/finding.js";
import type { DiffChanges } from "./parse.js";

export interface BaseFindings {
  /** Findings of the changed files as they were at the merge base (base paths). */
  findings: readonly Finding[];
  /** Head paths of changed files whose base version was analysed (others are unknown: not compared). */
  comparedPaths: ReadonlySet<string>;
}

/**
 * Head findings with `diff` refined: `added` ones whose identity the base already had in the same file
 * (or, for code moved between files, in another changed file) become `existing`. Counts matter: a second
 * identical finding added next to an old one is new, and the one the change touched least keeps the old
 * identity. Last, a finding still blamed whose flagged code the base had verbatim (same rule, message and
 * model: `movedIdentity`) where a base finding no longer stands under its old names is that finding,
 * moved into another function or module, or inside a renamed class. Findings of files whose base version
 * is unknown are left as they are.
 */
export function blameByBase(head: readonly Finding[], base: BaseFindings, changes: DiffChanges): Finding[] {
  const headPathOf = basePathToHeadPath(changes);
  const inFile = new Map<string, Finding[]>();
  const key = (path: string, identity: string): string => `${path}\0${identity}`;
  for (const f of base.findings) push(inFile, key(headPathOf.get(f.path) ?? f.path, f.identity), f);

  const result = head.map((f) => ({ ...f }));
  const compared = result.filter((f) => base.comparedPaths.has(f.path));
  // Untouched findings consume the base's copies first: of two identical findings the touched one is new.
  const order = [...compared].sort((a, b) => rank(a.diff) - rank(b.diff));
  const used = new Set<Finding>();
  let unmatched: Finding[] = [];
  for (const f of order) {
    const copy = inFile.get(key(f.path, f.identity))?.find((b) => !used.has(b));
    if (copy) {
      used.add(copy);
      if (f.diff === "added") f.diff = "existing";
    } else if (f.diff === "added") {
      unmatched.push(f);
    }
  }

  // Moved between files: the same identity left one changed file and arrived in another.
  unmatched = matchLeftovers(unmatched, base.findings, used, (f) => f.identity);
  // Moved into other definitions, or a class renamed around it: the same code under other names.
  matchLeftovers(unmatched, base.findings, used, (f) => f.movedIdentity);
  return result;
}

/** Marks each finding that a base finding not used yet shares `keyOf` with as existing; returns the others. */
function matchLeftovers(unmatched: readonly Finding[], baseFindings: readonly Finding[], used: Set<Finding>, keyOf: (f: Finding) => string | undefined): Finding[] {
  const left = new Map<string, Finding[]>();
  for (const b of baseFindings) {
    const k = keyOf(b);
    if (k !== undefined && !used.has(b)) push(left, k, b);
  }
  const still: Finding[] = [];
  for (const f of unmatched) {
    const k = keyOf(f);
    const copy = k === undefined ? undefined : left.get(k)?.find((b) => !used.has(b));
    if (copy) {
      used.add(copy);
      f.diff = "existing";
    } else {
      still.push(f);
    }
  }
  return still;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Untouched before touched, so the base's copies go to the findings the change did not cause. */
function rank(diff: DiffScope | undefined): number {
  return diff === "added" ? 1 : 0;
}

/** Renamed files: their base findings count for the head path. */
function basePathToHeadPath(changes: DiffChanges): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of changes.values()) if (file.previousPath !== undefined) map.set(file.previousPath, file.path);
  return map;
}
