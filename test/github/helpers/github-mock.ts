/**
 * nock-backed GitHub for the GitHub-layer tests. Every request is recorded (method, path with query,
 * JSON body) so tests can count calls and snapshot what djperf sends; requests nothing was mocked
 * for are collected and fail `expectDone`, as do mocks nothing used.
 */
import nock from "nock";
import { Octokit } from "@octokit/rest";
import { stringify } from "yaml";
import { expect } from "vitest";
import { fakeSha, type FakeRepo } from "./fake-repo.js";
import { checkRunPayload, payload, reviewPayload } from "./payloads.js";

export const API = "https://api.github.com";

export interface RecordedRequest {
  method: string;
  /** Path with query string, relative to the API root. */
  path: string;
  body?: unknown;
}

export interface PullFileSpec {
  filename: string;
  status?: string;
  patch?: string;
  previous_filename?: string;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export class GitHubMock {
  readonly requests: RecordedRequest[] = [];
  readonly unmatched: string[] = [];
  readonly scope: nock.Scope;
  private readonly onNoMatch = (req: { method?: string; path?: string; href?: string }) => this.unmatched.push(`${req.method} ${req.href ?? req.path}`);

  constructor(
    readonly base: string = API,
    /** Path of the GraphQL endpoint on this host (`/graphql`, or `/api/graphql` on GHE). */
    readonly graphqlPath = "/graphql",
  ) {
    this.scope = nock(base);
    const prefix = new URL(base).pathname.replace(/\/$/, "");
    this.scope.on("request", (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
      const path = req.path.startsWith(prefix) ? req.path.slice(prefix.length) : req.path;
      this.requests.push({ method: req.method, path, ...(body ? { body: parseBody(body) } : {}) });
    });
    nock.emitter.on("no match", this.onNoMatch);
  }

  octokit(): Octokit {
    return new Octokit({ auth: "test", baseUrl: this.base, request: { retries: 0 }, log: { debug() {}, info() {}, warn() {}, error() {} } });
  }

  // ── pull requests ──

  /**
   * `pulls.listFiles`, 100 per page with Link headers, as GitHub pages it. `beyondCap`: the PR has more
   * than 3,000 files, so GitHub's 30th page still links a next page it will not serve.
   */
  pullFiles(pr: number, files: readonly PullFileSpec[], beyondCap = false): this {
    const template = payload<Record<string, unknown>[]>("pull-files")[0]!;
    const full = files.map((f) => {
      const { patch: _p, previous_filename: _pf, ...rest } = template;
      return { ...rest, status: "modified", ...f, sha: fakeSha(`pull-file:${f.filename}`) };
    });
    const pages = Math.max(1, Math.ceil(Math.min(full.length, 3000) / 100));
    const path = `/repos/acme/shop/pulls/${pr}/files`;
    for (let page = 1; page <= pages; page++) {
      const link = page < pages || beyondCap ? { link: `<${this.base}${path}?per_page=100&page=${page + 1}>; rel="next", <${this.base}${path}?per_page=100&page=${pages}>; rel="last"` } : undefined;
      this.scope.get(path).query({ per_page: "100", page: String(page) }).reply(200, full.slice((page - 1) * 100, page * 100), link);
    }
    return this;
  }

  // ── git data ──

  tree(repo: FakeRepo): this {
    this.scope.get(`/repos/acme/shop/git/trees/${repo.headSha}`).query({ recursive: "1" }).reply(200, repo.treeResponse(repo.treeEntries()));
    return this;
  }

  /** Answers `queries` GraphQL blob lookups from the fake repository. */
  blobs(repo: FakeRepo, queries = 1): this {
    this.scope
      .post(this.graphqlPath, (body: { query?: string }) => body.query?.includes("djperfBlobs") === true)
      .times(queries)
      .reply(200, (_uri, body) => {
        const variables = (body as { variables: Record<string, string> }).variables;
        const repository: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(variables)) if (/^e\d+$/.test(name)) repository[`b${name.slice(1)}`] = repo.lookup(value);
        return { data: { repository } };
      });
    return this;
  }

  restBlob(repo: FakeRepo, sha: string): this {
    const blob = repo.bySha(sha)!;
    this.scope.get(`/repos/acme/shop/git/blobs/${sha}`).reply(200, { ...payload("git-blob"), sha, size: blob.bytes.byteLength, content: Buffer.from(blob.bytes).toString("base64") });
    return this;
  }

  // ── checks ──

  createCheckRun(id: number, reply: Reply = { status: 201 }): this {
    this.scope.post("/repos/acme/shop/check-runs").reply(reply.status, reply.body ?? checkRunPayload(id));
    return this;
  }

  /** One PATCH per reply, in order (the completion first, then annotation batches). */
  updateCheckRun(id: number, replies: readonly Reply[]): this {
    for (const reply of replies) {
      this.scope
        .patch(`/repos/acme/shop/check-runs/${id}`)
        .reply(reply.status, (_uri, body) => reply.body ?? checkRunPayload(id, { status: (body as { status?: string }).status ?? "completed", conclusion: (body as { conclusion?: string }).conclusion ?? "success" }), reply.headers);
    }
    return this;
  }

  completeCheckRun(id: number, updates = 1): this {
    return this.updateCheckRun(id, Array.from({ length: updates }, () => ({ status: 200 })));
  }

  // ── reviews ──

  reviewComments(pr: number, comments: readonly unknown[]): this {
    this.scope.get(`/repos/acme/shop/pulls/${pr}/comments`).query({ per_page: "100", page: "1" }).reply(200, comments as object[]);
    return this;
  }

  createReview(pr: number, replies: readonly Reply[] = [{ status: 200 }], reviewId = 2712345678): this {
    for (const reply of replies) {
      this.scope.post(`/repos/acme/shop/pulls/${pr}/reviews`).reply(reply.status, (_uri, body) => reply.body ?? reviewPayload(reviewId, { body: (body as { body: string }).body }), reply.headers);
    }
    return this;
  }

  graphql(operation: string, reply: unknown): this {
    this.scope.post(this.graphqlPath, (body: { query?: string }) => body.query?.includes(operation) === true).reply(200, reply as object);
    return this;
  }

  // ── assertions ──

  count(method: string, pattern: RegExp): number {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path)).length;
  }

  /** Every mock used, nothing unmocked asked for. */
  expectDone(): void {
    nock.emitter.removeListener("no match", this.onNoMatch);
    expect(this.unmatched).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
    expect(nock.isDone()).toBe(true);
  }

  /** The requests as YAML: markdown bodies as literal blocks, so a reviewer reads what GitHub got. */
  transcript(compact?: (request: RecordedRequest) => RecordedRequest): string {
    const list = this.requests.map((r) => (compact ? compact(r) : r)).map((r) => ({ request: `${r.method} ${r.path}`, ...(r.body !== undefined ? { body: r.body } : {}) }));
    return stringify(list, { lineWidth: 0, blockQuote: "literal" });
  }
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
