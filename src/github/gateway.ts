/**
 * The only code that talks to Octokit (DESIGN §6.2). Typed methods over the REST and GraphQL calls
 * djperf makes; every response is zod-parsed; failures are retried when waiting can help and surface
 * as typed errors otherwise. The Octokit instance decides the host (Probot's GHE_HOST, an
 * `@octokit/rest` baseUrl): nothing here names api.github.com.
 */
import { GitHubSchemaError, ReviewForbiddenError, ReviewRejectedError, type CallFailure } from "./errors.js";
import { BLOBS_PER_QUERY, MAX_REST_BLOB_BYTES, MINIMIZE_PER_REQUEST, NODES_PER_QUERY, PER_PAGE, PULL_FILES_CAP } from "./limits.js";
import { blobsQuery, MINIMIZED_STATES_QUERY, minimizeMutation } from "./queries.js";
import { isRateLimited } from "./retry.js";
import { z } from "zod";
import * as s from "./schemas.js";
import { Transport, withSignal, type GatewayOptions, type OctokitLike } from "./transport.js";

export type { GatewayCall, GatewayOptions, OctokitLike } from "./transport.js";

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: readonly object[];
}

export interface CheckRunUpdate {
  status?: "in_progress" | "completed";
  conclusion?: string;
  completed_at?: string;
  output?: CheckRunOutput;
}

