/**
 * The simulated GitHub, driven by a real @octokit/rest client: it must answer what GitHub answers for
 * the calls djperf makes, from the demo repository, and refuse what GitHub refuses.
 */
import { createSign, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedGitHub } from "../../demo/github/server.js";
import { buildShopRepository, REPO_ROOT, type ShopRepository } from "../../demo/shop-repo.js";

let repo: ShopRepository;
let github: SimulatedGitHub;
let octokit: Octokit;
let privateKey: string;
let pullNumber: number;
const owner = "acme";
/** Octokit logs every 4xx; these tests provoke them on purpose. */
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const name = "shop";

function appJwt(key: string, appId: number, overrides: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 30, exp: now + 540, iss: appId, ...overrides })}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(key).toString("base64url")}`;
}

async function installationClient(permissions?: Record<string, string>): Promise<Octokit> {
  const app = new Octokit({ auth: appJwt(privateKey, github.world.app.id), baseUrl: github.baseUrl, log: quiet });
  const { data } = await app.apps.createInstallationAccessToken({ installation_id: github.world.installationId, ...(permissions ? { permissions } : {}) });
  return new Octokit({ auth: data.token, baseUrl: github.baseUrl, log: quiet });
}

function shopFile(path: string): string {
  return readFileSync(join(REPO_ROOT, "examples", "shop", path), "utf8");
}

function changeFile(path: string): string {
  return readFileSync(join(REPO_ROOT, "demo", "pr-change", "files", path), "utf8");
}

beforeAll(async () => {
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });
  privateKey = keys.privateKey;
  repo = await buildShopRepository();
  github = await SimulatedGitHub.start({ repoDir: repo.dir, appPublicKey: keys.publicKey });
  const pull = await github.openPullRequest({ title: repo.change.title, base: repo.baseBranch, head: repo.headBranch });
  pullNumber = pull.number;
  octokit = await installationClient();
});

afterAll(async () => {
  await github?.close();
  repo?.remove();
});

describe("App authentication", () => {
  it("issues an installation token for a JWT signed with the App's key, and refuses others", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const forged = new Octokit({ auth: appJwt(other.privateKey, github.world.app.id), baseUrl: github.baseUrl, log: quiet });
    await expect(forged.apps.createInstallationAccessToken({ installation_id: github.world.installationId })).rejects.toMatchObject({ status: 401 });
    const expired = new Octokit({ auth: appJwt(privateKey, github.world.app.id, { exp: Math.floor(Date.now() / 1000) - 10 }), baseUrl: github.baseUrl, log: quiet });
    await expect(expired.apps.createInstallationAccessToken({ installation_id: github.world.installationId })).rejects.toMatchObject({ status: 401 });
    const anonymous = new Octokit({ baseUrl: github.baseUrl, log: quiet });
    await expect(anonymous.pulls.get({ owner, repo: name, pull_number: pullNumber })).rejects.toMatchObject({ status: 401 });
  });

  it("enforces the token's permissions", async () => {
    const readOnly = await installationClient({ contents: "read", metadata: "read" });
    const head = (await octokit.pulls.get({ owner, repo: name, pull_number: pullNumber })).data.head.sha;
    await expect(readOnly.checks.create({ owner, repo: name, name: "djperf", head_sha: head })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("Resource not accessible by integration"),
    });
    const app = new Octokit({ auth: appJwt(privateKey, github.world.app.id), baseUrl: github.baseUrl, log: quiet });
    await expect(app.apps.createInstallationAccessToken({ installation_id: github.world.installationId, permissions: { administration: "write" } })).rejects.toMatchObject({ status: 422 });
  });
});

describe("repository data from git", () => {
  it("serves the pull request with the branch tips", async () => {
    const { data } = await octokit.pulls.get({ owner, repo: name, pull_number: pullNumber });
    expect(data.head.ref).toBe(repo.headBranch);
    expect(data.base.ref).toBe("main");
    expect(data.head.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(data.head.sha).not.toBe(data.base.sha);
    expect(data.commits).toBe(repo.change.commits.length);
  });

  it("lists the PR's files from the merge base, paginated, with GitHub-shaped patches", async () => {
    const files = await octokit.paginate(octokit.pulls.listFiles, { owner, repo: name, pull_number: pullNumber, per_page: 2 });
    const byName = new Map(files.map((f) => [f.filename, f]));
    // README.md changed on main after the branch point: a merge-base diff does not show it.
    expect([...byName.keys()].sort()).toEqual(["orders/management/commands/import_addresses.py", "orders/reports.py", "orders/tasks.py", "shop_project/urls.py"]);
    const reports = byName.get("orders/reports.py")!;
    expect(reports.status).toBe("added");
    expect(reports.patch).toMatch(/^@@ -0,0 \+1,\d+ @@/);
    expect(reports.additions).toBe(changeFile("orders/reports.py").split("\n").length - 1);
    const tasks = byName.get("orders/tasks.py")!;
    expect(tasks.status).toBe("modified");
    expect(tasks.deletions).toBe(0);
    expect(tasks.patch).toContain("+def flag_large_orders(threshold):");
  });

  it("serves recursive trees and blobs of the head commit", async () => {
    const head = (await octokit.pulls.get({ owner, repo: name, pull_number: pullNumber })).data.head.sha;
    const { data: tree } = await octokit.git.getTree({ owner, repo: name, tree_sha: head, recursive: "1" });
    expect(tree.truncated).toBe(false);
    const entry = tree.tree.find((e) => e.path === "orders/models.py");
    expect(entry).toMatchObject({ type: "blob", mode: "100644" });
    expect(tree.tree.some((e) => e.path === "orders" && e.type === "tree")).toBe(true);
    const { data: blob } = await octokit.git.getBlob({ owner, repo: name, file_sha: entry!.sha! });
    expect(blob.encoding).toBe("base64");
    expect(Buffer.from(blob.content, "base64").toString("utf8")).toBe(shopFile("orders/models.py"));
  });

  it("answers batched GraphQL blob queries with aliases, null for missing paths", async () => {
    const head = (await octokit.pulls.get({ owner, repo: name, pull_number: pullNumber })).data.head.sha;
    const result = await octokit.graphql<{ repository: Record<string, { text: string | null; isBinary: boolean; byteSize: number } | null> }>(
      `query($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          f0: object(expression: "${head}:orders/reports.py") { ... on Blob { text isBinary byteSize } }
          f1: object(expression: "${head}:orders/models.py") { ... on Blob { text isBinary byteSize } }
          f2: object(expression: "${head}:no/such/file.py") { ... on Blob { text } }
        }
      }`,
      { owner, name },
    );
    expect(result.repository.f0).toEqual({ text: changeFile("orders/reports.py"), isBinary: false, byteSize: Buffer.byteLength(changeFile("orders/reports.py")) });
    expect(result.repository.f1?.text).toBe(shopFile("orders/models.py"));
    expect(result.repository.f2).toBeNull();
    const blobQueries = github.store.requests.filter((r) => r.route === "POST /graphql");
    expect(blobQueries.at(-1)?.status).toBe(200);
  });

  it("rejects GraphQL that GitHub's schema rejects", async () => {
    await expect(octokit.graphql(`{ repository(owner: "acme", name: "shop") { object(expression: "main:manage.py") { ... on Blob { content } } } }`)).rejects.toThrow(
      "Field 'content' doesn't exist on type 'Blob'",
    );
    await expect(octokit.graphql(`query($id: ID!) { repository(owner: "acme") { id } }`, { id: "x" })).rejects.toThrow(/missing required arguments: name/);
    await expect(octokit.graphql(`mutation { minimizeComment(input: {subjectId: "x", classifier: STALE}) { clientMutationId } }`)).rejects.toThrow(/Expected one of SPAM/);
  });

  it("answers 404 for a missing .github/djperf.yml and serves files raw", async () => {
    await expect(octokit.repos.getContent({ owner, repo: name, path: ".github/djperf.yml" })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.repos.getContent({ owner, repo: ".github", path: ".github/djperf.yml" })).rejects.toMatchObject({ status: 404 });
    const raw = await octokit.repos.getContent({ owner, repo: name, path: "manage.py", mediaType: { format: "raw" } });
    expect(raw.data).toBe(shopFile("manage.py"));
  });
});

describe("check runs", () => {
  it("creates, annotates in batches of at most 50 and completes a check run", async () => {
    const head = (await octokit.pulls.get({ owner, repo: name, pull_number: pullNumber })).data.head.sha;
    const { data: created } = await octokit.checks.create({ owner, repo: name, name: "djperf", head_sha: head, status: "in_progress" });
    expect(created.status).toBe("in_progress");
    const annotation = (line: number) => ({ path: "orders/reports.py", start_line: line, end_line: line, annotation_level: "warning" as const, message: `finding ${line}` });
    const output = (count: number) => ({ title: "t", summary: "s", annotations: Array.from({ length: count }, (_, i) => annotation(i + 1)) });
    await expect(octokit.checks.update({ owner, repo: name, check_run_id: created.id, output: output(51) })).rejects.toMatchObject({ status: 422 });
    await octokit.checks.update({ owner, repo: name, check_run_id: created.id, output: output(50) });
    await expect(octokit.checks.update({ owner, repo: name, check_run_id: created.id, status: "completed" })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("conclusion"),
    });
    const { data: done } = await octokit.checks.update({ owner, repo: name, check_run_id: created.id, conclusion: "failure", output: output(3) });
    expect(done.status).toBe("completed");
    expect(done.output.annotations_count).toBe(53);
  });

  it("rejects a check run without head_sha or for an unknown commit", async () => {
    const request = octokit.request("POST /repos/{owner}/{repo}/check-runs", { owner, repo: name, name: "djperf" } as never);
    await expect(request).rejects.toMatchObject({ status: 422, message: expect.stringContaining(`"head_sha" wasn't supplied`) });
    await expect(octokit.checks.create({ owner, repo: name, name: "djperf", head_sha: "0".repeat(40) })).rejects.toMatchObject({ status: 422 });
  });
});

