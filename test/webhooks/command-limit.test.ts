/** A per-pull-request budget of `/djperf` commands: a comment flood cannot make djperf flood the conversation. */
import { describe, expect, it } from "vitest";
import { CommandLimit } from "../../src/webhooks/command-limit.js";
import { deliver, loadApp, payload, RecordingQueue } from "./support/app.js";
import { APP_OPTIONS } from "./support/scenarios.js";

type CommentEvent = { comment: { id: number; body: string }; issue: { number: number } };

describe("CommandLimit", () => {
  it("allows max commands per pull request per window, then again once the window has moved on", () => {
    let now = 0;
    const limit = new CommandLimit({ max: 3, windowMs: 1000, clock: () => now });
    expect([1, 2, 3, 4].map(() => limit.take("acme/shop#7"))).toEqual([true, true, true, false]);
    expect(limit.take("acme/shop#8")).toBe(true); // another pull request has its own budget
    now = 1000;
    expect(limit.take("acme/shop#7")).toBe(true);
  });

  it("forgets the least recently used pull requests past its size", () => {
    const limit = new CommandLimit({ max: 1, trackedPullRequests: 2, clock: () => 0 });
    expect(limit.take("a")).toBe(true);
    expect(limit.take("b")).toBe(true);
    expect(limit.take("c")).toBe(true); // "a" is forgotten
    expect(limit.take("a")).toBe(true);
    expect(limit.take("c")).toBe(false);
  });
});

describe("the App", () => {
  it("queues at most the budget of commands of one pull request; others are ignored", async () => {
    const queue = new RecordingQueue();
    const { probot } = await loadApp({ ...APP_OPTIONS, createQueue: () => queue, commandLimit: { max: 3 } });
    for (let i = 1; i <= 5; i++) {
      await deliver(probot, "issue_comment", payload<CommentEvent>("issue_comment.created", (p) => ((p.comment.id = 9000 + i), (p.comment.body = "/djperf help"))), `d-${i}`);
    }
    await deliver(probot, "issue_comment", payload<CommentEvent>("issue_comment.created", (p) => ((p.comment.id = 9100), (p.comment.body = "/djperf help"), (p.issue.number = 99))), "d-other");
    expect(queue.jobs.map((j) => ("pr" in j ? j.pr : undefined))).toEqual([7, 7, 7, 99]);
  });
});
