import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobCache } from "../../src/github/blob-cache.js";
import { GitHubGateway } from "../../src/github/gateway.js";
import { GitHubSource } from "../../src/github/source.js";
import { FakeRepo, gitBlobSha } from "./helpers/fake-repo.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { payload } from "./helpers/payloads.js";
import { HEAD_SHA, PR, shopHead } from "./helpers/shop.js";

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const REF = { owner: "acme", repo: "shop" };

function sourceOn(mock: GitHubMock, options: ConstructorParameters<typeof GitHubSource>[3] = {}): GitHubSource {
  return new GitHubSource(new GitHubGateway(mock.octokit(), { sleep: async () => {} }), REF, HEAD_SHA, options);
}

const text = (content: { ok: boolean; bytes?: Uint8Array } | undefined) => (content?.ok ? new TextDecoder().decode(content.bytes) : undefined);

describe("GitHubSource.changedFiles", () => {
  it("maps GitHub's file list: renames keep the old path, removals and files without a patch are kept", async () => {
    const mock = new GitHubMock();
    mock.scope.get(`/repos/acme/shop/pulls/${PR}/files`).query({ per_page: "100", page: "1" }).reply(200, payload("pull-files") as object[]);
    const { files, diagnostics } = await sourceOn(mock).changedFiles(PR);
    mock.expectDone();
    expect(diagnostics).toEqual([]);
    expect(files.map(({ patch, ...f }) => ({ ...f, patch: patch?.split("\n")[0] }))).toEqual([
      { path: "shop/views.py", status: "modified", patch: "@@ -12,6 +12,11 @@ def order_list(request):" },
      { path: "shop/services/billing.py", previousPath: "shop/billing.py", status: "renamed", patch: "@@ -1,4 +1,4 @@" },
      { path: "shop/legacy.py", status: "removed", patch: "@@ -1,12 +0,0 @@" },
      { path: "shop/static/shop/logo.png", status: "added", patch: undefined },
    ]);
  });

  it("follows Link pages (one per 100 files) and reports GitHub's 3,000-file cap", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ filename: `shop/generated/m${String(i).padStart(4, "0")}.py`, status: "added", patch: "@@ -0,0 +1 @@\n+X = 1" }));
    // GitHub still announces a next page at the cap; djperf does not ask for it.
    const mock = new GitHubMock().pullFiles(PR, many, true);
    const { files, diagnostics } = await sourceOn(mock).changedFiles(PR);
    mock.expectDone();
    expect(mock.count("GET", /\/files\?/)).toBe(30);
    expect(files).toHaveLength(3000);
    expect(diagnostics).toEqual([expect.objectContaining({ kind: "skipped", message: expect.stringContaining("only the first 3,000 files") })]);
  });
});

