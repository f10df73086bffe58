/**
 * Start-up check of the webhook secret (issue 12, item 4). Probot falls back to its public
 * development secret ("development") when WEBHOOK_SECRET is unset or empty; anyone could then forge
 * webhooks that make djperf fetch code and post to pull requests. djperf refuses to start as an App
 * (APP_ID and a key present) without a real secret. Probot's setup mode (no APP_ID yet) serves only
 * the registration page and is left alone.
 */

/** Probot's built-in secret, public in its source. */
export const PROBOT_DEVELOPMENT_SECRET = "development";

/** GitHub accepts any secret; anything this short is guessable. */
export const MIN_SECRET_LENGTH = 12;

/** The reason djperf must not start with this environment, or undefined when the secret is real. */
export function webhookSecretProblem(env: NodeJS.ProcessEnv): string | undefined {
  const configuredAsApp = (env.APP_ID ?? "") !== "" && ((env.PRIVATE_KEY ?? "") !== "" || (env.PRIVATE_KEY_PATH ?? "") !== "");
  if (!configuredAsApp) return undefined;
  const secret = env.WEBHOOK_SECRET;
  if (secret === undefined || secret.trim() === "") {
    return "WEBHOOK_SECRET is not set: without it Probot accepts webhooks signed with its public development secret. Set it to the App's webhook secret.";
  }
  if (secret.trim() === PROBOT_DEVELOPMENT_SECRET) return `WEBHOOK_SECRET is Probot's public development secret ("${PROBOT_DEVELOPMENT_SECRET}"). Set it to the App's own webhook secret.`;
  if (secret.length < MIN_SECRET_LENGTH) return `WEBHOOK_SECRET is shorter than ${MIN_SECRET_LENGTH} characters; use a long random secret.`;
  return undefined;
}
