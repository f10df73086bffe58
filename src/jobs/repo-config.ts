/**
 * `.github/djperf.yml` of the repository, read the way every Probot app reads its config
 * (`context.config`: the default branch, the organisation's `.github` repository as fallback,
 * `_extends`), then validated. Never throws: an unreadable or invalid file becomes problems the check
 * run reports, and the defaults apply.
 */
import { Context, type ProbotOctokit } from "probot";
import { validateConfig, type LoadedConfig } from "../config/load.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import type { Logger } from "../github/logger.js";

export const CONFIG_FILE = "djperf.yml";

export async function loadRepoConfig(octokit: ProbotOctokit, repo: { owner: string; repo: string }, log: Logger): Promise<LoadedConfig> {
  let raw: unknown;
  try {
    raw = await configContext(octokit, repo, log).config(CONFIG_FILE);
  } catch (error) {
    // GitHub failing (5xx, no answer, a token it would not issue) says nothing about the file: the
    // caller tries the review again later rather than review with defaults the repository may not want.
    if (isGitHubFailure(error)) throw error;
    const message = error instanceof Error ? error.message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "") : String(error);
    log.warn({ err: { message } }, "could not read the repository config; using the defaults");
    return { config: DEFAULT_CONFIG, problems: [{ path: "", message: `.github/${CONFIG_FILE} could not be read: ${message}` }] };
  }
  return validateConfig(raw);
}

/**
 * A Probot context for the repository: jobs run after the webhook's context is gone, and
 * `context.config` only needs the repository's owner and name from the payload.
 */
function configContext(octokit: ProbotOctokit, repo: { owner: string; repo: string }, log: Logger): Context {
  const event = { id: "djperf-config", name: "repository", payload: { repository: { owner: { login: repo.owner }, name: repo.repo } } };
  return new Context(event as unknown as ConstructorParameters<typeof Context>[0], octokit, log as unknown as ConstructorParameters<typeof Context>[2]);
}

function isGitHubFailure(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && (status >= 500 || status === 401);
}
