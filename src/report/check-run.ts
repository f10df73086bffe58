/**
 * The completed `djperf` check run (DESIGN §4): conclusion policy, a bounded markdown summary (DO/DON'T
 * table, findings by rule, what could not be commented, diagnostics) and annotations in batches of 50.
 * Every plan is a final state: a check run is never left in progress.
 */
import type { AnalysisStats, Diagnostic, DiagnosticKind, Finding, Level, RuleCoverage } from "../analysis/finding.js";
import type { ConfigProblem } from "../config/load.js";
import { linesOf } from "../analysis/positions.js";
import { applyPolicy, hasBlockingFinding, type PlacedTarget, type Placement, type PolicyResult, type PublishInput } from "./policy.js";
import { docsUrl, levelBadge, parseMarker, type ReviewComment } from "./review.js";
import { evaluateCompliance, findingsAnchorId, renderComplianceMarkdown } from "./compliance.js";
import { byteLength, codeBlock, codeSpan, details, fitList, link, plural, truncateBytes } from "./markdown.js";

export type CheckConclusion = "success" | "neutral" | "failure";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  /** Inclusive (GitHub's convention); only with start_column on a one-line annotation. */
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CheckRunPlan {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  /** Each batch is one `checks.update` call (GitHub accepts at most 50 annotations per call). */
  annotations: CheckAnnotation[][];
}

export interface RejectedComment {
  comment: ReviewComment;
  /** GitHub's answer, e.g. "Line could not be resolved". */
  reason: string;
}

export interface CheckRunInput extends PublishInput {
  /** Rules enabled by the configuration. */
  enabledRules: Iterable<string>;
  /** Every rule this djperf version has; rulebook items checked by none of them are "not checked yet". Default: the enabled rules. */
  registeredRules?: Iterable<string>;
  /** What the rules examined in the changed files, and what they could not decide. */
  coverage?: RuleCoverage;
  diagnostics?: readonly Diagnostic[];
  /** Problems of `.github/djperf.yml`, with their key paths (defaults were used). */
  configProblems?: readonly ConfigProblem[];
  /** Inline comments GitHub refused: repeated in the summary so they are never lost. */
  rejectedComments?: readonly RejectedComment[];
  /** Changed Python files the run looked at; 0 means there was nothing to check. */
  changedPythonFiles?: number;
  stats?: AnalysisStats;
  docsBase?: string;
  /** Upper bound on annotations (each batch of 50 costs one API call). Default 1000. */
  maxAnnotations?: number;
}

/** GitHub's limit for `output.summary` and `output.text` is 65,535 characters; keep a margin. */
export const SUMMARY_LIMIT = 65_535;
const BUDGET = SUMMARY_LIMIT - 535;
export const ANNOTATION_BATCH = 50;
const TROUBLE_KINDS: readonly DiagnosticKind[] = ["internal", "rule-crash"];

export function planCheckRun(input: CheckRunInput): CheckRunPlan {
  const policy = applyPolicy(input);
  const diagnostics = input.diagnostics ?? [];
  if (input.changedPythonFiles === 0 && input.targets.length === 0) {
    const problems = renderDiagnostics(diagnostics, input.configProblems ?? [], BUDGET / 2);
    const summary = ["This pull request changes no Python files that djperf analyses, so there was nothing to check.", problems];
    return { conclusion: "success", title: "No Python files changed", summary: summary.filter(Boolean).join("\n\n"), annotations: [] };
  }
  const troubled = diagnostics.filter((d) => TROUBLE_KINDS.includes(d.kind));
  const conclusion: CheckConclusion = hasBlockingFinding(policy)
    ? "failure"
    : troubled.length > 0
      ? "neutral"
      : input.config.review.conclusion_without_block;
  const annotated = annotationTargets(policy, input.rejectedComments ?? []);
  const maxAnnotations = input.maxAnnotations ?? 1000;
  const annotations = annotated.slice(0, maxAnnotations).map((t) => annotationOf(t.finding));
  const { summary, text } = renderSummary(input, policy, troubled, annotated.length - annotations.length);
  return {
    conclusion,
    title: titleOf(policy, troubled),
    summary,
    ...(text !== undefined ? { text } : {}),
    annotations: batches(annotations, ANNOTATION_BATCH),
  };
}

