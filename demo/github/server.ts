/**
 * A local stand-in for api.github.com (or a GitHub Enterprise host): REST under `/` and `/api/v3`,
 * GraphQL at `/graphql` and `/api/graphql`, answered from a real git repository. It authenticates the
 * App (JWT → installation token → permissions), validates every body the App sends, rejects what
 * GitHub would reject with GitHub's status and message, and records everything for inspection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AppAuth, requirePermission } from "./auth.js";
import type { SimContext } from "./context.js";
import { GitData } from "./git-data.js";
import { executeGraphql } from "./graphql/execute.js";
import { githubSchema, ObjectLoader } from "./graphql/github-schema.js";
import { HttpError, matchRoute, type Route, type SimRequest, type SimResponse } from "./http.js";
import { appRoutes } from "./routes/app.js";
import { checkRoutes } from "./routes/checks.js";
import { contentRoutes } from "./routes/contents.js";
import { issueRoutes } from "./routes/issues.js";
import { pullJson, pullRoutes } from "./routes/pulls.js";
import { reviewRoutes } from "./routes/reviews.js";
import { Shapes } from "./shapes.js";
import { Store, type IssueCommentRecord, type PullRequestRecord, type SimulatedWorld } from "./store.js";
import { DOCS_URLS, graphqlRequest } from "./validate.js";
import { deliverWebhook, issueOfPull, webhookEnvelope, type WebhookDelivery } from "./webhooks.js";

export const DEFAULT_WORLD: SimulatedWorld = {
  owner: "acme",
  ownerType: "Organization",
  repo: "shop",
  repoId: 81_234_567,
  defaultBranch: "main",
  installationId: 4242,
  app: { id: 314_159, slug: "djperf", name: "djperf" },
  permissions: { checks: "write", pull_requests: "write", issues: "write", contents: "read", metadata: "read" },
  collaborators: { mona: "write", hubot: "read" },
};

export interface SimulatedGitHubOptions {
  /** The git repository to serve (a work tree or a bare repository). */
  repoDir: string;
  /** PEM public key of the App: the JWTs the App signs are checked with it. */
  appPublicKey: string;
  world?: Partial<SimulatedWorld>;
  now?: () => Date;
}

export interface OpenPullRequest {
  title: string;
  body?: string;
  author?: string;
  base: string;
  head: string;
  draft?: boolean;
  number?: number;
}

const GRAPHQL_PATHS = new Set(["/graphql", "/api/graphql"]);
const ENTERPRISE_PREFIX = "/api/v3";

export class SimulatedGitHub {
  readonly store = new Store();
  readonly world: SimulatedWorld;
  private server: Server | undefined;
  private ctx!: SimContext;
  private routes: Route[] = [];
  private auth!: AppAuth;
  private readonly schema = githubSchema();

  private constructor(
    private readonly options: SimulatedGitHubOptions,
    readonly git: GitData,
  ) {
    this.world = { ...DEFAULT_WORLD, ...options.world };
  }

  /** Opens the repository and listens on 127.0.0.1 at a free port. */
  static async start(options: SimulatedGitHubOptions): Promise<SimulatedGitHub> {
    const github = new SimulatedGitHub(options, await GitData.open(options.repoDir));
    await github.listen();
    return github;
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const now = this.options.now ?? (() => new Date());
    this.ctx = { world: this.world, git: this.git, store: this.store, shapes: new Shapes(this.world, { api: `http://127.0.0.1:${port}${ENTERPRISE_PREFIX}`, html: `http://127.0.0.1:${port}` }), now };
    this.auth = new AppAuth(this.world.app.id, this.options.appPublicKey, () => now().getTime());
    this.routes = [...appRoutes(this.ctx, this.auth), ...contentRoutes(this.ctx), ...pullRoutes(this.ctx), ...reviewRoutes(this.ctx), ...checkRoutes(this.ctx), ...issueRoutes(this.ctx)];
  }

  /** `http://127.0.0.1:<port>`: the host, as GHE_HOST would name it. */
  get origin(): string {
    return this.ctx.shapes.urls.html;
  }

  /** REST base URL in GitHub Enterprise form (`<origin>/api/v3`); Octokit derives `<origin>/api/graphql` from it. */
  get baseUrl(): string {
    return this.ctx.shapes.urls.api;
  }

