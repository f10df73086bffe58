/**
 * zod schemas for the GitHub responses djperf reads, with only the fields it uses (zod drops the
 * rest). A response that does not match fails loudly in the gateway instead of flowing on as `any`.
 */
import { z } from "zod";

// ── pull requests ─────────────────────────────────────────────────────────────────────────────────

export const pullFileSchema = z.object({
  filename: z.string(),
  status: z.enum(["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"]),
  previous_filename: z.string().optional(),
  /** Absent for binary files and diffs GitHub considers too large. */
  patch: z.string().optional(),
});
export type PullFile = z.infer<typeof pullFileSchema>;

export const pullRequestSchema = z.object({
  number: z.number().int(),
  state: z.enum(["open", "closed"]),
  draft: z.boolean().optional(),
  head: z.object({ sha: z.string(), ref: z.string(), repo: z.object({ full_name: z.string(), fork: z.boolean() }).nullable() }),
  base: z.object({ sha: z.string(), ref: z.string() }),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

// ── git data ──────────────────────────────────────────────────────────────────────────────────────

export const treeEntrySchema = z.object({
  path: z.string(),
  mode: z.string(),
  type: z.enum(["blob", "tree", "commit"]),
  sha: z.string(),
  /** Only for blobs. */
  size: z.number().int().nonnegative().optional(),
});
export type TreeEntry = z.infer<typeof treeEntrySchema>;

export const gitTreeSchema = z.object({
  sha: z.string(),
  tree: z.array(treeEntrySchema),
  truncated: z.boolean(),
});
export type GitTree = z.infer<typeof gitTreeSchema>;

export const gitBlobSchema = z.object({
  sha: z.string(),
  size: z.number().int().nonnegative(),
  content: z.string(),
  encoding: z.string(),
});

/** One `object(expression:)` result: a Blob's fields, `{}` for a tree or commit, null when absent. */
export const graphBlobSchema = z
  .object({
    oid: z.string().optional(),
    byteSize: z.number().int().nonnegative().optional(),
    /** Null when GitHub cannot tell. */
    isBinary: z.boolean().nullable().optional(),
    isTruncated: z.boolean().optional(),
    /** Null for binary blobs and for blobs too large to inline. */
    text: z.string().nullable().optional(),
  })
  .nullable();
export type GraphBlob = z.infer<typeof graphBlobSchema>;

export const graphBlobsResponseSchema = z.object({
  repository: z.record(z.string(), graphBlobSchema).nullable(),
});

// ── checks ────────────────────────────────────────────────────────────────────────────────────────

export const checkRunSchema = z.object({
  id: z.number().int(),
  status: z.string(),
  conclusion: z.string().nullable(),
  external_id: z.string().nullable().optional(),
  html_url: z.string().nullable().optional(),
});
export type CheckRun = z.infer<typeof checkRunSchema>;

export const checkRunListSchema = z.object({
  total_count: z.number().int(),
  check_runs: z.array(checkRunSchema),
});

// ── reviews and comments ──────────────────────────────────────────────────────────────────────────

const userSchema = z.object({ login: z.string(), type: z.string() }).nullable();

export const reviewSchema = z.object({
  id: z.number().int(),
  node_id: z.string(),
  body: z.string().nullable(),
  commit_id: z.string().nullable(),
  state: z.string(),
  html_url: z.string(),
  user: userSchema,
});
export type Review = z.infer<typeof reviewSchema>;

export const reviewCommentSchema = z.object({
  id: z.number().int(),
  node_id: z.string(),
  body: z.string(),
  path: z.string(),
  /** Null when the comment's line is no longer part of the diff. */
  line: z.number().int().nullable().optional(),
  in_reply_to_id: z.number().int().optional(),
  user: userSchema,
});
export type ReviewComment = z.infer<typeof reviewCommentSchema>;

export const issueCommentSchema = z.object({
  id: z.number().int(),
  node_id: z.string(),
  html_url: z.string(),
});
export type IssueComment = z.infer<typeof issueCommentSchema>;

export const reactionSchema = z.object({ id: z.number().int(), content: z.string() });

export const collaboratorPermissionSchema = z.object({
  permission: z.enum(["admin", "maintain", "write", "triage", "read", "none"]),
});
export type RepoPermission = z.infer<typeof collaboratorPermissionSchema>["permission"];

export const minimizedStatesSchema = z.object({
  nodes: z.array(z.object({ id: z.string().optional(), isMinimized: z.boolean().optional() }).nullable()),
});

export const minimizeResultSchema = z.record(
  z.string(),
  z.object({ minimizedComment: z.object({ isMinimized: z.boolean() }).nullable() }).nullable(),
);

// ── start-up recovery (interrupted check runs) ───────────────────────────────────────────────────

export const installationSchema = z.object({ id: z.number().int() });
export type Installation = z.infer<typeof installationSchema>;

/** `GET /app`: the App's slug names its bot user, `<slug>[bot]`. */
export const appSchema = z.object({ slug: z.string().min(1) });
export const installationReposSchema = z.object({
  repositories: z.array(z.object({ name: z.string(), owner: z.object({ login: z.string() }), archived: z.boolean().optional() })),
});

export const openPullSchema = pullRequestSchema.extend({ updated_at: z.string() });
export type OpenPull = z.infer<typeof openPullSchema>;