function titleOf(policy: PolicyResult, troubled: readonly Diagnostic[]): string {
  const counts = countLevels(policy.inScope.map((t) => t.finding));
  const parts = [
    counts.block > 0 ? plural(counts.block, "blocking problem") : "",
    counts.warn > 0 ? plural(counts.warn, "warning") : "",
    counts.info > 0 ? plural(counts.info, "note") : "",
  ].filter(Boolean);
  const title = parts.length > 0 ? parts.join(", ") : "No performance problems in the changes";
  const crashed = new Set(troubled.filter((d) => d.kind === "rule-crash").map((d) => d.ruleId ?? "?")).size;
  if (crashed > 0) return `${title} · ${plural(crashed, "rule")} could not run`;
  return troubled.length > 0 ? `${title} · internal error` : title;
}

function countLevels(findings: readonly Finding[]): Record<Level, number> {
  const counts: Record<Level, number> = { block: 0, warn: 0, info: 0 };
  for (const f of findings) counts[f.level]++;
  return counts;
}

/** Everything in scope that is not visible as an inline comment (posted now or earlier) is annotated. */
function annotationTargets(policy: PolicyResult, rejected: readonly RejectedComment[]): PlacedTarget[] {
  const refused = rejectedFingerprints(rejected);
  return policy.inScope.filter(
    (t) => t.placement !== "already-commented" && (t.placement !== "inline" || refused.has(t.finding.fingerprint)),
  );
}

function rejectedFingerprints(rejected: readonly RejectedComment[]): Set<string> {
  return new Set(rejected.map((r) => parseMarker(r.comment.body)?.fingerprint).filter((f): f is string => f !== undefined));
}

const ANNOTATION_LEVEL: Record<Level, CheckAnnotation["annotation_level"]> = { block: "failure", warn: "warning", info: "notice" };