describe("GitHubSource: tree and blobs", () => {
  it("lists files from one recursive tree call and reads them with one batched GraphQL query", async () => {
    const repo = new FakeRepo(HEAD_SHA, shopHead());
    const mock = new GitHubMock().tree(repo).blobs(repo);
    const source = sourceOn(mock);
    const paths = await source.listFiles();
    expect(paths).toContain("shop/views.py");
    expect(paths).not.toContain("shop"); // directories are not files
    const read = await source.readFiles(["shop/models.py", "shop/static/shop/logo.png", "shop/missing.py"]);
    mock.expectDone();
    expect(text(read.get("shop/models.py"))).toContain("class Order(models.Model):");
    expect(read.get("shop/static/shop/logo.png")).toEqual({ ok: false, reason: "skipped: binary file" });
    expect(read.get("shop/missing.py")).toEqual({ ok: false, reason: "skipped: not in commit 9f3c2a1b7e6d" });
    // Only paths present in the tree are looked up: the query asked for two blobs.
    expect(Object.keys((mock.requests.at(-1)!.body as { variables: object }).variables)).toEqual(["owner", "name", "e0", "e1"]);
  });

  it("skips symlinks, submodules and blobs over the size limit without downloading them", async () => {
    const mock = new GitHubMock();
    mock.scope.get(`/repos/acme/shop/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(200, payload("git-tree"));
    const source = sourceOn(mock, { maxFileBytes: 600 });
    const read = await source.readFiles(["shop/settings.py", "vendor/payments-sdk", "manage.py", "shop/views.py"]);
    mock.expectDone(); // no GraphQL call at all
    expect(Object.fromEntries([...read].map(([p, c]) => [p, c.ok ? "ok" : c.reason]))).toEqual({
      "shop/settings.py": "skipped: symlink",
      "vendor/payments-sdk": "skipped: submodule",
      "manage.py": "skipped: 662 bytes is over the 600 byte limit (analysis.max_file_bytes)",
      "shop/views.py": "skipped: 734 bytes is over the 600 byte limit (analysis.max_file_bytes)",
    });
  });

  it("gives blob ids from the tree listing alone (one request), for the files readFiles would download", async () => {
    const mock = new GitHubMock();
    mock.scope.get(`/repos/acme/shop/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(200, payload("git-tree"));
    const source = sourceOn(mock, { maxFileBytes: 700 });
    const ids = await source.blobIds(["shop/settings.py", "vendor/payments-sdk", "manage.py", "shop/views.py", "shop/missing.py"]);
    await source.listFiles();
    mock.expectDone(); // the tree, once; no GraphQL call
    expect(mock.requests).toHaveLength(1);
    // Symlinks, submodules, files over the limit and paths not in the tree have none: they are never read.
    const tree = (payload("git-tree") as { tree: { path: string; sha: string }[] }).tree;
    expect(Object.fromEntries(ids)).toEqual({ "manage.py": tree.find((e) => e.path === "manage.py")!.sha });
  });

  it("falls back to git.getBlob for text GraphQL would not inline", async () => {
    const big = `# generated\n${"VALUES = [1, 2, 3]\n".repeat(40)}`;
    const repo = new FakeRepo(HEAD_SHA, { "shop/fixtures_data.py": big, "shop/models.py": "from django.db import models\n" }, 200);
    const mock = new GitHubMock().tree(repo).blobs(repo).restBlob(repo, gitBlobSha(new TextEncoder().encode(big)));
    const read = await sourceOn(mock).readFiles(["shop/fixtures_data.py", "shop/models.py"]);
    mock.expectDone();
    expect(text(read.get("shop/fixtures_data.py"))).toBe(big);
    expect(text(read.get("shop/models.py"))).toBe("from django.db import models\n");
  });

  it("batches 100 lookups per query, fetches each content once and serves repeats from the blob cache", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 230; i++) files[`shop/m${String(i).padStart(3, "0")}.py`] = `X = ${i % 200}\n`; // 30 duplicate contents
    const repo = new FakeRepo(HEAD_SHA, files);
    const cache = new BlobCache();
    const mock = new GitHubMock().tree(repo).blobs(repo, 2);
    const read = await sourceOn(mock, { cache }).readFiles(Object.keys(files));
    mock.expectDone();
    expect(read.size).toBe(230);
    expect(text(read.get("shop/m229.py"))).toBe("X = 29\n");
    const lookups = mock.requests.filter((r) => r.path === "/graphql").map((r) => Object.keys((r.body as { variables: object }).variables).length - 2);
    expect(lookups).toEqual([100, 100]); // 200 distinct contents

    // A second source on a later commit with the same blobs: only the tree is fetched.
    nock.cleanAll();
    const again = new GitHubMock().tree(repo);
    const reread = await sourceOn(again, { cache }).readFiles(Object.keys(files));
    again.expectDone();
    expect(reread.size).toBe(230);
    expect(cache.hits).toBeGreaterThanOrEqual(230);
  });

  it("walks a truncated tree: the root flat, subtrees recursively, a still-truncated subtree flat again", async () => {
    const repo = new FakeRepo(HEAD_SHA, {
      "manage.py": "",
      "shop/models.py": "",
      "shop/views/orders.py": "",
      "shop/views/customers.py": "",
      "config/settings.py": "",
      "node_modules/left-pad/index.js": "",
    });
    const mock = new GitHubMock();
    const tree = (sha: string, recursive: boolean) => mock.scope.get(`/repos/acme/shop/git/trees/${sha}`).query(recursive ? { recursive: "1" } : {});
    tree(HEAD_SHA, true).reply(200, repo.treeResponse(repo.treeEntries().slice(0, 2), true));
    tree(HEAD_SHA, false).reply(200, repo.treeResponse(repo.directoryEntries("")));
    tree(repo.treeSha("config"), true).reply(200, repo.treeResponse(repo.treeEntries("config/"), false, repo.treeSha("config")));
    tree(repo.treeSha("shop"), true).reply(200, repo.treeResponse(repo.treeEntries("shop/").slice(0, 1), true, repo.treeSha("shop")));
    tree(repo.treeSha("shop"), false).reply(200, repo.treeResponse(repo.directoryEntries("shop"), false, repo.treeSha("shop")));
    tree(repo.treeSha("shop/views"), true).reply(200, repo.treeResponse(repo.treeEntries("shop/views/"), false, repo.treeSha("shop/views")));
    const paths = await sourceOn(mock).listFiles();
    mock.expectDone(); // node_modules is never walked
    expect(paths.sort()).toEqual(["config/settings.py", "manage.py", "shop/models.py", "shop/views/customers.py", "shop/views/orders.py"]);
  });
});
