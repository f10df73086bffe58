/**
 * The one orchestration function of the GitHub App (DESIGN §1): a Job in, a completed `djperf` check
 * run (and at most one review) out. Handlers and queues call it; everything it touches is injected.
 * Whatever fails after the check run exists, the check run is completed with the reason.
 */
import type { AnyRule } from "../analysis/rule.js";
import { decodeSource } from "../analysis/parser.js";
import type { FileChanges } from "../diff/parse.js";
import { commentLineFor } from "../diff/filter.js";
import type { ConfigProblem, LoadedConfig } from "../config/load.js";
import { parseBaseline, withoutBaselined } from "../report/baseline.js";
import type { RepoSource } from "./ports.js";
import { effectiveRule, exampleAppsFor, isPathIncluded } from "../config/resolve.js";
import type { AnalysisResult, Finding, Level } from "../analysis/finding.js";
import type { CommentTarget, RuleInfo } from "../report/policy.js";
import { planCheckRun, planCrashedCheckRun, planNoLongerHeadCheckRun, planRateLimitedCheckRun, planSupersededCheckRun, type CheckConclusion, type CheckRunPlan } from "../report/check-run.js";
import { planReview, staleComments } from "../report/review.js";
import { truncateBytes } from "../report/markdown.js";
import type { BlobCache } from "../github/blob-cache.js";
import { rateLimitRetryAfterMs, ReviewForbiddenError, ReviewRejectedError } from "../github/errors.js";
import type { GitHubGateway } from "../github/gateway.js";
import { errorFields, type Logger } from "../github/logger.js";
import { GitHubPublisher, isCommentable, type ExistingComment, type PublishedReview } from "../github/publisher.js";
import { GitHubSource } from "../github/source.js";
import { commitKey } from "./job-identity.js";
import { analyseOnEventLoop, type ChangeAnalyser } from "./analysis-thread.js";
import { limitTargets, targetLimitsOf } from "./review-limits.js";

export type { Logger } from "../github/logger.js";

export type Trigger = "opened" | "synchronize" | "reopened" | "ready_for_review" | "rerequested" | "recheck";

/** All a run needs (DESIGN §1). */
export interface Job {
  installationId: number;
  owner: string;
  repo: string;
  pr: number;
  baseSha: string;
  headSha: string;
  trigger: Trigger;
  /** Draft pull requests get the check run only, unless `review.drafts` is set. */
  draft?: boolean;
}

/** The abort reason of a run overtaken by a newer push (other reasons, such as a timeout, are crashes). */
export class Superseded extends Error {
  override name = "Superseded";
  constructor(readonly newSha: string) {
    super(`superseded by ${newSha}`);
  }
}

/** The job's commit is no longer the pull request's head: nothing is posted (issue 12). */
export class NoLongerHead extends Error {
  override name = "NoLongerHead";
  constructor(readonly headSha: string) {
    super(`commit is no longer the head of the pull request (head is ${headSha})`);
  }
}

/**
 * The review could not start: no check run exists yet (its create failed, or the installation's token
 * could not be had). Nothing is left in progress, so the caller may safely start the job again later.
 */