export function annotationOf(f: Finding): CheckAnnotation {
  const { first, last } = linesOf(f.range);
  const oneLine = first === last && f.range.start.line === f.range.end.line;
  const hint = f.fix ? `\n\nFix: ${f.fix.title}` : "";
  return {
    path: f.path,
    start_line: first,
    end_line: last,
    ...(oneLine ? { start_column: f.range.start.column, end_column: Math.max(f.range.start.column, f.range.end.column - 1) } : {}),
    annotation_level: ANNOTATION_LEVEL[f.level],
    title: `${f.ruleId} ${f.ruleName}`,
    message: truncateBytes(`${f.message}${hint}`, 4000),
  };
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ── summary ────────────────────────────────────────────────────────────────────────────────────────

const PLACEMENT_NOTE: Record<Placement, string> = {
  inline: "commented",
  "already-commented": "commented earlier",
  info: "summary only",
  preview: "preview rule, summary only",
  duplicate: "same code as an earlier finding",
  "review-disabled": "no review posted",
  "no-line": "not on a line of the diff",
  overflow: "over the comment limit",
};

function renderSummary(input: CheckRunInput, policy: PolicyResult, troubled: readonly Diagnostic[], annotationsCut: number): { summary: string; text?: string } {
  const rejected = input.rejectedComments ?? [];
  const refused = rejectedFingerprints(rejected);
  const enabledRules = [...input.enabledRules];
  const rows = evaluateCompliance({
    registeredRules: input.registeredRules ?? enabledRules,
    enabledRules,
    findings: policy.inScope.map((t) => t.finding),
    ...(input.coverage ? { coverage: input.coverage } : {}),
    failedRules: troubled.flatMap((d) => (d.ruleId ? [d.ruleId] : [])),
  });
  const withFindings = new Set(policy.inScope.map((t) => t.finding.ruleId));

  const headlinePart = headline(input, policy, troubled, annotationsCut, refused);
  const table = renderComplianceMarkdown(rows, {
    scope: "this pull request",
    ruleUrl: (id) => {
      const name = input.rules?.get(id)?.name;
      return name ? docsUrl(id, name, input.docsBase) : undefined;
    },
    findingsAnchor: (id) => (withFindings.has(id) ? `user-content-${findingsAnchorId(id)}` : undefined),
  });
  const tablePart = `### Rulebook compliance\n\n${table}`;
  const existingPart = existingSection(policy.outOfScope.filter((f) => f.diff === "existing"), input.docsBase);
  const outsidePart = outsideParagraph(policy.outOfScope.filter((f) => f.diff !== "existing"), input.config.filter);
  // Fixed parts first, then bounded shares for diagnostics and rejected comments; findings get the rest.
  let remaining = BUDGET - byteLength([headlinePart, tablePart, existingPart, outsidePart].join("\n\n")) - 200;
  const diagnosticsPart = renderDiagnostics(input.diagnostics ?? [], input.configProblems ?? [], remaining / 4);
  remaining -= byteLength(diagnosticsPart);
  const rejectedPart = renderRejected(rejected, remaining / 3);
  remaining -= byteLength(rejectedPart);

  const items = findingItems(policy.inScope, refused, input.docsBase);
  const heading = `### Findings in this pull request (${policy.inScope.length.toLocaleString("en-US")})`;
  const moreLine = (list: readonly FindingItem[], where: string) => (omitted: number) =>
    `\n… and ${plural(countFindings(list.slice(list.length - omitted)), "more finding")} ${where}.`;
  const inSummary = fitList(items.map((i) => i.text), remaining - byteLength(heading), moreLine(items, "(continued in the details below)"));
  let text: string | undefined;
  if (inSummary.omitted > 0) {
    const rest = items.slice(items.length - inSummary.omitted);
    // A group cut in the middle gets its heading again, so every line stays under its rule.
    if (rest[0]?.isFinding) rest.unshift({ text: `${rest[0].groupHeading} (continued)`, isFinding: false, groupHeading: rest[0].groupHeading });
    const continued = fitList(rest.map((i) => i.text), BUDGET, moreLine(rest, "(run `djperf diff` locally to list them all)"));
    text = `### Findings, continued\n\n${continued.lines.join("\n")}`;
  }
  const findingsPart = items.length > 0 ? `${heading}\n${inSummary.lines.join("\n")}` : "";
  const summary = [headlinePart, tablePart, findingsPart, rejectedPart, existingPart, outsidePart, diagnosticsPart].filter(Boolean).join("\n\n");
  return { summary, ...(text !== undefined ? { text } : {}) };
}

interface FindingItem {
  text: string;
  isFinding: boolean;
  groupHeading: string;
}

function countFindings(items: readonly FindingItem[]): number {
  return items.filter((i) => i.isFinding).length;
}

/** One line per finding, grouped by rule (rules in order of their most severe finding). */
function findingItems(inScope: readonly PlacedTarget[], refused: ReadonlySet<string>, docsBase?: string): FindingItem[] {
  const groups = new Map<string, PlacedTarget[]>();
  for (const t of inScope) {
    const group = groups.get(t.finding.ruleId) ?? [];
    group.push(t);
    groups.set(t.finding.ruleId, group);
  }
  const items: FindingItem[] = [];
  for (const [ruleId, group] of groups) {
    const { ruleName } = group[0]!.finding;
    const groupHeading = `\n#### ${link(`${ruleId} · ${ruleName}`, docsUrl(ruleId, ruleName, docsBase))} (${group.length.toLocaleString("en-US")})`;
    // The anchor lets the compliance table link to this rule's findings.
    items.push({ text: `\n<a id="${findingsAnchorId(ruleId)}"></a>\n${groupHeading}`, isFinding: false, groupHeading });
    for (const t of group) {
      const f = t.finding;
      const note = t.placement === "inline" && refused.has(f.fingerprint) ? "comment rejected by GitHub" : PLACEMENT_NOTE[t.placement];
      const message = truncateBytes(f.message.replace(/\s*\r?\n\s*/g, " "), 600);
      items.push({ text: `- ${levelBadge(f.level)} ${codeSpan(`${f.path}:${f.range.start.line}`)} ${message} · _${note}_`, isFinding: true, groupHeading });
    }
  }
  return items;
}

function headline(input: CheckRunInput, policy: PolicyResult, troubled: readonly Diagnostic[], annotationsCut: number, refused: ReadonlySet<string>): string {
  const lines: string[] = [];
  if (input.stats) {
    lines.push(`djperf analysed ${plural(input.stats.files, "Python file")} (${plural(input.stats.lines, "line")}).`);
  }
  const counts = countLevels(policy.inScope.map((t) => t.finding));
  const inline = policy.inline.filter((t) => !refused.has(t.finding.fingerprint)).length;
  lines.push(
    policy.inScope.length === 0
      ? "**No findings in the changes of this pull request.**"
      : `**In the changes of this pull request:** ${levelBadge("block")} ${counts.block} block · ${levelBadge("warn")} ${counts.warn} warn · ${levelBadge("info")} ${counts.info} info; ${plural(inline, "inline comment")} posted (limit ${policy.maxComments}).`,
  );
  const overflow = policy.inScope.filter((t) => t.placement === "overflow").length;
  if (overflow > 0) lines.push(`${plural(overflow, "finding")} over the limit of ${plural(policy.maxComments, "inline comment")} ${overflow === 1 ? "is" : "are"} listed below instead.`);
  if (troubled.length > 0) lines.push("Part of the analysis did not complete (see Diagnostics), so this check is neutral rather than green.");
  if (annotationsCut > 0) lines.push(`${plural(annotationsCut, "finding")} beyond the annotation limit ${annotationsCut === 1 ? "is" : "are"} listed below only.`);
  return lines.join("\n");
}

/**
 * Findings in code the pull request touched that the merge base already had (reformatted, moved, an
 * argument edited): not blamed on it, listed collapsed so nobody loses them.
 */
function existingSection(existing: readonly Finding[], docsBase?: string): string {
  if (existing.length === 0) return "";
  const lines = [...existing]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line))
    .map((f) => `- ${levelBadge(f.level)} ${codeSpan(`${f.path}:${f.range.start.line}`)} ${link(f.ruleId, docsUrl(f.ruleId, f.ruleName, docsBase))} ${truncateBytes(f.message.replace(/\s*\r?\n\s*/g, " "), 300)}`);
  const fitted = fitList(lines, 6000, (n) => `… and ${plural(n, "more")}.`);
  const title = `${plural(existing.length, "finding")} in touched code already existed before this pull request (not caused by it)`;
  return `### Already there before this pull request\n\n${details(title, fitted.lines.join("\n"))}`;
}

