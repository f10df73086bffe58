/**
 * A pull request's side of GitHub for the review pipeline: changed files, the head tree, blobs over
 * GraphQL, existing review comments, the check run and the review. Contents are real Python; blob
 * shas are git's, so the pipeline's caching sees what it would see on GitHub.
 */
import { createHash } from "node:crypto";
import type { GitHubMock, Reply } from "./github-mock.js";

export const OWNER = "acme";
export const REPO = "shop";
export const PR = 7;
export const HEAD_SHA = "3f786850e387550fdab836ed7e6dc881de23001b";
export const BASE_SHA = "89e6c98d92887913cadf06b2adb97f26cde4849b";
export const CHECK_RUN_ID = 555;
export const BOT = { login: "djperf[bot]", id: 9001, type: "Bot" };

export interface ChangedFileJson {
  filename: string;
  status: "added" | "modified" | "removed" | "renamed";
  patch?: string;
  previous_filename?: string;
}

export interface PullRequestScenario {
  headSha?: string;
  pr?: number;
  /** The head commit's files. */
  files: Record<string, string>;
  changed: ChangedFileJson[];
  /** Review comments already on the pull request (djperf's earlier ones, people's replies). */
  existingComments?: object[];
  /** False: the run must not post a review. */
  expectReview?: boolean;
  /** The pull request's head as GitHub reports it before djperf posts or minimises (default: the job's commit). */
  currentHead?: string;
  /** Check-run PATCH calls answered 200: 1 + annotation batches after the first (0: the test mocks them). */
  checkRunUpdates?: number;
  /**
   * Lenient mocks for counting (npm run bench): each call is answered up to this many times and may go
   * unused, instead of exactly as often as a test expects.
   */
  upTo?: number;
}

/** GitHub's page size for the changed-files listing: djperf asks for 100 a page. */
const MAX_PER_PAGE = 100;

export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A unified-diff patch adding a whole new file. */
export function newFilePatch(content: string): string {
  const lines = content.replace(/\n$/, "").split("\n");
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join("\n")}`;
}

/** Mocks one complete review run, in the order runReview makes the calls. */
export function mockReviewRun(gh: GitHubMock, scenario: PullRequestScenario): void {
  const head = scenario.headSha ?? HEAD_SHA;
  const pr = scenario.pr ?? PR;
  const repo = `/repos/${OWNER}/${REPO}`;
  const lenient = scenario.upTo;
  const times = (n: number): [number, boolean] => (lenient === undefined ? [n, false] : [lenient, true]);
  gh.on("POST", `${repo}/check-runs`, (body) => checkRunReply(201, body), ...times(1));
  const listed = scenario.changed.map((f) => ({
      sha: f.status === "removed" ? "0000000000000000000000000000000000000000" : gitBlobSha(scenario.files[f.filename] ?? ""),
      additions: 1,
      deletions: 0,
      changes: 1,
      blob_url: `https://github.com/${OWNER}/${REPO}/blob/${head}/${f.filename}`,
      raw_url: `https://github.com/${OWNER}/${REPO}/raw/${head}/${f.filename}`,
      contents_url: `https://api.github.com${repo}/contents/${f.filename}?ref=${head}`,
      ...f,
  }));
  // Paged as GitHub pages it (per_page, page and a Link to the next page), so a large PR costs its pages.
  const pages = Math.max(1, Math.ceil(listed.length / MAX_PER_PAGE));
  gh.on("GET", `${repo}/pulls/${pr}/files`, (_body, path) => filesPage(listed, path), ...times(pages));
  if (scenario.changed.some((f) => f.filename.endsWith(".py") && f.status !== "removed")) {
    gh.on("GET", `${repo}/git/trees/${head}`, { status: 200, body: treeOf(head, scenario.files) }, ...times(1));
    gh.on("POST", "/graphql", (body) => blobsReply(body, head, scenario.files), ...times(1));
    gh.on("GET", `${repo}/pulls/${pr}/comments`, { status: 200, body: scenario.existingComments ?? [] }, ...times(1));
    // Asked only when there is something to post or minimise (the head check of a late redelivery).
    gh.on("GET", `${repo}/pulls/${pr}`, { status: 200, body: pullRequestJson(pr, scenario.currentHead ?? head) }, lenient ?? 1, lenient !== undefined || scenario.currentHead === undefined);
    if (scenario.expectReview !== false) {
      gh.on("POST", `${repo}/pulls/${pr}/reviews`, (body) => ({
        status: 200,
        body: { id: 6001, node_id: "PRR_kwDOAAAB9c4AABdx", body: (body as { body?: string }).body ?? "", commit_id: head, state: "COMMENTED", html_url: `https://github.com/${OWNER}/${REPO}/pull/${pr}#pullrequestreview-6001`, user: BOT },
      }), ...times(1));
    }
  }
  const updates = scenario.checkRunUpdates ?? 1;
  if (updates > 0) gh.on("PATCH", `${repo}/check-runs/${CHECK_RUN_ID}`, (body) => checkRunReply(200, body), ...times(updates));
}