  get shapes(): Shapes {
    return this.ctx.shapes;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Opens a pull request from `head` into `base` (branch names); both are resolved to commits now. */
  async openPullRequest(input: OpenPullRequest): Promise<PullRequestRecord> {
    const [baseSha, headSha] = await Promise.all([this.git.resolveCommit(input.base), this.git.resolveCommit(input.head)]);
    if (!baseSha || !headSha) throw new Error(`cannot open a pull request: unknown branch ${baseSha ? input.head : input.base}`);
    const now = this.ctx.now().toISOString().replace(/\.\d{3}Z$/, "Z");
    const number = input.number ?? Math.max(0, ...this.store.pulls.keys()) + 1;
    const pull: PullRequestRecord = { number, title: input.title, body: input.body ?? "", author: input.author ?? "mona", baseRef: input.base, headRef: input.head, baseSha, headSha, draft: input.draft ?? false, state: "open", createdAt: now, updatedAt: now };
    this.store.pulls.set(number, pull);
    return pull;
  }

  /** The payload GitHub sends for `pull_request.<action>`. */
  async pullRequestPayload(number: number, action: string): Promise<Record<string, unknown>> {
    const pull = this.store.pulls.get(number);
    if (!pull) throw new Error(`no pull request #${number}`);
    const json = await pullJson(this.ctx, pull);
    return { action, number, pull_request: json, ...webhookEnvelope(this.ctx.shapes, this.world, pull.author) };
  }

  /** A person comments on the PR conversation; returns the `issue_comment.created` payload to deliver. */
  async userCommented(number: number, login: string, body: string): Promise<{ comment: IssueCommentRecord; payload: Record<string, unknown> }> {
    const pull = this.store.pulls.get(number);
    if (!pull) throw new Error(`no pull request #${number}`);
    const now = this.ctx.now().toISOString().replace(/\.\d{3}Z$/, "Z");
    const comment: IssueCommentRecord = { id: this.store.newId(), issueNumber: number, user: login, body, createdAt: now, updatedAt: now };
    this.store.issueComments.push(comment);
    const issue = issueOfPull(this.ctx.shapes, await pullJson(this.ctx, pull));
    return { comment, payload: { action: "created", issue, comment: this.ctx.shapes.issueComment(comment), ...webhookEnvelope(this.ctx.shapes, this.world, login) } };
  }

  /** Signs and POSTs a webhook to the App, as GitHub's hookshot does. */
  deliver(url: string, secret: string, event: string, payload: unknown): Promise<WebhookDelivery> {
    return deliverWebhook({ url, secret, event, payload, appId: this.world.app.id });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.store.inFlight++;
    const url = new URL(req.url ?? "/", this.origin);
    const method = req.method ?? "GET";
    const enterprise = url.pathname === ENTERPRISE_PREFIX || url.pathname.startsWith(`${ENTERPRISE_PREFIX}/`);
    const path = enterprise ? url.pathname.slice(ENTERPRISE_PREFIX.length) || "/" : url.pathname;
    let routeName = `${method} ${path}`;
    let parsedBody: unknown;
    let response: SimResponse;
    let unhandled = false;
    try {
      parsedBody = await readJson(req);
      if (method === "POST" && GRAPHQL_PATHS.has(url.pathname)) {
        routeName = "POST /graphql";
        response = await this.graphql(req, parsedBody);
      } else {
        const match = matchRoute(this.routes, method, path);
        if (!match) {
          unhandled = true;
          throw new HttpError(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
        }
        routeName = match.route.name;
        const simReq: SimRequest = { method, path, query: url.searchParams, headers: req.headers, params: match.params, body: parsedBody, auth: undefined, apiBase: `${this.origin}${enterprise ? ENTERPRISE_PREFIX : ""}` };
        this.authenticate(match.route, simReq);
        response = await match.route.handler(simReq);
      }
    } catch (error) {
      response = error instanceof HttpError ? { status: error.status, json: error.body } : { status: 500, json: { message: `simulated GitHub failed: ${error instanceof Error ? error.message : String(error)}` } };
    }
    this.store.record({ method, route: routeName, path: url.pathname + url.search, status: response.status, ...(parsedBody !== undefined ? { body: parsedBody } : {}), ...describeError(response), ...(unhandled ? { unhandled } : {}) });
    send(res, response);
    this.store.inFlight--;
  }

  private authenticate(route: Route, req: SimRequest): void {
    const authorization = req.headers.authorization;
    if (route.auth === "app") {
      this.auth.verifyAppJwt(authorization);
      return;
    }
    const token = this.auth.installationFor(authorization);
    requirePermission(token.permissions, route.auth);
    req.auth = { installationId: token.installationId, permissions: token.permissions };
  }

  private async graphql(req: IncomingMessage, body: unknown): Promise<SimResponse> {
    const token = this.auth.installationFor(req.headers.authorization);
    const parsed = graphqlRequest.safeParse(body);
    if (!parsed.success) return { status: 200, json: { errors: [{ message: "A query attribute must be specified and must be a string." }], documentation_url: DOCS_URLS.graphql } };
    const { query, variables, operationName } = parsed.data;
    const context = { sim: this.ctx, permissions: token.permissions, objects: new ObjectLoader(this.ctx) };
    const result = await executeGraphql(this.schema, query, variables ?? {}, operationName ?? undefined, context);
    return { status: 200, json: result };
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/rest", status: "400" });
  }
}

function describeError(response: SimResponse): { error?: string } {
  const body = response.json as { message?: unknown; errors?: unknown } | undefined;
  if (response.status >= 400) {
    const errors = Array.isArray(body?.errors) ? ` ${JSON.stringify(body.errors)}` : "";
    return { error: `${String(body?.message ?? response.status)}${errors}` };
  }
  if (body && Array.isArray(body.errors)) return { error: `GraphQL: ${body.errors.map((e: { message?: string }) => e.message).join("; ")}` };
  return {};
}

function send(res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = {
    "x-github-request-id": `SIM:${Date.now().toString(16)}`,
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-resource": "core",
    ...response.headers,
  };
  if (response.raw) {
    res.writeHead(response.status, { ...headers, "content-type": response.raw.contentType });
    res.end(response.raw.body);
  } else if (response.json !== undefined) {
    res.writeHead(response.status, { ...headers, "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(response.json));
  } else {
    res.writeHead(response.status, headers);
    res.end();
  }
}