export class ReviewNotStartedError extends Error {
  override name = "ReviewNotStartedError";
  constructor(message: string, cause: unknown) {
    super(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Even the last-resort completion failed: the check run is still in progress (the caller may retry it). */
export class CheckRunNotCompletedError extends Error {
  override name = "CheckRunNotCompletedError";
  constructor(
    readonly checkRunId: number,
    readonly runError: unknown,
    completionError: unknown,
  ) {
    super(`check run ${checkRunId} could not be completed`, { cause: completionError });
  }
}

export interface RunReviewDeps {
  /** Built on the installation's Octokit (contents are read through the base repository). */
  gateway: GitHubGateway;
  /** `.github/djperf.yml`, already loaded and validated by the caller (Probot's context.config). */
  config: LoadedConfig;
  rules: readonly AnyRule[];
  logger: Logger;
  /** Epoch milliseconds. */
  clock?: () => number;
  /** Shared between runs. */
  blobCache?: BlobCache;
  /** Base URL of the rule pages linked from comments and the summary. */
  docsBase?: string;
  /** Aborted with a Superseded reason by a newer push, or with any other reason on a timeout. */
  signal?: AbortSignal;
  /**
   * Runs the analysis; the App passes a child-process analyser (analysis-thread.ts) so that an abort
   * stops even a file that never finishes. Default: on the event loop.
   */
  analyse?: ChangeAnalyser;
  /**
   * The caller's queue starts the job again after a GitHub rate limit resets: the check run says
   * when. Without it, the check run asks for a `/djperf recheck`.
   */
  requeueOnRateLimit?: boolean;
  /**
   * Before posting or minimising anything, ask GitHub whether the job's commit is still the head (one
   * `GET …/pulls/{n}`): a late redelivery for an old commit must not touch the head's comments. The
   * App sets it; a caller that knows its commit is current may leave it out.
   */
  confirmHead?: boolean;
  /** This App's bot user, `<slug>[bot]`: only its comments are djperf's own (GitHubPublisher). */
  botLogin?: () => Promise<string>;
}

export interface ReviewOutcome {
  checkRunId: number;
  outcome: "reviewed" | "nothing-to-check" | "crashed" | "superseded" | "rate-limited";
  /** For "rate-limited" with `requeueOnRateLimit`: milliseconds until GitHub takes requests again. */
  retryAfterMs?: number;
  conclusion: CheckConclusion;
  reviewId?: number;
  findings: number;
  /** The findings of a finished review by rule and level (for the findings-by-rule metric); absent when nothing was reviewed. */
  findingsByRule?: readonly RuleFindingCount[];
  commentsPosted: number;
  commentsRejected: number;
  minimised: number;
}

export interface RuleFindingCount {
  ruleId: string;
  level: Level;
  count: number;
}

/** Findings counted by rule and level, in order of first appearance. */
export function countByRule(findings: readonly Finding[]): RuleFindingCount[] {
  const counts = new Map<string, RuleFindingCount>();
  for (const f of findings) {
    const key = `${f.ruleId}\0${f.level}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { ruleId: f.ruleId, level: f.level, count: 1 });
  }
  return [...counts.values()];
}

export async function runReview(job: Job, deps: RunReviewDeps): Promise<ReviewOutcome> {
  const log = deps.logger.child({ installation: job.installationId, repo: `${job.owner}/${job.repo}`, pr: job.pr, sha: job.headSha });
  const publisher = new GitHubPublisher(deps.gateway, { owner: job.owner, repo: job.repo, pr: job.pr }, { clock: deps.clock, logger: log });
  let checkRunId: number;
  try {
    checkRunId = await publisher.createCheckRun(job.headSha, commitKey(job));
  } catch (error) {
    // No check run exists yet, so none is left in progress: the caller's queue may retry the job.
    log.error({ ...errorFields(error) }, "could not create the check run");
    throw new ReviewNotStartedError("the check run could not be created", error);
  }
  log.info({ checkRunId, trigger: job.trigger }, "review started");
  try {
    const outcome = await review(job, deps, publisher, checkRunId, log);
    log.info({ ...outcome }, "review finished");
    return outcome;
  } catch (error) {
    const reason: unknown = deps.signal?.aborted ? deps.signal.reason : undefined;
    const superseded = reason instanceof Superseded ? reason : undefined;
    const notHead = reason === undefined && error instanceof NoLongerHead ? error : undefined;
    // A rate limit that outlasts the gateway's waits is not a crash: the job is taken again after the reset.
    const retryAfterMs = reason === undefined ? rateLimitRetryAfterMs(error) : undefined;
    const requeue = retryAfterMs !== undefined && deps.requeueOnRateLimit === true;
    const plan = superseded
      ? planSupersededCheckRun(superseded.newSha)
      : notHead
        ? planNoLongerHeadCheckRun(notHead.headSha)
        : retryAfterMs !== undefined
        ? planRateLimitedCheckRun(error, requeue ? (deps.clock ?? Date.now)() + retryAfterMs : undefined)
        : planCrashedCheckRun(reason ?? error);
    if (superseded) log.info({ checkRunId, newSha: superseded.newSha }, "review superseded");
    else if (notHead) log.info({ checkRunId, headSha: notHead.headSha }, "commit is no longer the head; nothing posted");
    else if (retryAfterMs !== undefined) log.warn({ checkRunId, retryAfterMs, requeue, ...errorFields(error) }, "review stopped by GitHub's rate limit");
    else log.error({ checkRunId, ...errorFields(error) }, "review failed");
    try {
      await publisher.completeCheckRun(checkRunId, plan);
    } catch (completionError) {
      log.error({ checkRunId, ...errorFields(completionError) }, "could not complete the check run");
      throw new CheckRunNotCompletedError(checkRunId, error, completionError);
    }
    const empty = { findings: 0, commentsPosted: 0, commentsRejected: 0, minimised: 0 };
    if (retryAfterMs !== undefined) return { checkRunId, outcome: "rate-limited", conclusion: plan.conclusion, ...(requeue ? { retryAfterMs } : {}), ...empty };
    return { checkRunId, outcome: superseded || notHead ? "superseded" : "crashed", conclusion: plan.conclusion, ...empty };
  }
}

async function review(job: Job, deps: RunReviewDeps, checkRuns: GitHubPublisher, checkRunId: number, log: Logger): Promise<ReviewOutcome> {
  const { config } = deps.config;
  // A copy: an unreadable baseline adds a problem for the check run.
  const problems = [...deps.config.problems];
  // The work of the review (reads, the review, minimising) stops when the job's signal aborts, even in
  // the middle of a request or a rate-limit wait; `checkRuns` completes the check run regardless.
  const gateway = deps.signal ? deps.gateway.withSignal(deps.signal) : deps.gateway;
  const publisher = new GitHubPublisher(gateway, checkRuns.pull, { clock: deps.clock, logger: log, ...(deps.botLogin ? { botLogin: deps.botLogin } : {}) });
  const source = new GitHubSource(gateway, { owner: job.owner, repo: job.repo }, job.headSha, {
    ...(deps.blobCache ? { cache: deps.blobCache } : {}),
    maxFileBytes: config.analysis.max_file_bytes,
  });
  const rules: ReadonlyMap<string, RuleInfo> = new Map(deps.rules.map((r) => [r.id, r]));
  const enabledRules = deps.rules.filter((r) => effectiveRule(config, r.id, r.level).enabled).map((r) => r.id);
  const registeredRules = deps.rules.map((r) => r.id);
  const common = { config, rules, enabledRules, registeredRules, configProblems: problems, docsBase: deps.docsBase };

  const changed = await source.changedFiles(job.pr);
  deps.signal?.throwIfAborted();
  const apps = await exampleAppsFor(changed.files.map((f) => f.path), () => source.listFiles());
  const allTargets = changed.files.filter((f) => f.status !== "removed" && f.path.endsWith(".py") && isPathIncluded(config, f.path, apps)).map((f) => f.path);
  // Per-review limits (issue 12): a pull request past them is analysed in part, and the check run says
  // how much and lists what was left out. Sizes come from the tree listing the analysis reads anyway.
  // No listing for a change without Python files: that review makes no further GitHub call.
  const sizes = allTargets.length > 0 ? await source.fileSizes(allTargets) : new Map<string, number>();
  const limited = limitTargets(allTargets, (p) => sizes.get(p), targetLimitsOf(config));
  const { targets } = limited;
  const notes: string[] = limited.note !== undefined ? [limited.note] : [];
  if (targets.length === 0) {
    const plan = planCheckRun({ ...common, targets: [], changedPythonFiles: 0, diagnostics: [...changed.diagnostics, ...limited.diagnostics] });
    await checkRuns.completeCheckRun(checkRunId, withNotes(plan, notes));
    return { checkRunId, outcome: "nothing-to-check", conclusion: plan.conclusion, findings: 0, commentsPosted: 0, commentsRejected: 0, minimised: 0 };
  }

  // The merge base is rebuilt from the head and the patches (no further GitHub calls), so a finding
  // the base already had is not blamed on the pull request.
  const analyse = deps.analyse ?? analyseOnEventLoop;
  const analysis = await withRepoBaseline(source, config.baseline, await analyse({ head: source, changed: changed.files, targets, config, rules: deps.rules }, deps.signal), problems);
  deps.signal?.throwIfAborted();
  const { changes } = analysis;
  const reported = analysis.findings.slice(0, config.analysis.max_findings);
  if (reported.length < analysis.findings.length) {
    notes.push(`djperf found ${count(analysis.findings.length)} findings and reports the first ${count(reported.length)} (\`analysis.max_findings: ${config.analysis.max_findings}\`).`);
  }
  // Every finding is annotated with its diff scope; the policy applies the configured filter itself.
  const commentTargets = reported.map((f) => commentTargetOf(f, changes.get(f.path)));

  const existing = await publisher.listDjperfComments();
  const existingMarkers = new Set(existing.map((c) => c.fingerprint));
  let reviewEnabled = !job.draft || config.review.drafts;
  if (!reviewEnabled) notes.push("This pull request is a draft: djperf comments on it once it is ready for review (`review.drafts: true` comments on drafts too).");
  let published: PublishedReview | undefined;
  const reviewPlan = reviewEnabled ? planReview({ ...common, targets: commentTargets, existingMarkers, reviewEnabled, sources: await headTexts(source, commentTargets, config.analysis.max_file_bytes) }) : undefined;
  // Comments on files left out by the limits are not outdated: those files were not looked at.
  const analysed = new Set(targets);
  const outdated = outdatedComments(existing.filter((c) => analysed.has(c.path)), analysis);
  if (deps.confirmHead === true && (reviewPlan || outdated.length > 0)) await confirmHead(gateway, job);
  if (reviewEnabled) {
    const plan = reviewPlan;
    if (plan) {
      deps.signal?.throwIfAborted();
      try {
        published = await publisher.publishReview(plan, job.headSha, changes);
      } catch (error) {
        if (error instanceof ReviewForbiddenError) {
          log.warn({ ...errorFields(error) }, "review not allowed; the check run carries the findings");
          reviewEnabled = false;
          notes.push(`djperf could not post a review on this pull request (GitHub answered 403: ${truncateBytes(error.message, 160)}); this happens on pull requests from forks. The findings are listed here instead.`);
        } else if (error instanceof ReviewRejectedError) {
          // Even the review without inline comments was refused (issue 12, item 9): not a crash; the
          // check run carries the findings and its conclusion still follows them.
          log.warn({ ...errorFields(error) }, "review refused even without inline comments; the check run carries the findings");
          reviewEnabled = false;
          notes.push(`GitHub refused djperf's review on this pull request (422: ${truncateBytes(error.message, 160)}). The findings are listed here instead.`);
        } else throw error;
      }
    }
  }

  let minimised = 0;
  if (outdated.length > 0) {
    try {
      minimised = await publisher.minimiseOutdated(outdated);
    } catch (error) {
      // Old comments staying visible is not worth failing the review over.
      log.warn({ outdated: outdated.length, ...errorFields(error) }, "could not minimise outdated comments");
    }
  }

  const plan = planCheckRun({
    ...common,
    targets: commentTargets,
    existingMarkers,
    reviewEnabled,
    diagnostics: [...changed.diagnostics, ...source.diagnostics, ...limited.diagnostics, ...analysis.diagnostics],
    rejectedComments: published?.rejected ?? [],
    changedPythonFiles: targets.length,
    stats: analysis.stats,
    ...(analysis.coverage ? { coverage: analysis.coverage } : {}),
  });
  await checkRuns.completeCheckRun(checkRunId, withNotes(plan, notes));
  return {
    checkRunId,
    outcome: "reviewed",
    conclusion: plan.conclusion,
    ...(published ? { reviewId: published.reviewId } : {}),
    findings: analysis.findings.length,
    findingsByRule: countByRule(analysis.findings),
    commentsPosted: published?.posted.length ?? 0,
    commentsRejected: published?.rejected.length ?? 0,
    minimised,
  };
}

/** Throws NoLongerHead when the pull request's head moved past the job's commit (a late redelivery). */
async function confirmHead(gateway: GitHubGateway, job: Job): Promise<void> {
  const pull = await gateway.getPullRequest({ owner: job.owner, repo: job.repo }, job.pr);
  if (pull.head.sha !== job.headSha) throw new NoLongerHead(pull.head.sha);
}

/**
 * Where a finding's comment goes: the line the diff layer chooses, widened up to the first line of a
 * safe fix when the lines between lie in one hunk, so the comment can carry a suggestion block.
 */
export function commentTargetOf(finding: Finding, file: FileChanges | undefined): CommentTarget {
  const commentLine = commentLineFor(finding, file);
  if (commentLine === undefined) return { finding };
  const edits = finding.fix?.safety === "safe" ? finding.fix.edits : [];
  const first = Math.min(...edits.map((e) => e.range.start.line));
  const last = Math.max(...edits.map((e) => (e.range.end.column === 1 && e.range.end.line > e.range.start.line ? e.range.end.line - 1 : e.range.end.line)));
  const widen = edits.length > 0 && first < commentLine && last <= commentLine && isCommentable({ start_line: first, line: commentLine }, file);
  return { finding, commentLine, ...(widen ? { commentStartLine: first } : {}) };
}

/**
 * djperf comments whose finding is gone from the head. A comment is kept when its rule crashed or its
 * file could not be read this time: not seeing a finding is not the same as the finding being fixed.
 */
export function outdatedComments(existing: readonly ExistingComment[], analysis: AnalysisResult): ExistingComment[] {
  // An internal error (the index could not be built, …) makes every absence unproven.
  if (analysis.diagnostics.some((d) => d.kind === "internal")) return [];
  const crashed = new Set(analysis.diagnostics.filter((d) => d.kind === "rule-crash").map((d) => d.ruleId));
  const unread = new Set(analysis.diagnostics.filter((d) => d.kind === "skipped").map((d) => d.path));
  const current = new Set(analysis.findings.map((f) => f.fingerprint));
  const candidates = existing.filter((c) => !crashed.has(c.ruleId) && !unread.has(c.path)).map((c) => ({ id: c, body: c.body }));
  return staleComments(candidates, current);
}

/** Head texts of the files with a suggestible fix (cached blobs: no further GitHub calls). */
async function headTexts(source: GitHubSource, targets: readonly CommentTarget[], maxBytes: number): Promise<Map<string, string>> {
  const paths = [...new Set(targets.filter((t) => t.commentStartLine !== undefined || t.finding.fix?.safety === "safe").map((t) => t.finding.path))];
  const texts = new Map<string, string>();
  if (paths.length === 0) return texts;
  for (const [path, content] of await source.readFiles(paths)) {
    const decoded = content.ok ? decodeSource(content.bytes, maxBytes) : undefined;
    if (decoded?.ok) texts.set(path, decoded.text);
  }
  return texts;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Short notes above the summary; the planner leaves a margin under GitHub's limit for them. */
function withNotes(plan: CheckRunPlan, notes: readonly string[]): CheckRunPlan {
  if (notes.length === 0) return plan;
  return { ...plan, summary: `${truncateBytes(notes.map((n) => `> ${n}`).join("\n>\n"), 450)}\n\n${plan.summary}` };
}

/**
 * Findings recorded in the repository's baseline (`baseline:` in the config, read at head) are left
 * out, as in the CLI; a baseline that cannot be read is reported as a config problem.
 */
async function withRepoBaseline<R extends { findings: Finding[] }>(source: RepoSource, path: string | undefined, analysis: R, problems: ConfigProblem[]): Promise<R> {
  if (path === undefined) return analysis;
  const content = (await source.readFiles([path])).get(path);
  const parsed = content?.ok ? parseBaseline(new TextDecoder().decode(content.bytes)) : { error: "not in the head commit" };
  if ("error" in parsed) {
    problems.push({ path: "baseline", message: `${path} is ${parsed.error}; no baseline applied` });
    return analysis;
  }
  return { ...analysis, findings: withoutBaselined(analysis.findings, parsed).findings };
}