/** One page of the changed-files listing, by the request's `per_page` and `page`. */
function filesPage(listed: readonly object[], path: string): Reply {
  const query = new URLSearchParams(path.includes("?") ? path.slice(path.indexOf("?") + 1) : "");
  const perPage = Math.min(MAX_PER_PAGE, Number(query.get("per_page") ?? 30));
  const page = Number(query.get("page") ?? 1);
  const pages = Math.max(1, Math.ceil(listed.length / perPage));
  const base = `https://api.github.com${path.split("?")[0]}`;
  const next = page < pages ? { link: `<${base}?per_page=${perPage}&page=${page + 1}>; rel="next", <${base}?per_page=${perPage}&page=${pages}>; rel="last"` } : undefined;
  return { status: 200, body: listed.slice((page - 1) * perPage, page * perPage), ...(next ? { headers: next } : {}) };
}

export function pullRequestJson(pr: number, head: string): object {
  return { number: pr, state: "open", draft: false, head: { sha: head, ref: "feature", repo: { full_name: `${OWNER}/${REPO}`, fork: false } }, base: { sha: BASE_SHA, ref: "main" } };
}

export function checkRunReply(status: number, body: unknown): Reply {
  const b = body as { status?: string; conclusion?: string; head_sha?: string; external_id?: string };
  return {
    status,
    body: {
      id: CHECK_RUN_ID,
      node_id: "CR_kwDOAAAB9c8AAAABOIk",
      name: "djperf",
      head_sha: b.head_sha ?? HEAD_SHA,
      external_id: b.external_id ?? null,
      status: b.status ?? "completed",
      conclusion: b.conclusion ?? null,
      html_url: `https://github.com/${OWNER}/${REPO}/runs/${CHECK_RUN_ID}`,
    },
  };
}

export function treeOf(head: string, files: Record<string, string>): object {
  const tree = Object.entries(files).map(([path, content]) => ({ path, mode: "100644", type: "blob", sha: gitBlobSha(content), size: Buffer.byteLength(content), url: `https://api.github.com/repos/${OWNER}/${REPO}/git/blobs/${gitBlobSha(content)}` }));
  return { sha: head, url: `https://api.github.com/repos/${OWNER}/${REPO}/git/trees/${head}`, tree, truncated: false };
}

function blobsReply(body: unknown, head: string, files: Record<string, string>): Reply {
  const variables = (body as { variables?: Record<string, unknown> }).variables ?? {};
  const repository: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) {
    const alias = /^e(\d+)$/.exec(name);
    if (!alias || typeof value !== "string") continue;
    const [commit, path] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
    const text = commit === head ? files[path] : undefined;
    repository[`b${alias[1]}`] = text === undefined ? null : { oid: gitBlobSha(text), byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
  }
  return { status: 200, body: { data: { repository } } };
}