describe("reviews and comments", () => {
  it("accepts comments on diff lines and rejects the whole review when one line is outside the diff", async () => {
    const before = github.store.reviewComments.length;
    const outside = octokit.pulls.createReview({
      owner,
      repo: name,
      pull_number: pullNumber,
      event: "COMMENT",
      body: "review",
      comments: [
        { path: "orders/reports.py", line: 28, side: "RIGHT", body: "on an added line" },
        // orders/models.py is not part of the pull request at all.
        { path: "orders/tasks.py", line: 5, side: "RIGHT", body: "far from any hunk" },
      ],
    });
    await expect(outside).rejects.toMatchObject({ status: 422, response: { data: { errors: ["Pull request review thread line must be part of the diff"] } } });
    expect(github.store.reviewComments.length).toBe(before);

    const { data: review } = await octokit.pulls.createReview({
      owner,
      repo: name,
      pull_number: pullNumber,
      event: "COMMENT",
      body: "review",
      comments: [{ path: "orders/reports.py", start_line: 27, line: 28, side: "RIGHT", start_side: "RIGHT", body: "two lines" }],
    });
    expect(review.state).toBe("COMMENTED");
    const comments = await octokit.paginate(octokit.pulls.listReviewComments, { owner, repo: name, pull_number: pullNumber });
    expect(comments.at(-1)).toMatchObject({ path: "orders/reports.py", line: 28, start_line: 27, side: "RIGHT", pull_request_review_id: review.id });
    expect(comments.at(-1)?.diff_hunk).toMatch(/^@@ -0,0 \+1,\d+ @@/);
  });

  it("minimizes a review comment through GraphQL", async () => {
    const [comment] = await octokit.paginate(octokit.pulls.listReviewComments, { owner, repo: name, pull_number: pullNumber });
    const result = await octokit.graphql<{ minimizeComment: { minimizedComment: { isMinimized: boolean; minimizedReason: string } } }>(
      `mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized minimizedReason } } }`,
      { id: comment!.node_id },
    );
    expect(result.minimizeComment.minimizedComment).toEqual({ isMinimized: true, minimizedReason: "outdated" });
    expect(github.store.reviewComment(comment!.id)?.minimized).toEqual({ reason: "outdated" });
  });

  it("posts conversation comments and reactions, and reports collaborator permissions", async () => {
    const { comment } = await github.userCommented(pullNumber, "mona", "/djperf help");
    await octokit.reactions.createForIssueComment({ owner, repo: name, comment_id: comment.id, content: "eyes" });
    const { data: reply } = await octokit.issues.createComment({ owner, repo: name, issue_number: pullNumber, body: "Commands: …" });
    expect(reply.user?.login).toBe("djperf[bot]");
    await expect(octokit.issues.createComment({ owner, repo: name, issue_number: pullNumber, body: "" })).rejects.toMatchObject({ status: 422 });
    expect((await octokit.repos.getCollaboratorPermissionLevel({ owner, repo: name, username: "mona" })).data.permission).toBe("write");
    expect((await octokit.repos.getCollaboratorPermissionLevel({ owner, repo: name, username: "stranger" })).data.permission).toBe("read");
    expect(github.store.reactions).toContainEqual(expect.objectContaining({ subject: { kind: "issue_comment", id: comment.id }, content: "eyes" }));
  });

  it("records calls to endpoints it does not simulate", async () => {
    await expect(octokit.request("GET /repos/{owner}/{repo}/deployments", { owner, repo: name })).rejects.toMatchObject({ status: 404 });
    expect(github.store.requests.at(-1)).toMatchObject({ unhandled: true, status: 404 });
  });
});
