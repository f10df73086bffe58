/**
 * djperf's GitHubGateway against the simulated GitHub: every call the app makes must be served, and
 * every answer must pass the gateway's zod schemas. When either side drifts (a new call, a renamed
 * field, a GraphQL document the simulation does not know) this fails before the demo does.
 */
import { generateKeyPairSync, createSign } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubGateway, type RepoRef } from "../../src/github/gateway.js";
import { SimulatedGitHub } from "../../demo/github/server.js";
import { buildShopRepository, type ShopRepository } from "../../demo/shop-repo.js";

let repo: ShopRepository;
let github: SimulatedGitHub;
let gateway: GitHubGateway;
let headSha: string;
const ref: RepoRef = { owner: "acme", repo: "shop" };
const PR = 3;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });
  repo = await buildShopRepository();
  github = await SimulatedGitHub.start({ repoDir: repo.dir, appPublicKey: keys.publicKey });
  headSha = (await github.openPullRequest({ title: "t", base: repo.baseBranch, head: repo.headBranch, number: PR })).headSha;
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 30, exp: now + 540, iss: github.world.app.id })}`;
  const jwt = `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(keys.privateKey).toString("base64url")}`;
  const app = new Octokit({ auth: jwt, baseUrl: github.baseUrl, log: quiet });
  const { data } = await app.apps.createInstallationAccessToken({ installation_id: github.world.installationId });
  gateway = new GitHubGateway(new Octokit({ auth: data.token, baseUrl: github.baseUrl, log: quiet }), { retry: { maxRetries: 0 } });
});

afterAll(async () => {
  await github?.close();
  repo?.remove();
});

describe("GitHubGateway against the simulated GitHub", () => {
  it("reads the pull request, its files, the head tree and blobs", async () => {
    const pull = await gateway.getPullRequest(ref, PR);
    expect(pull.head.sha).toBe(headSha);
    const { files, capped } = await gateway.listPullFiles(ref, PR);
    expect(capped).toBe(false);
    expect(files.map((f) => f.filename)).toContain("orders/reports.py");
    const tree = await gateway.getTree(ref, headSha, true);
    const models = tree.tree.find((e) => e.path === "orders/models.py")!;
    expect(new TextDecoder().decode(await gateway.getBlob(ref, models.sha))).toContain("class Order(models.Model):");
    const blobs = await gateway.getBlobsByExpression(ref, [`${headSha}:orders/reports.py`, `${headSha}:missing.py`]);
    expect(blobs[0]?.text).toContain("def weekly_sales_report(request):");
    expect(blobs[1]).toBeNull();
  });

  it("creates, lists and completes check runs", async () => {
    const run = await gateway.createCheckRun(ref, { name: "djperf", head_sha: headSha, external_id: "job-1", status: "in_progress" });
    const done = await gateway.updateCheckRun(ref, run.id, { conclusion: "success", output: { title: "ok", summary: "nothing" } });
    expect(done.status).toBe("completed");
    expect((await gateway.listCheckRuns(ref, headSha, "djperf")).map((r) => r.id)).toContain(run.id);
  });

  it("posts a review, lists and minimizes its comments, replies and reacts", async () => {
    const body = "N+1 here <!-- djperf:DJP101:abc123 -->";
    await gateway.createReview(ref, PR, { commit_id: headSha, event: "COMMENT", body: "djperf review", comments: [{ path: "orders/reports.py", line: 28, side: "RIGHT", body }] });
    expect(await gateway.listReviews(ref, PR)).toHaveLength(1);
    const [comment] = await gateway.listReviewComments(ref, PR);
    expect(comment).toBeDefined();
    const nodeId = (comment as { node_id: string }).node_id;
    expect(await gateway.minimizedNodeIds([nodeId])).toEqual(new Set());
    expect(await gateway.minimizeComments([nodeId])).toBe(1);
    expect(await gateway.minimizedNodeIds([nodeId])).toEqual(new Set([nodeId]));
    await gateway.createReplyForReviewComment(ref, PR, comment!.id, "DJP101 explained");
    await gateway.addReaction(ref, { kind: "review-comment", commentId: comment!.id }, "eyes");
  });

  it("rejects a review comment outside the diff as GitHub does", async () => {
    const review = gateway.createReview(ref, PR, { commit_id: headSha, event: "COMMENT", body: "x", comments: [{ path: "orders/tasks.py", line: 3, side: "RIGHT", body: "y" }] });
    await expect(review).rejects.toMatchObject({ name: "ReviewRejectedError" });
  });

  it("answers conversation commands: comments, reactions, permissions", async () => {
    const { comment } = await github.userCommented(PR, "mona", "/djperf help");
    await gateway.addReaction(ref, { kind: "issue-comment", commentId: comment.id }, "+1");
    await gateway.createIssueComment(ref, PR, "Commands: explain, recheck, help");
    expect(await gateway.getCollaboratorPermission(ref, "mona")).toBe("write");
    expect(await gateway.getCollaboratorPermission(ref, "hubot")).toBe("read");
  });

  it("was never sent to an endpoint the simulation does not serve", () => {
    expect(github.store.requests.filter((r) => r.unhandled || r.status >= 500)).toEqual([]);
  });
});
