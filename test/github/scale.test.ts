/**
 * GitHub calls per review, counted (issue 4's budget): ≤ 1 listFiles page per 100 files, blob
 * fetches batched 100 per GraphQL query, check create + complete + ⌈annotations/50⌉ − 1 updates, one
 * review, one comment listing. Also the caps: ≤ max_comments inline comments, annotations in 50s,
 * a summary under GitHub's limit.
 */
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runReview } from "../../src/pipeline/run-review.js";
import { SUMMARY_LIMIT } from "../../src/report/check-run.js";
import { FakeRepo } from "./helpers/fake-repo.js";
import { bigPr, type Pr } from "./helpers/big-pr.js";
import { GitHubMock, type RecordedRequest } from "./helpers/github-mock.js";
import { bodyOf, job, reviewDeps } from "./helpers/run.js";
import { CHECK_RUN_ID, HEAD_SHA, PR } from "./helpers/shop.js";

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

interface Counts {
  total: number;
  listFilesPages: number;
  trees: number;
  blobQueries: number;
  restBlobs: number;
  checkCreates: number;
  checkUpdates: number;
  reviews: number;
  commentListings: number;
  annotations: number;
}

function countCalls(mock: GitHubMock): Counts {
  const graphql = mock.requests.filter((r) => r.path === "/graphql");
  const patches = mock.requests.filter((r) => r.method === "PATCH");
  return {
    total: mock.requests.length,
    listFilesPages: mock.count("GET", /\/pulls\/42\/files\?/),
    trees: mock.count("GET", /\/git\/trees\//),
    blobQueries: graphql.filter((r) => JSON.stringify(r.body).includes("djperfBlobs")).length,
    restBlobs: mock.count("GET", /\/git\/blobs\//),
    checkCreates: mock.count("POST", /\/check-runs$/),
    checkUpdates: patches.length,
    reviews: mock.count("POST", /\/pulls\/42\/reviews$/),
    commentListings: mock.count("GET", /\/pulls\/42\/comments\?/),
    annotations: patches.reduce((n, r) => n + ((r.body as { output?: { annotations?: unknown[] } }).output?.annotations?.length ?? 0), 0),
  };
}

function mockFor(pr: Pr, blobQueries: number, patches: number): GitHubMock {
  const repo = new FakeRepo(HEAD_SHA, pr.head);
  return new GitHubMock()
    .createCheckRun(CHECK_RUN_ID)
    .pullFiles(PR, pr.files)
    .tree(repo)
    .blobs(repo, blobQueries)
    .reviewComments(PR, [])
    .createReview(PR)
    .completeCheckRun(CHECK_RUN_ID, patches);
}

describe("GitHub calls per review", () => {
  it("a 40-file pull request costs 8 calls", async () => {
    const pr = bigPr(34, 0, 3, { "shop/migrations/0007_invoice_total.py": "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"0006_invoice\")]\n    operations = []\n", "requirements/prod.txt": "gunicorn==23.0.0\n" });
    expect(pr.files).toHaveLength(40);
    const mock = mockFor(pr, 1, 2);
    const outcome = await runReview(job(), reviewDeps(mock).deps);
    mock.expectDone();

    const counts = countCalls(mock);
    expect(outcome).toMatchObject({ findings: 34 * 3 + 4, commentsPosted: 30 });
    expect(counts).toEqual({
      total: 8,
      listFilesPages: 1, // ⌈40 / 100⌉
      trees: 1,
      blobQueries: 1, // 36 changed .py + 7 index files (models, apps, the package __init__, settings, manage.py, 2 requirements) ≤ 100
      restBlobs: 0,
      checkCreates: 1,
      checkUpdates: 2, // complete + ⌈76 / 50⌉ − 1
      reviews: 1,
      commentListings: 1,
      annotations: 76, // 106 in scope − 30 inline
    });
    expect(counts.checkUpdates).toBe(1 + Math.ceil(counts.annotations / 50) - 1);
    const blobQuery = mock.requests.find((r) => r.path === "/graphql")!.body as { variables: Record<string, string> };
    expect(Object.keys(blobQuery.variables).filter((k) => /^e\d+$/.test(k))).toHaveLength(43);
    await expect(mock.transcript()).toMatchFileSnapshot("__snapshots__/forty-file-pr.requests.yml");
  });

  it("a 400-file pull request with 120 findings: caps and batching", async () => {
    const pr = bigPr(40, 341, 19, {}, false); // 40 report views × 3 findings
    expect(pr.files).toHaveLength(400);
    const mock = mockFor(pr, 4, 2);
    const outcome = await runReview(job(), reviewDeps(mock).deps);
    mock.expectDone();

    const counts = countCalls(mock);
    expect(outcome).toMatchObject({ findings: 120, commentsPosted: 30 });
    expect(counts).toMatchObject({ listFilesPages: 4, trees: 1, blobQueries: 4, checkCreates: 1, checkUpdates: 2, reviews: 1, commentListings: 1, annotations: 90 });
    const review = bodyOf(mock, "POST", /\/reviews$/) as { comments: unknown[]; body: string };
    expect(review.comments).toHaveLength(30);
    expect(review.body).toContain("90 more findings are listed in the **djperf** check run, 90 of them over the limit of 30 comments.");
    const patches = mock.requests.filter((r) => r.method === "PATCH").map((r) => r.body as { output: { summary: string; annotations?: unknown[] } });
    expect(patches.map((p) => p.output.annotations?.length)).toEqual([50, 40]);
    for (const p of patches) expect(p.output.summary.length).toBeLessThan(SUMMARY_LIMIT);
    expect(patches[0]!.output.summary).toContain("90 findings over the limit of 30 inline comments are listed below instead.");
    await expect(mock.transcript(compact)).toMatchFileSnapshot("__snapshots__/four-hundred-file-pr.requests.yml");
  });
});

/** Keeps the 400-file transcript readable: lookups, annotations and comment bodies are summarised. */
function compact(request: RecordedRequest): RecordedRequest {
  const body = request.body as Record<string, unknown> | undefined;
  if (!body) return request;
  if (typeof body.query === "string" && body.query.includes("djperfBlobs")) {
    const expressions = Object.entries(body.variables as Record<string, string>).filter(([k]) => /^e\d+$/.test(k)).map(([, v]) => v);
    return { ...request, body: { query: `djperfBlobs with ${expressions.length} lookups`, first: expressions[0], last: expressions.at(-1) } };
  }
  if (Array.isArray(body.comments)) {
    const comments = (body.comments as { path: string; line: number; body: string }[]).map((c) => `${c.path}:${c.line} ${c.body.split("\n")[0]}`);
    return { ...request, body: { ...body, comments } };
  }
  const output = body.output as { annotations?: { path: string; start_line: number; title: string }[] } | undefined;
  if (output?.annotations) {
    return { ...request, body: { ...body, output: { ...output, annotations: output.annotations.map((a) => `${a.path}:${a.start_line} ${a.title}`) } } };
  }
  return request;
}
