/**
 * A stateful GitHub for burst tests, served through nock 14 (persisted interceptors): pull requests
 * of acme/shop whose head moves as pushes arrive, check runs that keep their status, reviews whose
 * comments later runs see. Push k of a pull request adds `shop/views_k.py` (a loop with a print, one
 * finding each), so every head has a finding no earlier head had.
 */
import nock from "nock";
import { gitBlobSha, newFilePatch } from "../../webhooks/support/pull-request-repo.js";
import { MODELS, VIEWS } from "../../webhooks/support/scenarios.js";

const API = "https://api.github.com";
const REPO = "/repos/acme/shop";
const BOT = { login: "djperf[bot]", id: 9001, type: "Bot" };

export interface CheckRun {
  id: number;
  headSha: string;
  externalId: string;
  status: string;
  conclusion?: string;
  title?: string;
}

export interface Review {
  pr: number;
  commitId: string;
  comments: { path: string; line: number; body: string }[];
}

interface PullRequest {
  head: string;
  /** Head sha -> its files. */
  files: Map<string, Record<string, string>>;
  comments: { id: number; node_id: string; path: string; line: number; body: string; user: typeof BOT; commit_id: string }[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class FakeGitHub {
  readonly checkRuns = new Map<number, CheckRun>();
  readonly reviews: Review[] = [];
  readonly unmatched: string[] = [];
  requests = 0;
  readonly #prs = new Map<number, PullRequest>();
  #nextId = 1000;
  readonly #onNoMatch = (req: { method?: string; path?: string }) => this.unmatched.push(`${req.method} ${req.path}`);

  constructor() {
    nock.disableNetConnect();
    nock.emitter.on("no match", this.#onNoMatch);
    const scope = nock(API).persist();
    const json = (status: number, body: unknown) => [status, body as nock.Body, { "content-type": "application/json; charset=utf-8" }] as const;
    const count = () => void this.requests++;
    scope.post(/^\/app\/installations\/\d+\/access_tokens$/).reply(() => (count(), json(201, { token: "ghs_burst", expires_at: "2099-01-01T00:00:00Z" })));
    scope.get(/\/contents\/\.github%2Fdjperf\.yml/).reply(() => (count(), json(404, { message: "Not Found" })));
    scope.post(`${REPO}/check-runs`).reply((_uri, body) => {
      count();
      const b = body as Json;
      const run: CheckRun = { id: this.#nextId++, headSha: b.head_sha, externalId: b.external_id, status: b.status ?? "queued" };
      this.checkRuns.set(run.id, run);
      return json(201, this.#checkRunJson(run));
    });
    scope.patch(new RegExp(`^${REPO}/check-runs/\\d+$`)).reply((uri, body) => {
      count();
      const run = this.checkRuns.get(Number(uri.split("/").at(-1)));
      if (!run) return json(404, { message: "Not Found" });
      const b = body as Json;
      if (b.status) run.status = b.status;
      if (b.conclusion) run.conclusion = b.conclusion;
      if (b.output?.title) run.title = b.output.title;
      return json(200, this.#checkRunJson(run));
    });
    scope.get(new RegExp(`^${REPO}/pulls/\\d+/files`)).reply((uri) => {
      count();
      const pr = this.#pr(uri);
      const files = pr.files.get(pr.head)!;
      const changed = Object.entries(files).filter(([path]) => path.startsWith("shop/views_"));
      return json(
        200,
        changed.map(([filename, text]) => ({ sha: gitBlobSha(text), filename, status: "added", additions: 1, deletions: 0, changes: 1, patch: newFilePatch(text), blob_url: `https://github.com/acme/shop/blob/${pr.head}/${filename}`, raw_url: `https://github.com/acme/shop/raw/${pr.head}/${filename}`, contents_url: `${API}${REPO}/contents/${filename}?ref=${pr.head}` })),
      );
    });
    scope.get(new RegExp(`^${REPO}/git/trees/[0-9a-f]{40}`)).reply((uri) => {
      count();
      const sha = /trees\/([0-9a-f]{40})/.exec(uri)![1]!;
      const files = this.#filesAt(sha);
      if (!files) return json(404, { message: "Not Found" });
      const tree = Object.entries(files).map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: gitBlobSha(text), size: Buffer.byteLength(text), url: `${API}${REPO}/git/blobs/${gitBlobSha(text)}` }));
      return json(200, { sha, url: `${API}${REPO}/git/trees/${sha}`, tree, truncated: false });
    });
    scope.post("/graphql").reply((_uri, body) => {
      count();
      const variables = ((body as Json).variables ?? {}) as Record<string, unknown>;
      const repository: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(variables)) {
        const alias = /^e(\d+)$/.exec(name);
        if (!alias || typeof value !== "string") continue;
        const [commit, path] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
        const text = this.#filesAt(commit)?.[path];
        repository[`b${alias[1]}`] = text === undefined ? null : { oid: gitBlobSha(text), byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
      }
      return json(200, { data: { repository } });
    });
    // The head check before a review posts (a late job for an old commit posts nothing), and the App's slug.
    scope.get(new RegExp(`^${REPO}/pulls/\\d+$`)).reply((uri) => {
      count();
      const number = Number(/pulls\/(\d+)/.exec(uri)![1]);
      const head = this.#prs.get(number)!.head;
      return json(200, { number, state: "open", draft: false, head: { sha: head, ref: "feature", repo: { full_name: "acme/shop", fork: false } }, base: { sha: "b".repeat(40), ref: "main" } });
    });
    scope.get("/app").reply(() => (count(), json(200, { id: 123, slug: BOT.login.replace(/\[bot\]$/, "") })));
    scope.get(new RegExp(`^${REPO}/pulls/\\d+/comments`)).reply((uri) => (count(), json(200, this.#pr(uri).comments)));
    scope.post(new RegExp(`^${REPO}/pulls/\\d+/reviews$`)).reply((uri, body) => {
      count();
      const b = body as Json;
      const number = Number(/pulls\/(\d+)/.exec(uri)![1]);
      const pr = this.#prs.get(number)!;
      const comments = (b.comments ?? []) as Review["comments"];
      this.reviews.push({ pr: number, commitId: b.commit_id, comments });
      for (const c of comments) pr.comments.push({ id: this.#nextId++, node_id: `PRRC_${this.#nextId}`, path: c.path, line: c.line, body: c.body, user: BOT, commit_id: b.commit_id });
      const id = this.#nextId++;
      return json(200, { id, node_id: `PRR_${id}`, body: b.body ?? "", commit_id: b.commit_id, state: "COMMENTED", html_url: `https://github.com/acme/shop/pull/${number}#pullrequestreview-${id}`, user: BOT });
    });
  }

  /** Push number `k` (0 opens the pull request) moves the head to `sha`. */
  push(pr: number, k: number, sha: string): void {
    const state = this.#prs.get(pr) ?? { head: sha, files: new Map(), comments: [] };
    const previous = k === 0 ? { "shop/models.py": MODELS } : state.files.get(state.head)!;
    state.files.set(sha, { ...previous, [`shop/views_${k}.py`]: VIEWS });
    state.head = sha;
    this.#prs.set(pr, state);
  }

  head(pr: number): string {
    return this.#prs.get(pr)!.head;
  }

  commentsOf(pr: number): PullRequest["comments"] {
    return this.#prs.get(pr)!.comments;
  }

  done(): void {
    nock.emitter.removeListener("no match", this.#onNoMatch);
    nock.cleanAll();
    nock.enableNetConnect();
  }

  #pr(uri: string): PullRequest {
    return this.#prs.get(Number(/pulls\/(\d+)/.exec(uri)![1]))!;
  }

  #filesAt(sha: string): Record<string, string> | undefined {
    for (const pr of this.#prs.values()) {
      const files = pr.files.get(sha);
      if (files) return files;
    }
    return undefined;
  }

  #checkRunJson(run: CheckRun): object {
    return { id: run.id, node_id: `CR_${run.id}`, name: "djperf", head_sha: run.headSha, external_id: run.externalId, status: run.status, conclusion: run.conclusion ?? null, html_url: `https://github.com/acme/shop/runs/${run.id}` };
  }
}
