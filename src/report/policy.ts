/**
 * Publishing policy (DESIGN §4): which findings of a run become inline review comments, which are shown
 * in the check run only, and which lie outside the pull request's changes. Pure and deterministic, so
 * the review planner and the check-run planner can both call it on the same input and agree.
 */
import type { DjperfConfig } from "../config/schema.js";
import type { RuleStatus } from "../analysis/rule.js";
import { LEVEL_RANK, type Finding } from "../analysis/finding.js";
import { isInScope } from "../diff/filter.js";

export { isInScope };

/** A finding plus where the diff layer says a review comment may go. */
export interface CommentTarget {
  finding: Finding;
  /** Head-side line for the comment; undefined when no line of the finding's range lies in a hunk. */
  commentLine?: number;
  /** First line of a multi-line comment; only when [commentStartLine..commentLine] lies inside one hunk. */
  commentStartLine?: number;
}

/** What the publisher knows about a rule (RuleMeta satisfies it). */
export interface RuleInfo {
  id: string;
  name: string;
  status?: RuleStatus;
  /** One line: what the rule finds. The review comment's "why" falls back to it. */
  summary?: string;
  /** One sentence: why the pattern is costly. */
  why?: string;
}

export interface PublishInput {
  targets: readonly CommentTarget[];
  config: Pick<DjperfConfig, "filter" | "review">;
  /** Fingerprints that earlier djperf comments on this pull request already carry. */
  existingMarkers?: ReadonlySet<string>;
  rules?: ReadonlyMap<string, RuleInfo>;
  /** False when no review may be posted (draft pull request, review creation forbidden). Default true. */
  reviewEnabled?: boolean;
}

/**
 * Where an in-scope finding is shown. `inline` and `already-commented` appear in the review; every
 * other placement is the reason the finding is shown in the check run only.
 */
export type Placement =
  | "inline"
  | "already-commented"
  | "info"
  | "preview"
  | "duplicate"
  | "review-disabled"
  | "no-line"
  | "overflow";

export interface PlacedTarget extends CommentTarget {
  placement: Placement;
}

export interface PolicyResult {
  /** Findings the pull request caused, deduplicated, sorted by level (block first), then path and line. */
  inScope: PlacedTarget[];
  /** The comments to post now, in the same order. */
  inline: PlacedTarget[];
  /** Not shown in the review; counted in the check-run summary. */
  outOfScope: Finding[];
  /** Identical findings (same fingerprint at the same place) reported more than once. */
  duplicatesDropped: number;
  maxComments: number;
}

/** Block before warn before info; then path, line, column, rule: the order of comments and lists. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
    compareText(a.path, b.path) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function applyPolicy(input: PublishInput): PolicyResult {
  const { config } = input;
  const maxComments = config.review.max_comments;
  const existing = input.existingMarkers ?? new Set<string>();
  const reviewEnabled = input.reviewEnabled ?? true;

  const sorted = [...input.targets].sort((a, b) => compareFindings(a.finding, b.finding));
  const seenPlaces = new Set<string>();
  const seenFingerprints = new Set<string>();
  const inScope: PlacedTarget[] = [];
  const outOfScope: Finding[] = [];
  let duplicatesDropped = 0;
  let commented = 0;

  for (const target of sorted) {
    const f = target.finding;
    const place = `${f.fingerprint}@${f.path}:${f.range.start.line}:${f.range.start.column}`;
    if (seenPlaces.has(place)) {
      duplicatesDropped++;
      continue;
    }
    seenPlaces.add(place);
    if (!isInScope(f.diff, config.filter)) {
      outOfScope.push(f);
      continue;
    }
    // The same fingerprint elsewhere in the file (identical code twice) shares one marker: one comment.
    const duplicate = seenFingerprints.has(f.fingerprint);
    seenFingerprints.add(f.fingerprint);
    const placement = placementOf(target, {
      duplicate,
      preview: input.rules?.get(f.ruleId)?.status === "preview",
      alreadyCommented: existing.has(f.fingerprint),
      reviewEnabled,
      capReached: commented >= maxComments,
    });
    if (placement === "inline") commented++;
    inScope.push({ ...target, placement });
  }
  return { inScope, inline: inScope.filter((t) => t.placement === "inline"), outOfScope, duplicatesDropped, maxComments };
}

interface PlacementFacts {
  duplicate: boolean;
  preview: boolean;
  alreadyCommented: boolean;
  reviewEnabled: boolean;
  capReached: boolean;
}

/** The first reason that keeps a finding out of the review wins; the order is the one users read best. */
function placementOf(target: CommentTarget, facts: PlacementFacts): Placement {
  if (target.finding.level === "info") return "info";
  // New rules prove their precision in the check run before they may comment (DESIGN §6.8).
  if (facts.preview) return "preview";
  if (facts.duplicate) return "duplicate";
  if (facts.alreadyCommented) return "already-commented";
  if (!facts.reviewEnabled) return "review-disabled";
  if (target.commentLine === undefined) return "no-line";
  return facts.capReached ? "overflow" : "inline";
}

/**
 * Whether the in-scope findings fail the check: any `block` finding, except from preview rules (only
 * rules with proven precision may fail a required check).
 */
export function hasBlockingFinding(result: PolicyResult): boolean {
  return result.inScope.some((t) => t.finding.level === "block" && t.placement !== "preview");
}