function outsideParagraph(outOfScope: readonly Finding[], filter: string): string {
  if (outOfScope.length === 0) return "";
  const byRule = new Map<string, number>();
  for (const f of outOfScope) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const list = [...byRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => `${id} × ${n}`).join(", ");
  const text = `${plural(outOfScope.length, "finding")} in code this pull request did not change ${outOfScope.length === 1 ? "is" : "are"} not shown (filter: ${codeSpan(filter)}): ${list}.`;
  return `### Outside the changes\n\n${truncateBytes(text, 2000)}`;
}

function renderRejected(rejected: readonly RejectedComment[], budget: number): string {
  if (rejected.length === 0) return "";
  const heading = `### Comments GitHub did not accept (${rejected.length})`;
  const items = rejected.map(({ comment, reason }) =>
    // The trailing newline leaves a blank line between two <details> blocks.
    `${details(`${comment.path}:${comment.line} (${reason})`, truncateBytes(comment.body, 6000))}\n`,
  );
  const fitted = fitList(items, budget - byteLength(heading), (n) => `… and ${plural(n, "more rejected comment")}, listed with the findings above.`);
  return `${heading}\n\n${fitted.lines.join("\n").trimEnd()}`;
}

const DIAGNOSTIC_LABEL: Record<DiagnosticKind, string> = {
  config: "Configuration",
  internal: "Internal errors",
  "rule-crash": "Rules that crashed",
  "parse-error": "Syntax errors",
  skipped: "Files not analysed",
  suppression: "Suppressions",
  index: "Project index",
};

