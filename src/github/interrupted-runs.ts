/**
 * Finds djperf check runs a stopped process left in progress (issue 12, item 8): after SIGKILL, an
 * out-of-memory kill or a crash, no code of the old process completes them, and a required `djperf`
 * check would block the pull request forever. On start-up the App walks its installations, their
 * repositories and their recently updated open pull requests, and asks each head commit for djperf
 * check runs that are not completed. Bounded: at most `maxCalls` GitHub calls, most recent first.
 */
import type { GitHubGateway, RepoRef } from "./gateway.js";
import { CHECK_NAME } from "./publisher.js";
import { isCommitKey } from "../pipeline/job-identity.js";

export interface InterruptedRun extends RepoRef {
  installationId: number;
  pr: number;
  headSha: string;
  baseSha: string;
  draft: boolean;
  checkRunId: number;
}

export interface FindOptions {
  /** Pull requests not updated since (epoch ms) are skipped: a run left in progress is as recent as its push. */
  since: number;
  /** Upper bound on GitHub calls for the whole search. */
  maxCalls: number;
  /** Open pull requests read per repository (most recently updated first). */
  pullsPerRepo?: number;
}

export interface FindResult {
  runs: InterruptedRun[];
  /** True when the call budget ran out before every repository was looked at. */
  capped: boolean;
}

export async function findInterruptedRuns(app: GitHubGateway, installation: (id: number) => Promise<GitHubGateway>, options: FindOptions): Promise<FindResult> {
  let calls = 0;
  const spend = (): boolean => ++calls <= options.maxCalls;
  const runs: InterruptedRun[] = [];
  if (!spend()) return { runs, capped: true };
  const installations = await app.listInstallations(5);
  for (const { id } of installations) {
    const gateway = await installation(id);
    for (let page = 1; ; page++) {
      if (!spend()) return { runs, capped: true };
      const { repos, more } = await gateway.listInstallationRepos(page);
      for (const ref of repos) {
        if (!spend()) return { runs, capped: true };
        const pulls = await gateway.listRecentOpenPulls(ref, options.pullsPerRepo ?? 20);
        for (const pull of pulls) {
          if (Date.parse(pull.updated_at) < options.since) break; // sorted by update, newest first
          if (!spend()) return { runs, capped: true };
          const commit = { ...ref, pr: pull.number, headSha: pull.head.sha };
          for (const run of await gateway.listCheckRuns(ref, pull.head.sha, CHECK_NAME)) {
            // Ours: named by the commit key of the review that created it. Another app's "djperf" check is not ours to complete.
            if (run.status === "completed" || !isCommitKey(run.external_id, commit)) continue;
            runs.push({ installationId: id, ...ref, pr: pull.number, headSha: pull.head.sha, baseSha: pull.base.sha, draft: pull.draft === true, checkRunId: run.id });
          }
        }
      }
      if (!more) break;
    }
  }
  return { runs, capped: false };
}
