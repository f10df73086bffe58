/**
 * Typed failures of the GitHub layer. Octokit's errors stop here: callers see a status, GitHub's own
 * explanation and whether waiting would help, never Octokit classes or request headers (tokens).
 */

/** What a failed call looked like, read from Octokit's RequestError / GraphqlResponseError. */
export interface CallFailure {
  /** HTTP status; undefined when no response arrived (network error, timeout). */
  status: number | undefined;
  /** Response headers, lower-case names (only the rate-limit ones are used). */
  headers: Readonly<Record<string, string>>;
  /** GitHub's message (`Resource not accessible by integration`, `Validation Failed`, …). */
  message: string;
  /** GitHub's detail messages (`Line could not be resolved`, `pull_request_review_thread.line must be part of the diff`). */
  errors: string[];
  /** A GraphQL answer whose errors say RATE_LIMITED (HTTP 200). */
  graphqlRateLimited: boolean;
}

export class GitHubApiError extends Error {
  override name = "GitHubApiError";
  readonly status: number | undefined;
  readonly errors: readonly string[];
  /**
   * A rate limit longer than the gateway waits for: milliseconds until GitHub takes requests again
   * (`retry-after` or `x-ratelimit-reset`). The queue starts the job again after it (issue 12, item 7).
   */
  readonly retryAfterMs: number | undefined;

  constructor(
    /** `POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`: the route, never the filled-in URL. */
    readonly route: string,
    failure: CallFailure,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    const detail = failure.errors.length > 0 ? ` (${failure.errors.join("; ")})` : "";
    super(`${route} failed${failure.status !== undefined ? ` with ${failure.status}` : ""}: ${failure.message}${detail}`, options);
    this.status = failure.status;
    this.errors = failure.errors;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** The wait a rate-limited GitHub call asked for, found on the error or any of its causes. */
export function rateLimitRetryAfterMs(error: unknown): number | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof GitHubApiError && e.retryAfterMs !== undefined) return e.retryAfterMs;
  }
  return undefined;
}

/** GitHub refused to let djperf review (a fork's pull request, a missing permission): degrade to the check run. */
export class ReviewForbiddenError extends GitHubApiError {
  override name = "ReviewForbiddenError";
}

/** GitHub refused the review's content (422); it does not say which comment was at fault. */
export class ReviewRejectedError extends GitHubApiError {
  override name = "ReviewRejectedError";
}

/** GitHub answered with a shape djperf does not understand; nothing built on it would be right. */
export class GitHubSchemaError extends Error {
  override name = "GitHubSchemaError";
  constructor(
    readonly route: string,
    readonly issues: readonly string[],
  ) {
    super(`unexpected response from ${route}: ${issues.slice(0, 5).join("; ")}`);
  }
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === "object" && value !== null;
}

function lowerCaseHeaders(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!isObject(raw)) return headers;
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

/** GitHub's `errors` come as strings (reviews) or as `{resource, field, code, message}` objects. */
function detailMessages(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((e) => (typeof e === "string" ? e : isObject(e) ? String(e.message ?? [e.field, e.code].filter(Boolean).join(" ")) : ""))
    .filter((m) => m !== "");
}

/** Reads an Octokit (or any) error; unknown shapes become a network-style failure without a status. */
export function describeFailure(error: unknown): CallFailure {
  const e = isObject(error) ? error : {};
  const response = isObject(e.response) ? e.response : undefined;
  const data = response && isObject(response.data) ? response.data : undefined;
  const graphqlErrors = Array.isArray(e.errors) && e.name === "GraphqlResponseError" ? (e.errors as unknown[]) : [];
  // Octokit reports a request that got no answer (reset, refused, aborted) as status 500 without a
  // response: that is "no answer", which the check run words differently; it is retried like a 5xx.
  const noAnswer = e.status === 500 && response === undefined && e.name === "HttpError";
  const status = noAnswer ? undefined : typeof e.status === "number" ? e.status : typeof response?.status === "number" ? response.status : undefined;
  const message =
    typeof data?.message === "string"
      ? data.message
      : typeof response?.data === "string" && response.data.trim() !== ""
        ? response.data.trim().slice(0, 200)
        : error instanceof Error
          ? error.message.split("\n")[0]!
          : String(error);
  return {
    status: graphqlErrors.length > 0 ? 200 : status,
    headers: lowerCaseHeaders(response?.headers ?? e.headers),
    message,
    errors: graphqlErrors.length > 0 ? detailMessages(graphqlErrors) : detailMessages(data?.errors),
    graphqlRateLimited: graphqlErrors.some((g) => isObject(g) && g.type === "RATE_LIMITED"),
  };
}
