/**
 * Everything the simulated GitHub holds besides git: the pull requests, and every check run, review,
 * comment and reaction the App created, plus a log of every request. Tests and the demo read these
 * records to see exactly what the App did.
 */
import type { AnnotationInput, CheckRunCreate } from "./validate.js";
import type { Side } from "./diff-lines.js";

export interface SimulatedWorld {
  owner: string;
  ownerType: "Organization" | "User";
  repo: string;
  repoId: number;
  defaultBranch: string;
  installationId: number;
  app: { id: number; slug: string; name: string };
  /** Permissions the installation granted (app.yml's default_permissions). */
  permissions: Record<string, "read" | "write">;
  /** Repository permission per user login; anyone else has "read" on this public repository. */
  collaborators: Record<string, "admin" | "maintain" | "write" | "triage" | "read">;
}

export interface PullRequestRecord {
  number: number;
  title: string;
  body: string;
  author: string;
  baseRef: string;
  headRef: string;
  /** Tip of the base branch when the PR was opened or last synchronised (what GitHub reports). */
  baseSha: string;
  headSha: string;
  draft: boolean;
  state: "open" | "closed";
  createdAt: string;
  updatedAt: string;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl?: string;
  externalId?: string;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Annotations of every request, in order (GitHub appends them across updates). */
  annotations: AnnotationInput[];
  actions: NonNullable<CheckRunCreate["actions"]>;
  /** How many requests created or changed it. */
  writes: number;
}

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  user: string;
  body: string;
  state: "COMMENTED" | "CHANGES_REQUESTED" | "APPROVED" | "PENDING";
  commitId: string;
  submittedAt: string;
}

export interface ReviewCommentRecord {
  id: number;
  pullNumber: number;
  reviewId: number;
  inReplyTo?: number;
  user: string;
  path: string;
  body: string;
  commitId: string;
  line: number | null;
  side: Side;
  startLine: number | null;
  startSide: Side | null;
  position: number | null;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
  minimized?: { reason: string };
}

export interface IssueCommentRecord {
  id: number;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  minimized?: { reason: string };
}

export interface ReactionRecord {
  id: number;
  subject: { kind: "issue_comment" | "review_comment" | "issue"; id: number };
  user: string;
  content: string;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** The matched Octokit route (`POST /repos/{owner}/{repo}/check-runs`), `POST /graphql`, or the raw path when nothing matched. */
  route: string;
  path: string;
  status: number;
  body?: unknown;
  /** Why the simulated GitHub refused it (the response's message and errors). */
  error?: string;
  /** No route matched: the App called an endpoint this simulation does not know. */
  unhandled?: boolean;
}

export class Store {
  readonly pulls = new Map<number, PullRequestRecord>();
  readonly checkRuns: CheckRunRecord[] = [];
  readonly reviews: ReviewRecord[] = [];
  readonly reviewComments: ReviewCommentRecord[] = [];
  readonly issueComments: IssueCommentRecord[] = [];
  readonly reactions: ReactionRecord[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Review threads (by the id of their first comment) marked resolved. */
  readonly resolvedThreads = new Set<number>();
  /** Requests received and not yet answered. */
  inFlight = 0;
  private nextId = 1000;

  /** Ids are unique across kinds, as GitHub's are in practice, so a wrong-kind lookup finds nothing. */
  newId(): number {
    return ++this.nextId;
  }

  checkRun(id: number): CheckRunRecord | undefined {
    return this.checkRuns.find((r) => r.id === id);
  }

  reviewComment(id: number): ReviewCommentRecord | undefined {
    return this.reviewComments.find((c) => c.id === id);
  }

  issueComment(id: number): IssueCommentRecord | undefined {
    return this.issueComments.find((c) => c.id === id);
  }

  record(request: Omit<RecordedRequest, "seq">): void {
    this.requests.push({ seq: this.requests.length + 1, ...request });
  }
}

/** GraphQL global ids: opaque to clients, decodable here (`PRRC_` review comment, `IC_` issue comment…). */
const NODE_PREFIX = { review_comment: "PRRC", issue_comment: "IC", review: "PRR", pull: "PR", check_run: "CR", thread: "PRRT", user: "U", repo: "R", blob: "B" } as const;
export type NodeKind = keyof typeof NODE_PREFIX;

export function nodeId(kind: NodeKind, id: number | string): string {
  return `${NODE_PREFIX[kind]}_${Buffer.from(`${kind}:${id}`).toString("base64url")}`;
}

export function parseNodeId(value: string): { kind: NodeKind; id: string } | undefined {
  const match = /^([A-Z]+)_([A-Za-z0-9_-]+)$/.exec(value);
  if (!match) return undefined;
  const decoded = Buffer.from(match[2]!, "base64url").toString("utf8");
  const colon = decoded.indexOf(":");
  const kind = decoded.slice(0, colon) as NodeKind;
  if (colon < 0 || NODE_PREFIX[kind] !== match[1]) return undefined;
  return { kind, id: decoded.slice(colon + 1) };
}

/** A stable numeric id for a login, so the same user always looks the same. */
export function userId(login: string): number {
  let hash = 7;
  for (const ch of login) hash = (hash * 31 + ch.charCodeAt(0)) % 90_000_000;
  return 10_000_000 + hash;
}
