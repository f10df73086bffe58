/**
 * Which job failures are worth another attempt later: GitHub (or the network to it) failing for a
 * while. A bug, a 404 or a validation error would fail the same way again.
 */
import { GitHubApiError } from "../github/errors.js";

export function isTransient(error: unknown): boolean {
  const status = error instanceof GitHubApiError ? error.status : statusOf(error);
  if (status === undefined) return error instanceof GitHubApiError || isNetworkError(error);
  if (status >= 500 || status === 429) return true;
  // GitHub answers secondary rate limits with 403.
  return status === 403 && /rate limit|abuse/i.test(error instanceof Error ? error.message : "");
}

/** Octokit's RequestError (token creation through Probot) carries the HTTP status. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.cause?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|UND_ERR_\w+)$/.test(code);
}
