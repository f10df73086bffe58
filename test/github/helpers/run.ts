/** Dependencies of runReview for tests: a gateway on the mock, a fixed clock, recorded sleeps and logs. */
import { DEFAULT_CONFIG, type DjperfConfig } from "../../../src/config/schema.js";
import { validateConfig, type ConfigProblem } from "../../../src/config/load.js";
import { GitHubGateway } from "../../../src/github/gateway.js";
import type { Logger } from "../../../src/github/logger.js";
import type { Job, RunReviewDeps } from "../../../src/pipeline/run-review.js";
import type { GitHubMock } from "./github-mock.js";
import { BASE_SHA, HEAD_SHA, OWNER, PR, REPO } from "./shop.js";
import { REVIEW_RULES } from "./test-rules.js";

/** 2025-03-11T10:03:00Z */
export const NOW = Date.UTC(2025, 2, 11, 10, 3, 0);

export interface LogRecord {
  level: "debug" | "info" | "warn" | "error";
  bindings: Record<string, unknown>;
  fields: object;
  message?: string;
}

export function recordingLogger(records: LogRecord[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: LogRecord["level"]) => (fields: object, message?: string) => records.push({ level, bindings, fields, ...(message !== undefined ? { message } : {}) });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (more) => recordingLogger(records, { ...bindings, ...more }) };
}

export function job(over: Partial<Job> = {}): Job {
  return { installationId: 61234567, owner: OWNER, repo: REPO, pr: PR, baseSha: BASE_SHA, headSha: HEAD_SHA, trigger: "opened", ...over };
}

export interface TestDeps {
  deps: RunReviewDeps;
  sleeps: number[];
  logs: LogRecord[];
}

export function reviewDeps(mock: GitHubMock, over: Partial<RunReviewDeps> & { rawConfig?: unknown } = {}): TestDeps {
  const sleeps: number[] = [];
  const logs: LogRecord[] = [];
  const gateway = new GitHubGateway(mock.octokit(), { sleep: async (ms) => void sleeps.push(ms), clock: () => NOW });
  const { rawConfig, ...rest } = over;
  const config: { config: DjperfConfig; problems: ConfigProblem[] } = rawConfig === undefined ? { config: DEFAULT_CONFIG, problems: [] } : validateConfig(rawConfig);
  const deps: RunReviewDeps = { gateway, config, rules: REVIEW_RULES, logger: recordingLogger(logs), clock: () => NOW, ...rest };
  return { deps, sleeps, logs };
}

type Body = Record<string, unknown>;

/** The JSON body of the n-th request matching method and path. */
export function bodyOf(mock: GitHubMock, method: string, pattern: RegExp, n = 0): Body {
  const found = mock.requests.filter((r) => r.method === method && pattern.test(r.path))[n];
  if (!found) throw new Error(`no ${method} request matching ${pattern} (#${n})`);
  return found.body as Body;
}