/** Diagnostics grouped by kind, configuration first; bounded by budget with an explicit "more" line. */
function renderDiagnostics(diagnostics: readonly Diagnostic[], configProblems: readonly ConfigProblem[], budget: number): string {
  if (diagnostics.length === 0 && configProblems.length === 0) return "";
  const items: string[] = [];
  // A blank line before each group's label: without it the label would continue the previous list item.
  const header = (kind: DiagnosticKind) => `${items.length > 0 ? "\n" : ""}**${DIAGNOSTIC_LABEL[kind]}**\n`;
  if (configProblems.length > 0 || diagnostics.some((d) => d.kind === "config")) items.push(header("config"));
  for (const p of configProblems) {
    items.push(`- ${p.path ? `${codeSpan(p.path)}: ` : ""}${p.message} (defaults used)`);
  }
  for (const kind of Object.keys(DIAGNOSTIC_LABEL) as DiagnosticKind[]) {
    const ofKind = diagnostics.filter((d) => d.kind === kind);
    if (ofKind.length === 0) continue;
    if (kind !== "config") items.push(header(kind));
    for (const d of ofKind) items.push(`- ${diagnosticLine(d)}`);
  }
  const heading = "### Diagnostics";
  const fitted = fitList(items, budget - byteLength(heading), (n) => `… and ${plural(n, "more line")} of diagnostics.`);
  return `${heading}\n\n${fitted.lines.join("\n")}`;
}

function diagnosticLine(d: Diagnostic): string {
  const where = d.path ? `${codeSpan(d.line ? `${d.path}:${d.line}` : d.path)} ` : "";
  const rule = d.ruleId ? `${d.ruleId}: ` : "";
  return `${where}${rule}${truncateBytes(d.message.replace(/\s*\r?\n\s*/g, " "), 500)}`;
}

// ── final states without an analysis ──────────────────────────────────────────────────────────────

/** A run overtaken by a newer push: completed neutral so it never blocks and never stays in progress. */
export function planSupersededCheckRun(newSha: string): CheckRunPlan {
  return {
    conclusion: "neutral",
    title: `Superseded by ${newSha.slice(0, 7)}`,
    summary: `A newer commit (${codeSpan(newSha)}) was pushed to this pull request before this run finished. djperf reviews that commit instead; this run's results were discarded.`,
    annotations: [],
  };
}

/**
 * A job for a commit that is no longer the pull request's head (a late redelivery, issue 12): it
 * posts nothing and leaves the head's comments alone.
 */
export function planNoLongerHeadCheckRun(headSha: string): CheckRunPlan {
  return {
    conclusion: "neutral",
    title: `Superseded by ${headSha.slice(0, 7)}`,
    summary: `This commit is no longer the head of the pull request (the head is ${codeSpan(headSha)}). djperf reviews the head instead; nothing was posted for this commit.`,
    annotations: [],
  };
}

/** A review the in-process queue refused because too many reviews were waiting. */
export function planRefusedCheckRun(queued: number): CheckRunPlan {
  return {
    conclusion: "neutral",
    title: "Not reviewed: djperf's queue is full",
    summary: [
      `djperf had ${queued.toLocaleString("en-US")} reviews waiting when this commit arrived, its limit, so it did not queue this one. The check is neutral so it does not block merging.`,
      "Comment `/djperf recheck` on the pull request to ask again later. Operators: see `DJPERF_MAX_QUEUED_REVIEWS` in docs/scale-out.md, or move to the Redis queue with more workers.",
    ].join("\n\n"),
    annotations: [],
  };
}

