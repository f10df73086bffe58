/**
 * Issue 12, item 9: when GitHub refuses a review (422) without naming the comment, only the refused
 * comments are dropped. Here GitHub refuses any review with a comment on line 8 although our diff has
 * it (GitHub's diff and ours can disagree); the comment on line 6 must still be posted.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { GitHubMock, type Reply } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { BOT, mockReviewRun, newFilePatch } from "./support/pull-request-repo.js";
import { APP_OPTIONS, MODELS, orderReportPullRequest } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TWO_LOOPS = `from shop.models import Order


def report(request):
    for order in Order.objects.all():
        print(order.total)
    for order in Order.objects.all():
        print(order.id)
    return None
`;

const REFUSED_LINE = 8;
const REVIEWS = "/repos/acme/shop/pulls/7/reviews";

let gh: GitHubMock;

beforeEach(() => {
  gh = new GitHubMock();
});

afterEach(() => {
  gh.assertDone();
});

/** GitHub's answer to a review: 422 when a comment sits on REFUSED_LINE; a pending review when `event` is absent. */
function reviewReply(body: unknown): Reply {
  const b = body as { event?: string; body: string; comments: { line: number }[]; commit_id: string };
  if (b.comments.some((c) => c.line === REFUSED_LINE)) {
    return { status: 422, body: { message: "Unprocessable Entity", errors: ["Line could not be resolved"], documentation_url: "https://docs.github.com/rest" } };
  }
  const [id, state] = b.event === undefined ? [7001, "PENDING"] : [6001, "COMMENTED"];
  return { status: 200, body: { id, node_id: `PRR_${id}`, body: b.body, commit_id: b.commit_id, state, html_url: `https://github.com/acme/shop/pull/7#pullrequestreview-${id}`, user: BOT } };
}

it("a 422 on the review: the refused comment is found with a pending review and dropped; the other is posted and the check run lists the refused one", async () => {
  gh.installationToken().config(undefined);
  mockReviewRun(gh, orderReportPullRequest({ files: { "shop/models.py": MODELS, "shop/views.py": TWO_LOOPS }, changed: [{ filename: "shop/views.py", status: "added", patch: newFilePatch(TWO_LOOPS) }], expectReview: false }));
  // The whole review (422), a probe with line 6 alone (pending, deleted), the review with line 6.
  gh.on("POST", REVIEWS, reviewReply, 3);
  gh.on("DELETE", `${REVIEWS}/7001`, { status: 200, body: { id: 7001, state: "PENDING" } });
  const { probot, queue } = await loadApp(APP_OPTIONS);
  await deliver(probot, "pull_request", payload("pull_request.opened"));
  await queue.idle();

  const posts = gh.requests.filter((r) => r.method === "POST" && r.path === REVIEWS).map((r) => r.body as Json);
  expect(posts.map((p) => [p.event, p.comments.map((c: Json) => c.line)])).toEqual([
    ["COMMENT", [6, 8]],
    [undefined, [6]],
    ["COMMENT", [6]],
  ]);
  expect(posts[2]!.body).toContain("GitHub did not accept 1 of these comments");
  // The probe is deleted before the review goes out: only djperf ever saw it.
  expect(gh.requests.filter((r) => r.path.startsWith(REVIEWS)).map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${REVIEWS}`, `POST ${REVIEWS}`, `DELETE ${REVIEWS}/7001`, `POST ${REVIEWS}`]);
  const completion = gh.requests.at(-1)!.body as Json;
  expect(completion.status).toBe("completed");
  expect(completion.output.summary).toContain(`shop/views.py:${REFUSED_LINE}`);
  expect(completion.output.summary).toContain("Line could not be resolved");
});
