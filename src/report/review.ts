/**
 * The pull-request review djperf posts for one head commit (DESIGN §4): inline comments with a why, a
 * suggestion when a safe fix fits the commented lines, a docs link, how to suppress, and a hidden
 * marker that makes re-runs idempotent. Pure: the publisher sends the plan as it is.
 */
import type { Level } from "../analysis/finding.js";
import { applyEdits } from "./apply-fix.js";
import { applyPolicy, hasBlockingFinding, type CommentTarget, type PlacedTarget, type PolicyResult, type PublishInput, type RuleInfo } from "./policy.js";
import { codeBlock, codeSpan, link, plural } from "./markdown.js";
import { DEFAULT_DOCS_BASE_URL, ruleDocUrl } from "./rule-docs.js";

export interface ReviewComment {
  path: string;
  line: number;
  side: "RIGHT";
  start_line?: number;
  start_side?: "RIGHT";
  body: string;
}

export interface ReviewPlan {
  event: "COMMENT" | "REQUEST_CHANGES";
  body: string;
  comments: ReviewComment[];
}

export interface ReviewInput extends PublishInput {
  /** Head-revision text per path: needed to render suggestion blocks (without it, fixes become hints). */
  sources?: ReadonlyMap<string, string>;
  /** URL of the djperf repository at a ref, under which `rules/<ID>-<name>/README.md` lives (see docsUrl). */
  docsBase?: string;
}

/** Marks the review body as djperf's own (comment markers identify findings; this one the review). */
export const REVIEW_MARKER = "<!-- djperf:review -->";

/**
 * The rule's published page, `<base>rules/<ID>-<name>/README.md`, where base is the URL of the djperf
 * repository at a ref (default DEFAULT_DOCS_BASE_URL). One link builder serves comments and `explain`.
 */
export function docsUrl(ruleId: string, ruleName: string, base: string = DEFAULT_DOCS_BASE_URL): string {
  return ruleDocUrl({ id: ruleId, name: ruleName }, base.endsWith("/") ? base : `${base}/`);
}

/** The inline suppression comment users add to silence one finding. */
export function suppressionComment(ruleId: string): string {
  return `# djperf: ignore[${ruleId}] <reason>`;
}

export function markerOf(ruleId: string, fingerprint: string): string {
  return `<!-- djperf:${ruleId}:${fingerprint} -->`;
}

const MARKER_RE = /<!-- djperf:(DJP\d{3}):([A-Za-z0-9_-]+) -->/g;

/** The finding a djperf comment is about, from its marker (the last one when quoted text holds more). */
export function parseMarker(body: string): { ruleId: string; fingerprint: string } | null {
  let found: { ruleId: string; fingerprint: string } | null = null;
  for (const m of body.matchAll(MARKER_RE)) found = { ruleId: m[1]!, fingerprint: m[2]! };
  return found;
}

/**
 * Ids of djperf comments whose finding is gone from the head analysis (to be minimised as OUTDATED).
 * Pass the fingerprints of every finding of the run, in scope or not: a finding that still exists has
 * not been fixed. Comments without a marker are not djperf's and are never returned.
 */
export function staleComments<I>(existing: readonly { id: I; body: string }[], currentFingerprints: ReadonlySet<string>): I[] {
  return existing.filter((c) => {
    const marker = parseMarker(c.body);
    return marker !== null && !currentFingerprints.has(marker.fingerprint);
  }).map((c) => c.id);
}

/**
 * The replacement text of the commented lines when the finding's fix is safe and every edit lies inside
 * [commentStartLine..commentLine]; undefined otherwise (the fix is then shown as a hint).
 */
export function suggestionFor(target: CommentTarget, source: string | undefined): string | undefined {
  const fix = target.finding.fix;
  if (!fix || fix.safety !== "safe" || fix.edits.length === 0 || source === undefined || target.commentLine === undefined) return undefined;
  const last = target.commentLine;
  const first = target.commentStartLine ?? last;
  const lines = source.split(/\r\n|\r|\n/);
  if (first < 1 || last > lines.length || first > last) return undefined;
  const inside = fix.edits.every(({ range: { start, end } }) => {
    const endsInside = end.line <= last || (end.line === last + 1 && end.column === 1 && last < lines.length);
    return start.line >= first && start.line <= last && endsInside;
  });
  if (!inside) return undefined;

  const original = `${lines.slice(first - 1, last).join("\n")}\n`;
  const rebase = (p: { line: number; column: number }) => ({ line: p.line - first + 1, column: p.column });
  const edits = fix.edits.map((e) => ({ newText: e.newText, range: { start: rebase(e.range.start), end: rebase(e.range.end) } }));
  const { text, skipped } = applyEdits(original, edits);
  if (skipped > 0 || text === original) return undefined;
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}

