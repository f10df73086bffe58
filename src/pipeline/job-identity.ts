/**
 * The one identity of djperf's work (issue 14, item 2), shared by both queue adapters, the pipeline
 * and start-up recovery: `owner/repo#pr` names a pull request, `owner/repo#pr@sha` one of its
 * commits. The commit key is the base of a review's dedupe key (src/jobs/job.ts) and the external_id
 * of the check run the review creates, so a check run found on GitHub names the job that made it.
 * Lower-cased: GitHub owner and repository names are case-insensitive, and a webhook may spell them
 * differently from the API.
 */

export interface PullRequestRef {
  owner: string;
  repo: string;
  pr: number;
}

/** `owner/repo#pr`: the jobs of one pull request run one at a time, and a newer head supersedes. */
export function pullRequestKey(ref: PullRequestRef): string {
  return `${ref.owner}/${ref.repo}#${ref.pr}`.toLowerCase();
}

/** `owner/repo#pr@sha`: one commit of a pull request; the check run's external_id. */
export function commitKey(ref: PullRequestRef & { headSha: string }): string {
  return `${pullRequestKey(ref)}@${ref.headSha.toLowerCase()}`;
}

/** Whether a check run's external_id names this commit (check runs of older versions kept the case). */
export function isCommitKey(externalId: string | null | undefined, ref: PullRequestRef & { headSha: string }): boolean {
  return externalId?.toLowerCase() === commitKey(ref);
}
