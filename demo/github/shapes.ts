/**
 * The JSON GitHub answers with, built from the store's records: the same fields (and URLs pointing at
 * the simulated server) that the REST reference and webhook payloads document, so a client cannot tell
 * the difference for the fields it reads.
 */
import { nodeId, userId, type CheckRunRecord, type IssueCommentRecord, type PullRequestRecord, type ReviewCommentRecord, type ReviewRecord, type SimulatedWorld } from "./store.js";

export interface Urls {
  /** REST base, e.g. `http://127.0.0.1:3000/api/v3`. */
  api: string;
  /** Web base, e.g. `http://127.0.0.1:3000`. */
  html: string;
}

export class Shapes {
  constructor(
    readonly world: SimulatedWorld,
    readonly urls: Urls,
  ) {}

  get repoPath(): string {
    return `${this.world.owner}/${this.world.repo}`;
  }

  get repoApi(): string {
    return `${this.urls.api}/repos/${this.repoPath}`;
  }

  botLogin(): string {
    return `${this.world.app.slug}[bot]`;
  }

  user(login: string): Record<string, unknown> {
    const isBot = login.endsWith("[bot]");
    const isOwner = login === this.world.owner;
    const type = isBot ? "Bot" : isOwner ? this.world.ownerType : "User";
    const id = userId(login);
    return {
      login,
      id,
      node_id: nodeId("user", id),
      avatar_url: `${this.urls.html}/avatars/u/${id}`,
      url: `${this.urls.api}/users/${encodeURIComponent(login)}`,
      html_url: isBot ? `${this.urls.html}/apps/${this.world.app.slug}` : `${this.urls.html}/${login}`,
      type,
      site_admin: false,
    };
  }

  repository(): Record<string, unknown> {
    const { world } = this;
    return {
      id: world.repoId,
      node_id: nodeId("repo", world.repoId),
      name: world.repo,
      full_name: this.repoPath,
      private: false,
      owner: this.user(world.owner),
      html_url: `${this.urls.html}/${this.repoPath}`,
      description: "A Django shop (djperf demo repository)",
      fork: false,
      url: this.repoApi,
      pulls_url: `${this.repoApi}/pulls{/number}`,
      contents_url: `${this.repoApi}/contents/{+path}`,
      trees_url: `${this.repoApi}/git/trees{/sha}`,
      blobs_url: `${this.repoApi}/git/blobs{/sha}`,
      clone_url: `${this.urls.html}/${this.repoPath}.git`,
      language: "Python",
      visibility: "public",
      default_branch: world.defaultBranch,
      archived: false,
      disabled: false,
      created_at: "2024-05-01T08:00:00Z",
      updated_at: "2024-05-06T12:00:00Z",
      pushed_at: "2024-05-06T12:00:00Z",
    };
  }