/** A run that failed outright: neutral (never blocks a merge), with the error explained. */
export function planCrashedCheckRun(error: unknown): CheckRunPlan {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    conclusion: "neutral",
    title: "djperf could not finish this review",
    summary: [
      `${crashReason(error)} No findings were published; the check is neutral so it does not block merging.`,
      codeBlock(truncateBytes(message, 8000), "text"),
      "Comment `/djperf recheck` on the pull request to try again. If the error repeats, please report it with this message.",
    ].join("\n\n"),
    annotations: [],
  };
}

/**
 * A review stopped by a GitHub rate limit that resets later than djperf waits inside a job (issue 12,
 * item 7): neutral, with the reason, and, when the queue takes the job again after the reset, when.
 */
export function planRateLimitedCheckRun(error: unknown, retryAt: number | undefined): CheckRunPlan {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const when = retryAt === undefined ? undefined : new Date(retryAt).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    conclusion: "neutral",
    title: when ? "Paused by GitHub's rate limit: queued again" : "Stopped by GitHub's rate limit",
    summary: [
      `GitHub's API rate limit for this installation was reached, so this review stopped. No findings were published; the check is neutral so it does not block merging.`,
      when
        ? `djperf queued this commit again for after the limit resets (${when}); that review reports in a new \`djperf\` check run.`
        : "djperf already tried this commit again several times. Comment `/djperf recheck` on the pull request once the limit has reset.",
      codeBlock(truncateBytes(message, 2000), "text"),
    ].join("\n\n"),
    annotations: [],
  };
}

/**
 * The first sentence of a crashed run's summary: what stopped the review, in the reader's terms. The
 * errors are recognised by name and fields (the report layer does not import the GitHub layer).
 */
export function crashReason(error: unknown): string {
  const e = (typeof error === "object" && error !== null ? error : {}) as { name?: unknown; message?: unknown; status?: unknown };
  const name = typeof e.name === "string" ? e.name : "";
  const text = typeof e.message === "string" ? e.message : String(error);
  if (/did not finish within/.test(text)) return "The review took longer than its time limit and was stopped.";
  if (name === "ShutdownError") return "djperf was stopped before this review finished.";
  if (name === "AnalysisThreadError") return "The analysis stopped unexpectedly (it ran out of memory or its thread crashed) on this commit.";
  if (name === "GitHubSchemaError") return "GitHub answered with something djperf could not read, so the review stopped.";
  if (/GitHubApiError|Review(Forbidden|Rejected)Error/.test(name)) {
    if (e.status === 429 || /rate limit|abuse detection/i.test(text)) {
      return "GitHub's API rate limit for this installation was reached; djperf does not wait past a review's time limit. Re-run the check once the limit has reset.";
    }
    if (e.status === undefined) return "GitHub did not answer (the connection failed or timed out), even after retries.";
    return `GitHub answered ${String(e.status)} while djperf was reviewing this commit.`;
  }
  return "djperf hit an internal error and could not complete the analysis of this commit.";
}

/** A check run a stopped djperf process left in progress, completed at the next start-up. */
export function planInterruptedCheckRun(requeued: boolean): CheckRunPlan {
  return {
    conclusion: "neutral",
    title: "Interrupted: djperf restarted",
    summary: [
      "djperf was stopped (restarted, redeployed or killed) before this review finished. No findings were published; the check is neutral so it does not block merging.",
      requeued
        ? "A new review of this commit was queued and will report in a new `djperf` check run."
        : "Comment `/djperf recheck` on the pull request to review it again.",
    ].join("\n\n"),
    annotations: [],
  };
}
