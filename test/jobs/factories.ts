/** Jobs for queue and handler tests. */
import type { CommandJob, ReviewJob } from "../../src/jobs/job.js";

export function reviewJob(overrides: Partial<ReviewJob> = {}): ReviewJob {
  return {
    kind: "review",
    installationId: 4242,
    owner: "acme",
    repo: "shop",
    pr: 7,
    baseSha: "b".repeat(40),
    headSha: "a".repeat(40),
    draft: false,
    trigger: "opened",
    deliveryId: "delivery-1",
    ...overrides,
  };
}

export function commandJob(overrides: Partial<CommandJob> = {}): CommandJob {
  return {
    kind: "command",
    installationId: 4242,
    owner: "acme",
    repo: "shop",
    pr: 7,
    command: { verb: "help" },
    comment: { kind: "issue", id: 1001, author: "alice" },
    deliveryId: "delivery-2",
    ...overrides,
  };
}

export function sha(char: string): string {
  return char.repeat(40);
}