const LEVEL_BADGE: Record<Level, string> = { block: "🛑", warn: "⚠️", info: "ℹ️" };

export function levelBadge(level: Level): string {
  return LEVEL_BADGE[level];
}

export interface CommentRenderOptions {
  rule?: RuleInfo;
  source?: string;
  docsBase?: string;
}

/** The markdown of one inline comment; it always ends with the finding's marker. */
export function renderCommentBody(target: CommentTarget, options: CommentRenderOptions = {}): string {
  const f = target.finding;
  const parts: string[] = [];
  const blocking = f.level === "block" ? " · blocks merging" : "";
  parts.push(`${levelBadge(f.level)} **${f.ruleId} · ${f.ruleName}**${blocking}\n\n${f.message}`);
  const why = options.rule?.why ?? options.rule?.summary;
  if (why) parts.push(`**Why:** ${why}`);
  if (f.related.length > 0) {
    parts.push(f.related.map((r) => `- ${codeSpan(`${r.path}:${r.range.start.line}`)}: ${r.message}`).join("\n"));
  }
  const suggestion = suggestionFor(target, options.source);
  if (suggestion !== undefined) parts.push(`**Suggested fix:** ${f.fix!.title}\n\n${codeBlock(suggestion, "suggestion")}`);
  else if (f.fix) parts.push(`**Fix${f.fix.safety === "unsafe" ? " (check before applying)" : ""}:** ${f.fix.title}`);
  parts.push(
    `<sub>${link(`${f.ruleId} documentation`, docsUrl(f.ruleId, f.ruleName, options.docsBase))} · ` +
      `Intended? Suppress with ${codeSpan(suppressionComment(f.ruleId))} on the line or the line above.</sub>`,
  );
  parts.push(markerOf(f.ruleId, f.fingerprint));
  return parts.join("\n\n");
}

export function toReviewComment(target: PlacedTarget, body: string): ReviewComment {
  const line = target.commentLine!;
  const start = target.commentStartLine;
  const multiLine = start !== undefined && start < line;
  return {
    path: target.finding.path,
    line,
    side: "RIGHT",
    ...(multiLine ? { start_line: start, start_side: "RIGHT" as const } : {}),
    body,
  };
}

/** The review for this head commit, or null when there is nothing new to comment. */
export function planReview(input: ReviewInput): ReviewPlan | null {
  const policy = applyPolicy(input);
  if (policy.inline.length === 0) return null;
  const comments = policy.inline.map((t) =>
    toReviewComment(
      t,
      renderCommentBody(t, { rule: input.rules?.get(t.finding.ruleId), source: input.sources?.get(t.finding.path), docsBase: input.docsBase }),
    ),
  );
  const blocking = hasBlockingFinding(policy);
  return {
    event: blocking && input.config.review.request_changes ? "REQUEST_CHANGES" : "COMMENT",
    body: renderReviewBody(policy),
    comments,
  };
}

function renderReviewBody(policy: PolicyResult): string {
  const blockingInline = policy.inline.filter((t) => t.finding.level === "block").length;
  const lines = [
    `**djperf** left ${plural(policy.inline.length, "comment")}${blockingInline > 0 ? ` (${blockingInline} blocking)` : ""} on the changes of this pull request.`,
  ];
  const elsewhere = policy.inScope.filter((t) => t.placement !== "inline" && t.placement !== "already-commented");
  if (elsewhere.length > 0) {
    const overflow = elsewhere.filter((t) => t.placement === "overflow").length;
    const why = overflow > 0 ? `, ${overflow} of them over the limit of ${plural(policy.maxComments, "comment")}` : "";
    lines.push(`${plural(elsewhere.length, "more finding")} ${elsewhere.length === 1 ? "is" : "are"} listed in the **djperf** check run${why}.`);
  }
  const earlier = policy.inScope.filter((t) => t.placement === "already-commented").length;
  if (earlier > 0) lines.push(`${plural(earlier, "finding")} already commented in an earlier review ${earlier === 1 ? "is" : "are"} not repeated.`);
  return `${lines.join("\n")}\n\n${REVIEW_MARKER}`;
}

