/**
 * The handlers' gates: which webhooks become which jobs. A recording queue stands in for the real
 * one, so these tests also prove that handlers call no GitHub API (nock allows no request at all).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Probot } from "probot";
import { GitHubMock } from "./support/github-mock.js";
import { deliver, loadApp, payload, RecordingQueue } from "./support/app.js";
import { BASE_SHA, HEAD_SHA } from "./support/pull-request-repo.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let gh: GitHubMock;
let probot: Probot;
let queue: RecordingQueue;

beforeEach(async () => {
  gh = new GitHubMock();
  queue = new RecordingQueue();
  ({ probot } = await loadApp({ createQueue: () => queue }));
});

afterEach(() => {
  gh.assertDone();
  expect(gh.requests).toEqual([]);
});

const repo = { installationId: 4242, owner: "acme", repo: "shop", pr: 7 };

describe("pull_request", () => {
  it("opened: queues a review of the head commit", async () => {
    await deliver(probot, "pull_request", payload("pull_request.opened"), "d-opened");
    expect(queue.jobs).toEqual([{ kind: "review", ...repo, baseSha: BASE_SHA, headSha: HEAD_SHA, draft: false, trigger: "opened", deliveryId: "d-opened" }]);
  });

  it("synchronize: queues a review of the new head", async () => {
    await deliver(probot, "pull_request", payload("pull_request.synchronize"), "d-sync");
    expect(queue.jobs).toEqual([expect.objectContaining({ kind: "review", headSha: "c0ffee0000000000000000000000000000000abc", trigger: "synchronize" })]);
  });

  it("reopened and ready_for_review queue a review; a draft is marked as one", async () => {
    await deliver(probot, "pull_request", payload<Json>("pull_request.opened", (p) => ((p.action = "opened"), (p.pull_request.draft = true))), "d1");
    await deliver(probot, "pull_request", payload<Json>("pull_request.opened", (p) => (p.action = "ready_for_review")), "d2");
    await deliver(probot, "pull_request", payload<Json>("pull_request.opened", (p) => (p.action = "reopened")), "d3");
    expect(queue.jobs.map((j) => [j.kind === "review" && j.trigger, j.kind === "review" && j.draft])).toEqual([
      ["opened", true],
      ["ready_for_review", false],
      ["reopened", false],
    ]);
  });

  it("ignores actions that change no code and pull requests that are not open", async () => {
    await deliver(probot, "pull_request", payload<Json>("pull_request.opened", (p) => (p.action = "labeled")), "d1");
    await deliver(probot, "pull_request", payload<Json>("pull_request.opened", (p) => (p.action = "closed")), "d2");
    await deliver(probot, "pull_request", payload<Json>("pull_request.synchronize", (p) => (p.pull_request.state = "closed")), "d3");
    expect(queue.jobs).toEqual([]);
  });
});

describe("check_run and check_suite rerequested", () => {
  it("queues a re-run for the pull request whose head is the commit", async () => {
    await deliver(probot, "check_run", payload("check_run.rerequested"), "d-rerun");
    expect(queue.jobs).toEqual([{ kind: "rerun", ...repo, headSha: HEAD_SHA, deliveryId: "d-rerun" }]);
  });

  it("finds a fork's pull request from djperf's external_id (GitHub lists no pull requests for forks)", async () => {
    await deliver(probot, "check_run", payload<Json>("check_run.rerequested", (p) => ((p.check_run.pull_requests = []), (p.check_run.external_id = `acme/shop#12@${HEAD_SHA}`))));
    expect(queue.jobs).toEqual([expect.objectContaining({ kind: "rerun", pr: 12, headSha: HEAD_SHA })]);
  });

  it("ignores other apps' check runs and commits that are no longer a head", async () => {
    await deliver(probot, "check_run", payload<Json>("check_run.rerequested", (p) => (p.check_run.name = "pytest")), "d1");
    await deliver(probot, "check_run", payload<Json>("check_run.rerequested", (p) => (p.check_run.pull_requests[0].head.sha = "1".repeat(40))), "d2");
    await deliver(probot, "check_run", payload<Json>("check_run.rerequested", (p) => ((p.check_run.pull_requests = []), (p.check_run.external_id = `acme/shop#12@${"1".repeat(40)}`))), "d3");
    expect(queue.jobs).toEqual([]);
  });

  it("check_suite: queues a re-run per pull request of the suite", async () => {
    await deliver(probot, "check_suite", payload("check_suite.rerequested"), "d-suite");
    expect(queue.jobs).toEqual([{ kind: "rerun", ...repo, headSha: HEAD_SHA, deliveryId: "d-suite" }]);
  });
});

describe("commands", () => {
  it("issue_comment on a pull request: queues the command with its comment", async () => {
    await deliver(probot, "issue_comment", payload("issue_comment.created"), "d-cmd");
    expect(queue.jobs).toEqual([
      { kind: "command", ...repo, command: { verb: "explain", rule: { id: "DJP101" } }, comment: { kind: "issue", id: 3001, author: "alice" }, deliveryId: "d-cmd" },
    ]);
  });

  it("a reply in a review thread remembers the comment it replies to", async () => {
    await deliver(probot, "pull_request_review_comment", payload("pull_request_review_comment.created"), "d-reply");
    expect(queue.jobs).toEqual([
      { kind: "command", ...repo, command: { verb: "explain" }, comment: { kind: "review", id: 4002, author: "alice", inReplyToId: 4001 }, deliveryId: "d-reply" },
    ]);
  });

  it("recheck, help and unknown verbs are queued as commands too", async () => {
    for (const [i, body] of ["/djperf recheck", "Thanks!\n/djperf help", "/djperf frobnicate now"].entries()) {
      await deliver(probot, "issue_comment", payload<Json>("issue_comment.created", (p) => ((p.comment.body = body), (p.comment.id = 3100 + i))), `d${i}`);
    }
    expect(queue.jobs.map((j) => j.kind === "command" && j.command)).toEqual([{ verb: "recheck" }, { verb: "help" }, { verb: "unknown", text: "frobnicate now" }]);
  });

  it("ignores djperf's own comments, other bots, comments without a command, and issues", async () => {
    const bot = (login: string) => ({ login, id: 9001, type: "Bot" });
    await deliver(probot, "issue_comment", payload<Json>("issue_comment.created", (p) => (p.comment.user = bot("djperf[bot]"))), "d1");
    await deliver(probot, "issue_comment", payload<Json>("issue_comment.created", (p) => (p.comment.user = bot("dependabot[bot]"))), "d2");
    await deliver(probot, "pull_request_review_comment", payload<Json>("pull_request_review_comment.created", (p) => (p.comment.user = bot("djperf[bot]"))), "d3");
    await deliver(probot, "issue_comment", payload<Json>("issue_comment.created", (p) => (p.comment.body = "LGTM, but see `/djperf explain` docs\n> /djperf recheck")), "d4");
    await deliver(probot, "issue_comment", payload<Json>("issue_comment.created", (p) => delete p.issue.pull_request), "d5");
    expect(queue.jobs).toEqual([]);
  });
});
