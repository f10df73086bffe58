/**
 * Request-body schemas of the endpoints the simulated GitHub serves, hand-written from GitHub's REST
 * reference (the @octokit/openapi package is not a dependency): required fields, types, enums and the
 * documented limits. A body that fails gets GitHub's 422 "Invalid request." answer. Unknown keys are
 * ignored, as GitHub ignores them.
 */
import { z } from "zod";
import { invalidRequest } from "./http.js";

export const DOCS_URLS = {
  checkRuns: "https://docs.github.com/rest/checks/runs",
  reviews: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
  reviewComments: "https://docs.github.com/rest/pulls/comments",
  issueComments: "https://docs.github.com/rest/issues/comments",
  reactions: "https://docs.github.com/rest/reactions/reactions",
  graphql: "https://docs.github.com/graphql",
  apps: "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app",
};

/** GitHub counts characters; 65,535 for check-run texts, 65,536 for comment bodies. */
export const MAX_CHECK_TEXT = 65_535;
export const MAX_COMMENT_BODY = 65_536;
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s), "is not a valid ISO 8601 date-time");
const positiveInt = z.number().int().min(1);

const annotation = z.object({
  path: z.string().min(1),
  start_line: positiveInt,
  end_line: positiveInt,
  start_column: positiveInt.optional(),
  end_column: positiveInt.optional(),
  annotation_level: z.enum(["notice", "warning", "failure"]),
  message: z.string().min(1).max(64 * 1024),
  title: z.string().max(255).optional(),
  raw_details: z.string().max(64 * 1024).optional(),
});

const output = z.object({
  title: z.string().min(1).max(255),
  summary: z.string().min(1).max(MAX_CHECK_TEXT),
  text: z.string().max(MAX_CHECK_TEXT).optional(),
  annotations: z.array(annotation).max(MAX_ANNOTATIONS_PER_REQUEST).optional(),
  images: z.array(z.object({ alt: z.string(), image_url: z.string(), caption: z.string().optional() })).optional(),
});

const checkRunFields = {
  details_url: z.string().optional(),
  external_id: z.string().optional(),
  status: z.enum(["queued", "in_progress", "completed"]).optional(),
  started_at: isoDate.optional(),
  conclusion: z.enum(["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"]).optional(),
  completed_at: isoDate.optional(),
  output: output.optional(),
  actions: z
    .array(z.object({ label: z.string().max(20), description: z.string().max(40), identifier: z.string().max(20) }))
    .max(3)
    .optional(),
};

export const checkRunCreate = z.object({ name: z.string().min(1), head_sha: z.string().min(1), ...checkRunFields });
export const checkRunUpdate = z.object({ name: z.string().min(1).optional(), ...checkRunFields });
export type CheckRunCreate = z.infer<typeof checkRunCreate>;
export type CheckRunUpdate = z.infer<typeof checkRunUpdate>;
export type AnnotationInput = z.infer<typeof annotation>;

const side = z.enum(["LEFT", "RIGHT"]);
const draftComment = z.object({
  path: z.string().min(1),
  body: z.string().max(MAX_COMMENT_BODY),
  position: positiveInt.optional(),
  line: positiveInt.optional(),
  side: side.optional(),
  start_line: positiveInt.optional(),
  start_side: side.optional(),
});
export type DraftComment = z.infer<typeof draftComment>;

export const reviewCreate = z.object({
  commit_id: z.string().optional(),
  body: z.string().max(MAX_COMMENT_BODY).optional(),
  event: z.enum(["APPROVE", "REQUEST_CHANGES", "COMMENT"]).optional(),
  comments: z.array(draftComment).optional(),
});
export type ReviewCreate = z.infer<typeof reviewCreate>;

export const reviewCommentCreate = z.object({
  body: z.string().max(MAX_COMMENT_BODY),
  commit_id: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  position: positiveInt.optional(),
  line: positiveInt.optional(),
  side: side.optional(),
  start_line: positiveInt.optional(),
  start_side: side.optional(),
  in_reply_to: z.number().int().optional(),
  subject_type: z.enum(["line", "file"]).optional(),
});

export const commentBody = z.object({ body: z.string().min(1).max(MAX_COMMENT_BODY) });

export const reactionCreate = z.object({ content: z.enum(["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]) });

export const accessTokenCreate = z
  .object({
    repositories: z.array(z.string()).optional(),
    repository_ids: z.array(z.number().int()).optional(),
    permissions: z.record(z.string(), z.enum(["read", "write", "admin"])).optional(),
  })
  .optional();

export const graphqlRequest = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

/** Parses a body or throws GitHub's 422 naming the first problem, e.g. `"head_sha" wasn't supplied.` */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, documentationUrl: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw invalidRequest(describeIssue(issue, body), documentationUrl);
}

function describeIssue(issue: z.core.$ZodIssue, body: unknown): string {
  const value = valueAt(body, issue.path);
  const where = issue.path.length === 0 ? "root" : issue.path.map((p) => (typeof p === "number" ? "items" : `properties/${String(p)}`)).join("/");
  const shown = value === undefined ? "nil" : JSON.stringify(value);
  if (issue.code === "invalid_type" && value === undefined) return `"${String(issue.path.at(-1) ?? "body")}" wasn't supplied.`;
  switch (issue.code) {
    case "invalid_type":
      return `For '${where}', ${truncate(shown)} is not ${article(issue.expected)}.`;
    case "invalid_value":
      return `For '${where}', ${truncate(shown)} is not one of ${JSON.stringify(issue.values)}.`;
    case "too_big":
      return issue.origin === "array"
        ? `For '${where}', only ${String(issue.maximum)} items are allowed per request; ${(value as unknown[]).length} were supplied.`
        : `For '${where}', only ${String(issue.maximum)} characters are allowed; ${String(value).length} were supplied.`;
    case "too_small":
      return `For '${where}', ${truncate(shown)} is too short or too small (minimum ${String(issue.minimum)}).`;
    default:
      return `For '${where}', ${truncate(shown)} ${issue.message}.`;
  }
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function article(type: string): string {
  const name = type === "int" ? "integer" : type;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
