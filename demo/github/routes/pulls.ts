/** Pull requests: the PR itself, its files and commits, as GitHub lists them (merge-base diff, pages). */
import { requirePull, type SimContext } from "../context.js";
import { accepts, paginate, route, type Permission, type Route } from "../http.js";
import type { PullRequestRecord } from "../store.js";

const PULLS_READ: Permission[] = [["pull_requests", "read"]];

/** GitHub lists at most 3,000 files of a pull request. */
export const MAX_PULL_FILES = 3000;

export function pullRoutes(ctx: SimContext): Route[] {
  return [
    route("GET /repos/{owner}/{repo}/pulls/{pull_number}", PULLS_READ, async (req) => {
      const pull = requirePull(ctx, req);
      if (accepts(req, "diff")) {
        return { status: 200, raw: { body: await ctx.git.pullDiff(pull.baseSha, pull.headSha), contentType: "application/vnd.github.diff; charset=utf-8" } };
      }
      return { status: 200, json: await pullJson(ctx, pull) };
    }),

    route("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", PULLS_READ, async (req) => {
      const pull = requirePull(ctx, req);
      const files = await ctx.git.pullFiles(pull.baseSha, pull.headSha);
      const { repoApi, urls, repoPath } = ctx.shapes;
      const json = files.map((f) => ({
        sha: f.sha,
        filename: f.path,
        status: f.status,
        additions: f.additions,
        deletions: f.deletions,
        changes: f.additions + f.deletions,
        blob_url: `${urls.html}/${repoPath}/blob/${pull.headSha}/${f.path}`,
        raw_url: `${urls.html}/${repoPath}/raw/${pull.headSha}/${f.path}`,
        contents_url: `${repoApi}/contents/${f.path}?ref=${pull.headSha}`,
        ...(f.patch !== undefined ? { patch: f.patch } : {}),
        ...(f.previousPath !== undefined ? { previous_filename: f.previousPath } : {}),
      }));
      return paginate(req, json, MAX_PULL_FILES);
    }),

    route("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", PULLS_READ, async (req) => {
      const pull = requirePull(ctx, req);
      const from = await ctx.git.mergeBase(pull.baseSha, pull.headSha);
      const shas = await ctx.git.commitsBetween(from, pull.headSha);
      const commits = await Promise.all(
        shas.map(async (sha) => ({
          sha,
          node_id: `C_${sha}`,
          commit: { message: await ctx.git.commitMessage(sha) },
          url: `${ctx.shapes.repoApi}/commits/${sha}`,
          html_url: `${ctx.shapes.urls.html}/${ctx.shapes.repoPath}/commit/${sha}`,
        })),
      );
      return paginate(req, commits, 250);
    }),
  ];
}

export async function pullJson(ctx: SimContext, pull: PullRequestRecord): Promise<Record<string, unknown>> {
  const from = await ctx.git.mergeBase(pull.baseSha, pull.headSha);
  const [files, commits] = await Promise.all([ctx.git.pullFiles(pull.baseSha, pull.headSha), ctx.git.commitsBetween(from, pull.headSha)]);
  return ctx.shapes.pullRequest(pull, {
    commits: commits.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changedFiles: files.length,
    reviewComments: ctx.store.reviewComments.filter((c) => c.pullNumber === pull.number).length,
    comments: ctx.store.issueComments.filter((c) => c.issueNumber === pull.number).length,
  });
}