export interface NewReviewComment {
  path: string;
  line: number;
  side: "RIGHT" | "LEFT";
  start_line?: number;
  start_side?: "RIGHT" | "LEFT";
  body: string;
}

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export class GitHubGateway {
  private readonly transport: Transport;

  constructor(
    private readonly octokit: OctokitLike,
    private readonly options: GatewayOptions = {},
  ) {
    this.transport = new Transport(octokit, options);
  }

  /**
   * The same GitHub, with every request and retry wait abortable by `signal` (a job's time limit,
   * supersede, shutdown). The check run's own completion uses the gateway without it, so it still
   * goes out after the abort.
   */
  withSignal(signal: AbortSignal): GitHubGateway {
    return new GitHubGateway(this.octokit, withSignal(this.options, signal));
  }

  /** Waits as the gateway waits between retries (injected in tests), abortable by its signal. */
  pause(ms: number): Promise<void> {
    return this.transport.pause(ms);
  }

  // ── pull requests ───────────────────────────────────────────────────────────────────────────────

  async getPullRequest(ref: RepoRef, pr: number): Promise<s.PullRequest> {
    return (await this.transport.rest("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...ref, pull_number: pr }, s.pullRequestSchema)).data;
  }

  /** Every changed file, 100 per page; `capped` when GitHub's 3,000-file limit hid the rest. */
  async listPullFiles(ref: RepoRef, pr: number): Promise<{ files: s.PullFile[]; capped: boolean }> {
    const route = "GET /repos/{owner}/{repo}/pulls/{pull_number}/files";
    const { items, more } = await this.transport.pages(route, { ...ref, pull_number: pr }, s.pullFileSchema, PULL_FILES_CAP / PER_PAGE);
    return { files: items, capped: more || items.length >= PULL_FILES_CAP };
  }

  // ── git data ────────────────────────────────────────────────────────────────────────────────────

  /** A tree by tree or commit sha; `recursive` lists every level (GitHub truncates very large ones). */
  async getTree(ref: RepoRef, treeSha: string, recursive: boolean): Promise<s.GitTree> {
    const params = { ...ref, tree_sha: treeSha, ...(recursive ? { recursive: "1" } : {}) };
    return (await this.transport.rest("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", params, s.gitTreeSchema)).data;
  }

  async getBlob(ref: RepoRef, sha: string): Promise<Uint8Array> {
    const route = "GET /repos/{owner}/{repo}/git/blobs/{file_sha}";
    const { data } = await this.transport.rest(route, { ...ref, file_sha: sha }, s.gitBlobSchema);
    if (data.size > MAX_REST_BLOB_BYTES || data.encoding !== "base64") {
      throw new GitHubSchemaError(route, [`blob ${sha} has encoding ${data.encoding} and ${data.size} bytes`]);
    }
    return new Uint8Array(Buffer.from(data.content, "base64"));
  }

  /** Blobs by `"<commit>:<path>"` expression, in one GraphQL query; null where no such object exists. */
  async getBlobsByExpression(ref: RepoRef, expressions: readonly string[]): Promise<s.GraphBlob[]> {
    if (expressions.length === 0) return [];
    if (expressions.length > BLOBS_PER_QUERY) throw new RangeError(`at most ${BLOBS_PER_QUERY} blobs per query`);
    const variables: Record<string, unknown> = { owner: ref.owner, name: ref.repo };
    expressions.forEach((e, i) => (variables[`e${i}`] = e));
    const data = await this.transport.gql("graphql djperfBlobs", blobsQuery(expressions.length), variables, s.graphBlobsResponseSchema);
    if (data.repository === null) throw new GitHubSchemaError("graphql djperfBlobs", [`repository ${ref.owner}/${ref.repo} not visible`]);
    return expressions.map((_, i) => data.repository![`b${i}`] ?? null);
  }

  // ── checks ──────────────────────────────────────────────────────────────────────────────────────

  async createCheckRun(ref: RepoRef, body: { name: string; head_sha: string; external_id: string; status: "in_progress"; output?: CheckRunOutput }): Promise<s.CheckRun> {
    const route = "POST /repos/{owner}/{repo}/check-runs";
    return (await this.transport.rest(route, { ...ref, ...body }, s.checkRunSchema, { idempotent: false })).data;
  }

  async updateCheckRun(ref: RepoRef, checkRunId: number, body: CheckRunUpdate): Promise<s.CheckRun> {
    const route = "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}";
    return (await this.transport.rest(route, { ...ref, check_run_id: checkRunId, ...body }, s.checkRunSchema)).data;
  }

  /** Check runs of one name on a commit (to find one a failed create may have made after all). */
  async listCheckRuns(ref: RepoRef, sha: string, name: string): Promise<s.CheckRun[]> {
    const route = "GET /repos/{owner}/{repo}/commits/{ref}/check-runs";
    const params = { owner: ref.owner, repo: ref.repo, ref: sha, check_name: name, filter: "all", per_page: PER_PAGE };
    return (await this.transport.rest(route, params, s.checkRunListSchema)).data.check_runs;
  }

  // ── reviews and comments ────────────────────────────────────────────────────────────────────────

  async listReviewComments(ref: RepoRef, pr: number): Promise<s.ReviewComment[]> {
    const route = "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments";
    return (await this.transport.pages(route, { ...ref, pull_number: pr }, s.reviewCommentSchema, 100)).items;
  }

  async listReviews(ref: RepoRef, pr: number): Promise<s.Review[]> {
    const route = "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews";
    return (await this.transport.pages(route, { ...ref, pull_number: pr }, s.reviewSchema, 30)).items;
  }

  /**
   * Throws ReviewForbiddenError on 403 and ReviewRejectedError on 422. Without `event`, GitHub makes a
   * PENDING review that only its author sees (a probe: deletePendingReview removes it).
   */
  async createReview(ref: RepoRef, pr: number, body: { commit_id: string; event?: string; body: string; comments: readonly NewReviewComment[] }): Promise<s.Review> {
    const route = "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews";
    const mapError = (failure: CallFailure, r: string, cause: unknown): Error | undefined => {
      if (failure.status === 403 && !isRateLimited(failure)) return new ReviewForbiddenError(r, failure, { cause });
      if (failure.status === 422) return new ReviewRejectedError(r, failure, { cause });
      return undefined;
    };
    return (await this.transport.rest(route, { ...ref, pull_number: pr, ...body }, s.reviewSchema, { idempotent: false, mapError })).data;
  }

  async deletePendingReview(ref: RepoRef, pr: number, reviewId: number): Promise<void> {
    const route = "DELETE /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}";
    await this.transport.rest(route, { ...ref, pull_number: pr, review_id: reviewId }, z.unknown());
  }

  /** Node ids among `nodeIds` that are minimised already. */
  async minimizedNodeIds(nodeIds: readonly string[]): Promise<Set<string>> {
    const minimized = new Set<string>();
    for (let i = 0; i < nodeIds.length; i += NODES_PER_QUERY) {
      const ids = nodeIds.slice(i, i + NODES_PER_QUERY);
      const data = await this.transport.gql("graphql djperfMinimized", MINIMIZED_STATES_QUERY, { ids }, s.minimizedStatesSchema);
      for (const node of data.nodes) if (node?.id !== undefined && node.isMinimized === true) minimized.add(node.id);
    }
    return minimized;
  }

  /** Minimises comments (classifier OUTDATED by default); returns how many GitHub reports minimised. */
  async minimizeComments(nodeIds: readonly string[], classifier: "OUTDATED" | "RESOLVED" = "OUTDATED"): Promise<number> {
    let done = 0;
    for (let i = 0; i < nodeIds.length; i += MINIMIZE_PER_REQUEST) {
      const ids = nodeIds.slice(i, i + MINIMIZE_PER_REQUEST);
      const variables: Record<string, unknown> = { classifier };
      ids.forEach((id, k) => (variables[`s${k}`] = id));
      const data = await this.transport.gql("graphql djperfMinimize", minimizeMutation(ids.length), variables, s.minimizeResultSchema);
      done += Object.values(data).filter((m) => m?.minimizedComment?.isMinimized === true).length;
    }
    return done;
  }

  async createIssueComment(ref: RepoRef, issueNumber: number, body: string): Promise<s.IssueComment> {
    const route = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
    return (await this.transport.rest(route, { ...ref, issue_number: issueNumber, body }, s.issueCommentSchema, { idempotent: false })).data;
  }

  async createReplyForReviewComment(ref: RepoRef, pr: number, commentId: number, body: string): Promise<s.IssueComment> {
    const route = "POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies";
    return (await this.transport.rest(route, { ...ref, pull_number: pr, comment_id: commentId, body }, s.issueCommentSchema, { idempotent: false })).data;
  }

  /** Reactions are idempotent on GitHub's side (an existing one is returned with 200). */
  async addReaction(ref: RepoRef, target: { kind: "issue-comment" | "review-comment"; commentId: number }, content: ReactionContent): Promise<void> {
    const route =
      target.kind === "issue-comment"
        ? "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions"
        : "POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions";
    await this.transport.rest(route, { ...ref, comment_id: target.commentId, content }, s.reactionSchema);
  }

  // ── start-up recovery ───────────────────────────────────────────────────────────────────────────

  /** The bot user this App comments as, `<slug>[bot]` (needs the App's JWT Octokit, not an installation's). */
  async appBotLogin(): Promise<string> {
    return `${(await this.transport.rest("GET /app", {}, s.appSchema)).data.slug}[bot]`;
  }

  /** The App's installations (needs the App's JWT Octokit, not an installation's). */
  async listInstallations(maxPages: number): Promise<s.Installation[]> {
    return (await this.transport.pages("GET /app/installations", {}, s.installationSchema, maxPages)).items;
  }

  /** One page of the repositories an installation can access. */
  async listInstallationRepos(page: number): Promise<{ repos: RepoRef[]; more: boolean }> {
    const { data, headers } = await this.transport.rest("GET /installation/repositories", { per_page: PER_PAGE, page }, s.installationReposSchema);
    const repos = data.repositories.filter((r) => r.archived !== true).map((r) => ({ owner: r.owner.login, repo: r.name }));
    return { repos, more: /rel="next"/.test(headers.link ?? "") };
  }

  /** The most recently updated open pull requests of a repository (one page). */
  async listRecentOpenPulls(ref: RepoRef, perPage: number): Promise<s.OpenPull[]> {
    const route = "GET /repos/{owner}/{repo}/pulls";
    const params = { ...ref, state: "open", sort: "updated", direction: "desc", per_page: perPage };
    return (await this.transport.rest(route, params, z.array(s.openPullSchema))).data;
  }

  async getCollaboratorPermission(ref: RepoRef, username: string): Promise<s.RepoPermission> {
    const route = "GET /repos/{owner}/{repo}/collaborators/{username}/permission";
    return (await this.transport.rest(route, { ...ref, username }, s.collaboratorPermissionSchema)).data.permission;
  }
}