  pullRequest(pr: PullRequestRecord, stats: { commits: number; additions: number; deletions: number; changedFiles: number; reviewComments: number; comments: number }): Record<string, unknown> {
    const url = `${this.repoApi}/pulls/${pr.number}`;
    const html = `${this.urls.html}/${this.repoPath}/pull/${pr.number}`;
    const branch = (ref: string, sha: string) => ({
      label: `${this.world.owner}:${ref}`,
      ref,
      sha,
      user: this.user(this.world.owner),
      repo: this.repository(),
    });
    return {
      url,
      id: 500_000 + pr.number,
      node_id: nodeId("pull", pr.number),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${this.repoApi}/issues/${pr.number}`,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${this.repoApi}/pulls/comments{/number}`,
      comments_url: `${this.repoApi}/issues/${pr.number}/comments`,
      statuses_url: `${this.repoApi}/statuses/${pr.headSha}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      user: this.user(pr.author),
      body: pr.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branch(pr.headRef, pr.headSha),
      base: branch(pr.baseRef, pr.baseSha),
      _links: {
        self: { href: url },
        html: { href: html },
        issue: { href: `${this.repoApi}/issues/${pr.number}` },
        comments: { href: `${this.repoApi}/issues/${pr.number}/comments` },
        review_comments: { href: `${url}/comments` },
        commits: { href: `${url}/commits` },
        statuses: { href: `${this.repoApi}/statuses/${pr.headSha}` },
      },
      author_association: this.world.collaborators[pr.author] ? "COLLABORATOR" : "CONTRIBUTOR",
      auto_merge: null,
      draft: pr.draft,
      merged: false,
      mergeable: null,
      rebaseable: null,
      mergeable_state: "unknown",
      merged_by: null,
      comments: stats.comments,
      review_comments: stats.reviewComments,
      maintainer_can_modify: false,
      commits: stats.commits,
      additions: stats.additions,
      deletions: stats.deletions,
      changed_files: stats.changedFiles,
    };
  }

  app(): Record<string, unknown> {
    const { app } = this.world;
    return {
      id: app.id,
      slug: app.slug,
      node_id: `A_${app.id}`,
      owner: this.user(this.world.owner),
      name: app.name,
      html_url: `${this.urls.html}/apps/${app.slug}`,
      permissions: this.world.permissions,
      events: [],
    };
  }

  checkRun(run: CheckRunRecord): Record<string, unknown> {
    const url = `${this.repoApi}/check-runs/${run.id}`;
    return {
      id: run.id,
      node_id: nodeId("check_run", run.id),
      head_sha: run.headSha,
      external_id: run.externalId ?? "",
      url,
      html_url: `${this.urls.html}/${this.repoPath}/runs/${run.id}`,
      details_url: run.detailsUrl ?? `${this.urls.html}/apps/${this.world.app.slug}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: {
        ...run.output,
        annotations_count: run.annotations.length,
        annotations_url: `${url}/annotations`,
      },
      name: run.name,
      check_suite: { id: 700_000 },
      app: this.app(),
      pull_requests: [],
    };
  }

  review(review: ReviewRecord): Record<string, unknown> {
    const pullUrl = `${this.repoApi}/pulls/${review.pullNumber}`;
    return {
      id: review.id,
      node_id: nodeId("review", review.id),
      user: this.user(review.user),
      body: review.body,
      state: review.state,
      html_url: `${this.urls.html}/${this.repoPath}/pull/${review.pullNumber}#pullrequestreview-${review.id}`,
      pull_request_url: pullUrl,
      author_association: "NONE",
      submitted_at: review.submittedAt,
      commit_id: review.commitId,
      _links: { html: { href: `${this.urls.html}/${this.repoPath}/pull/${review.pullNumber}#pullrequestreview-${review.id}` }, pull_request: { href: pullUrl } },
    };
  }

  reviewComment(comment: ReviewCommentRecord): Record<string, unknown> {
    const url = `${this.repoApi}/pulls/comments/${comment.id}`;
    const html = `${this.urls.html}/${this.repoPath}/pull/${comment.pullNumber}#discussion_r${comment.id}`;
    return {
      url,
      pull_request_review_id: comment.reviewId,
      id: comment.id,
      node_id: nodeId("review_comment", comment.id),
      diff_hunk: comment.diffHunk,
      path: comment.path,
      position: comment.position,
      original_position: comment.position,
      commit_id: comment.commitId,
      original_commit_id: comment.commitId,
      ...(comment.inReplyTo !== undefined ? { in_reply_to_id: comment.inReplyTo } : {}),
      user: this.user(comment.user),
      body: comment.body,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: html,
      pull_request_url: `${this.repoApi}/pulls/${comment.pullNumber}`,
      author_association: comment.user.endsWith("[bot]") ? "NONE" : "COLLABORATOR",
      _links: { self: { href: url }, html: { href: html }, pull_request: { href: `${this.repoApi}/pulls/${comment.pullNumber}` } },
      start_line: comment.startLine,
      original_start_line: comment.startLine,
      start_side: comment.startSide,
      line: comment.line,
      original_line: comment.line,
      side: comment.side,
      subject_type: "line",
    };
  }

  issueComment(comment: IssueCommentRecord): Record<string, unknown> {
    const url = `${this.repoApi}/issues/comments/${comment.id}`;
    return {
      id: comment.id,
      node_id: nodeId("issue_comment", comment.id),
      url,
      html_url: `${this.urls.html}/${this.repoPath}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${this.repoApi}/issues/${comment.issueNumber}`,
      author_association: comment.user.endsWith("[bot]") ? "NONE" : this.world.collaborators[comment.user] ? "COLLABORATOR" : "CONTRIBUTOR",
    };
  }
}
