/**
 * GitHub's REST and GraphQL API mocked with nock 14 (it intercepts Octokit's native fetch). Every
 * request is recorded for the snapshot; a request nobody mocked, or a mock nobody used, fails the test
 * (see `assertDone`).
 */
import nock from "nock";
import { stringify } from "yaml";

export const API = "https://api.github.com";

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Replier = Reply | ((body: unknown, path: string) => Reply);

export class GitHubMock {
  readonly requests: RecordedRequest[] = [];
  readonly unmatched: string[] = [];
  readonly #scope = nock(API);
  readonly #onNoMatch = (req: { method?: string; path?: string; href?: string }) => {
    this.unmatched.push(`${req.method ?? "?"} ${req.path ?? req.href ?? "?"}`);
  };

  constructor() {
    nock.disableNetConnect();
    nock.emitter.on("no match", this.#onNoMatch);
  }

  /**
   * Answers `method path` (query string ignored when the path has none) `times` times; an `optional`
   * mock may go unused.
   */
  on(method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", path: string, reply: Replier, times = 1, optional = false): this {
    const interceptor = this.#scope.intercept(path, method);
    if (!path.includes("?")) interceptor.query(true);
    if (optional) interceptor.optionally();
    interceptor.times(times).reply((uri, body) => {
      const parsed = parseBody(body);
      this.requests.push({ method, path: uri, ...(parsed !== undefined ? { body: parsed } : {}) });
      const r = typeof reply === "function" ? reply(parsed, uri) : reply;
      return [r.status, (r.body ?? "") as nock.Body, { "content-type": "application/json; charset=utf-8", ...r.headers }];
    });
    return this;
  }

  /** Fails `method path` `times` times without an HTTP answer (a reset connection; not recorded). */
  fail(method: "GET" | "POST" | "PATCH", path: string, code: string, times = 1): this {
    const interceptor = this.#scope.intercept(path, method);
    if (!path.includes("?")) interceptor.query(true);
    interceptor.times(times).replyWithError(Object.assign(new Error(`socket hang up (${code})`), { code }));
    return this;
  }

  /** Answers `method path` only after `ms` milliseconds (a connection that hangs), `times` times. */
  slow(method: "GET" | "POST" | "PATCH", path: string, ms: number, reply: Reply, times = 1): this {
    const interceptor = this.#scope.intercept(path, method);
    if (!path.includes("?")) interceptor.query(true);
    interceptor.times(times).delay(ms).reply((uri, body) => {
      const parsed = parseBody(body);
      this.requests.push({ method, path: uri, ...(parsed !== undefined ? { body: parsed } : {}) });
      return [reply.status, (reply.body ?? "") as nock.Body, { "content-type": "application/json; charset=utf-8", ...reply.headers }];
    });
    return this;
  }

  /** Drops the mocks a faulty run did not reach; fails on requests nobody mocked. */
  release(): void {
    nock.emitter.removeListener("no match", this.#onNoMatch);
    nock.cleanAll();
    if (this.unmatched.length > 0) throw new Error(`requests nobody mocked:\n${this.unmatched.join("\n")}`);
  }

  /** The installation token request Probot makes before a job's first call. */
  installationToken(installationId = 4242): this {
    return this.on("POST", `/app/installations/${installationId}/access_tokens`, {
      status: 201,
      body: { token: "ghs_test_installation_token", expires_at: "2099-01-01T00:00:00Z", permissions: { checks: "write", pull_requests: "write" }, repository_selection: "all" },
    });
  }

  /** `GET /app` (with the App's JWT): djperf's bot user is `<slug>[bot]`, asked once per process. */
  app(slug = "djperf"): this {
    return this.on("GET", "/app", { status: 200, body: { id: 123, slug, name: slug, owner: { login: "acme" } } });
  }

  /** Probot's context.config: the repository's `.github/djperf.yml` (YAML text), else the org's `.github` repository. */
  config(yamlText: string | undefined, repo = "acme/shop"): this {
    const path = `/repos/${repo}/contents/.github%2Fdjperf.yml`;
    if (yamlText !== undefined) return this.on("GET", path, { status: 200, body: yamlText, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } });
    const owner = repo.split("/")[0]!;
    return this.on("GET", path, notFound()).on("GET", `/repos/${owner}/.github/contents/.github%2Fdjperf.yml`, notFound());
  }

  /** Fails the test on unmocked requests and on mocks that were never requested. */
  assertDone(): void {
    nock.emitter.removeListener("no match", this.#onNoMatch);
    const pending = this.#scope.pendingMocks();
    nock.cleanAll();
    if (this.unmatched.length > 0) throw new Error(`requests nobody mocked:\n${this.unmatched.join("\n")}`);
    if (pending.length > 0) throw new Error(`mocked requests that never came:\n${pending.join("\n")}`);
  }

  /** The recorded requests as YAML: multi-line bodies (markdown) stay readable in the snapshot file. */
  transcript(): string {
    const readable = this.requests.map((r) => ({ request: `${r.method} ${r.path}`, ...(r.body !== undefined ? { body: readableBody(r.body) } : {}) }));
    return stringify(readable, { lineWidth: 0, blockQuote: "literal" });
  }
}

export function notFound(): Reply {
  return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
}

function parseBody(body: nock.Body): unknown {
  if (body === "" || body === undefined) return undefined;
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** GraphQL documents are long and fixed: the snapshot keeps their first line and the variables. */
function readableBody(body: unknown): unknown {
  if (typeof body === "object" && body !== null && "query" in body && typeof body.query === "string") {
    return { ...body, query: body.query.split("\n")[0] };
  }
  return body;
}
