/**
 * Options djperf puts on Probot's Octokit (issue 12, item 7). Octokit's own waiting is switched off so
 * that every wait is the gateway's (src/github/transport.ts), which is capped and aborted with the job:
 *
 * - the retry plugin would repeat a create after a 5xx that GitHub may have applied;
 * - the throttling plugin's rate-limit handlers would sleep until the limit resets (an hour for the
 *   primary limit; 90 s was observed under a 3 s job limit) without seeing the job's signal. They now
 *   decline, the 403/429 reaches the gateway, and the gateway waits (abortably, at most its cap) or
 *   fails the review with the reason.
 *
 * The throttling plugin stays on for what it does well: spacing writes, per installation (Probot keys
 * its limiter groups by installation id).
 */

export function djperfOctokitDefaults(options: Record<string, unknown>): Record<string, unknown> {
  const throttle = (typeof options.throttle === "object" && options.throttle !== null ? options.throttle : {}) as Record<string, unknown>;
  return {
    ...options,
    retry: { enabled: false },
    throttle: { ...throttle, onRateLimit: () => false, onSecondaryRateLimit: () => false },
  };
}
