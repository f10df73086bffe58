/**
 * The demo, end to end and in process: build the shop repository, start the simulated GitHub and the
 * real djperf app, deliver a signed `pull_request.opened`, wait until the `djperf` check run is
 * completed and the app is idle, and collect what the app posted. Rendering is someone else's job
 * (demo/render); the test suite calls this function directly.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parse as parseYaml } from "yaml";
import { describe, startApp, type AppHost, type AppHostOptions, type LogLevel, type LogRecord } from "./app-host.js";
import { SimulatedGitHub, DEFAULT_WORLD } from "./github/server.js";
import type { RecordedRequest, SimulatedWorld } from "./github/store.js";
import { buildShopRepository, REPO_ROOT, type ShopRepository } from "./shop-repo.js";

export interface DemoOptions {
  /** How long to wait for the check run to complete (default 60 s). */
  timeoutMs?: number;
  /** Print the app's log lines at or above this level while it runs. */
  echoLogs?: LogLevel;
  /** Keep the temp repository (its path is in the result). */
  keepRepository?: boolean;
  onProgress?: (message: string) => void;
  /** Options of the djperf app (tests: other rules); the demo itself runs the defaults. */
  app?: AppHostOptions["app"];
}

export interface DemoComment {
  json: Record<string, unknown>;
  path: string;
  line: number;
  startLine: number | null;
}

export interface DemoResult {
  /** Fatal problems: the demo failed (exit 1). */
  problems: string[];
  /** Requests GitHub rejected that a correct app would not have sent. */
  warnings: string[];
  repositoryDir: string;
  pull: { repo: string; number: number; title: string; body: string; author: string; head: string; base: string; headSha: string; url: string };
  checkRun: (Record<string, unknown> & { annotations: Record<string, unknown>[] }) | undefined;
  reviews: { json: Record<string, unknown>; comments: DemoComment[] }[];
  issueComments: Record<string, unknown>[];
  /** Head-commit text of every file a comment or annotation points at. */
  sources: Map<string, string>;
  requests: RecordedRequest[];
  appLogs: LogRecord[];
  webhook: { status: number; deliveryId: string } | undefined;
  durationMs: number;
}

const CHECK_NAME = "djperf";

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });
  const secret = randomBytes(24).toString("hex");

  progress("building the shop repository from examples/shop and demo/pr-change");
  const repo = await buildShopRepository();
  let github: SimulatedGitHub | undefined;
  let app: AppHost | undefined;
  try {
    github = await SimulatedGitHub.start({ repoDir: repo.dir, appPublicKey: keys.publicKey, world: { permissions: appPermissions() } });
    const pull = await github.openPullRequest({ title: repo.change.title, body: repo.change.body, base: repo.baseBranch, head: repo.headBranch, author: "mona", number: 7 });
    progress(`simulated GitHub at ${github.origin} (REST ${github.baseUrl}); ${github.world.owner}/${github.world.repo}#${pull.number}`);

    app = await startApp({ appId: github.world.app.id, privateKey: keys.privateKey, secret, baseUrl: github.baseUrl, ...(options.echoLogs ? { echo: options.echoLogs } : {}), ...(options.app ? { app: options.app } : {}) });
    progress(`djperf app listening at ${app.webhookUrl}`);

    const payload = await github.pullRequestPayload(pull.number, "opened");
    const delivery = await github.deliver(app.webhookUrl, secret, "pull_request", payload);
    progress(`delivered pull_request.opened (${delivery.id}): the app answered ${delivery.status}`);
    const problems: string[] = [];
    if (delivery.status < 200 || delivery.status >= 300) problems.push(`the app answered the webhook with HTTP ${delivery.status}: ${delivery.responseBody.slice(0, 300)}`);

    const outcome = problems.length === 0 ? await waitForCompletion(github, app, pull.headSha, timeoutMs) : "app-idle";
    const result = collect(github, app, repo, pull.number, started, { status: delivery.status, deliveryId: delivery.id });
    result.problems.unshift(...problems);
    if (problems.length === 0 && outcome !== "completed") {
      const run = result.checkRun;
      const when = outcome === "timeout" ? `within ${timeoutMs / 1000} s` : "and has nothing left to do";
      result.problems.unshift(run ? `the ${CHECK_NAME} check run is still ${String(run.status)}: the app did not complete it ${when}` : `the app created no ${CHECK_NAME} check run ${when}`);
    }
    result.sources = await readSources(github, result);
    return result;
  } finally {
    await app?.close().catch(() => undefined);
    await github?.close();
    if (!options.keepRepository) repo.remove();
  }
}

/** The permissions app.yml asks for: the simulated installation grants exactly those. */
function appPermissions(): SimulatedWorld["permissions"] {
  try {
    const manifest = parseYaml(readFileSync(join(REPO_ROOT, "app.yml"), "utf8")) as { default_permissions?: Record<string, string> };
    const permissions = manifest.default_permissions;
    if (permissions && typeof permissions === "object") {
      return Object.fromEntries(Object.entries(permissions).map(([scope, level]) => [scope.replace(/-/g, "_"), level === "write" ? "write" : "read"]));
    }
  } catch {
    // No readable app.yml: fall back to the permissions djperf documents.
  }
  return DEFAULT_WORLD.permissions;
}

type WaitOutcome = "completed" | "app-idle" | "timeout";

/**
 * Done when the check run is completed, the app's queue is empty and no request is in flight. An app
 * that is idle without a completed check run will not complete it later: stop waiting then.
 */
async function waitForCompletion(github: SimulatedGitHub, app: AppHost, headSha: string, timeoutMs: number): Promise<WaitOutcome> {
  const deadline = Date.now() + timeoutMs;
  let idlePolls = 0;
  while (Date.now() < deadline) {
    const run = github.store.checkRuns.find((r) => r.name === CHECK_NAME && r.headSha === headSha);
    const queue = app.djperf.queue?.snapshot();
    const busy = queue ? Object.values(queue.pending).some((n) => n > 0) || Object.values(queue.running).some((n) => n > 0) : false;
    const idle = !busy && github.store.inFlight === 0;
    if (run?.status === "completed" && idle) return "completed";
    // Without a queue to ask, only the timeout can tell.
    idlePolls = idle && queue ? idlePolls + 1 : 0;
    if (idlePolls >= 4) return "app-idle";
    await delay(25);
  }
  return "timeout";
}

function collect(github: SimulatedGitHub, app: AppHost, repo: ShopRepository, number: number, started: number, webhook: DemoResult["webhook"]): DemoResult {
  const { store, shapes } = github;
  const pull = store.pulls.get(number)!;
  const run = [...store.checkRuns].reverse().find((r) => r.name === CHECK_NAME && r.headSha === pull.headSha);
  const reviews = store.reviews
    .filter((r) => r.pullNumber === number)
    .map((review) => ({
      json: shapes.review(review),
      comments: store.reviewComments
        .filter((c) => c.reviewId === review.id)
        .sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0))
        .map((c) => ({ json: shapes.reviewComment(c), path: c.path, line: c.line ?? 0, startLine: c.startLine })),
    }));
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const request of store.requests) {
    if (request.unhandled) problems.push(`the app called ${request.method} ${request.path}, which the simulated GitHub does not serve`);
    else if (request.status >= 500) problems.push(`${request.route} failed inside the simulated GitHub: ${request.error ?? request.status}`);
    else if (request.error && !isExpectedNotFound(request)) warnings.push(`GitHub rejected ${request.route} (${request.status}): ${request.error}`);
  }
  for (const record of app.logs) {
    if (record.level === "error" || record.level === "fatal") problems.push(`the app logged an error: ${record.msg}${record.err ? ` (${describe(record.err)})` : ""}`);
  }
  return {
    problems,
    warnings,
    repositoryDir: repo.dir,
    pull: { repo: shapes.repoPath, number, title: pull.title, body: pull.body, author: pull.author, head: pull.headRef, base: pull.baseRef, headSha: pull.headSha, url: `${shapes.urls.html}/${shapes.repoPath}/pull/${number}` },
    checkRun: run ? { ...shapes.checkRun(run), annotations: run.annotations.map((a) => ({ ...a })) } : undefined,
    reviews,
    issueComments: store.issueComments.filter((c) => c.issueNumber === number).map((c) => shapes.issueComment(c)),
    sources: new Map(),
    requests: [...store.requests],
    appLogs: [...app.logs],
    webhook,
    durationMs: Date.now() - started,
  };
}

/** A missing `.github/djperf.yml` (in the repo and the owner's `.github` repo) is a normal 404. */
function isExpectedNotFound(request: RecordedRequest): boolean {
  return request.status === 404 && request.route === "GET /repos/{owner}/{repo}/contents/{path}";
}

async function readSources(github: SimulatedGitHub, result: DemoResult): Promise<Map<string, string>> {
  const paths = new Set<string>();
  for (const review of result.reviews) for (const c of review.comments) paths.add(c.path);
  for (const a of result.checkRun?.annotations ?? []) paths.add(String(a.path));
  const sources = new Map<string, string>();
  const sha = result.pull.headSha;
  const objects = await github.git.objects([...paths].map((p) => `${sha}:${p}`));
  const blobs = await github.git.blobs([...objects.values()].map((o) => o.oid));
  for (const path of paths) {
    const oid = objects.get(`${sha}:${path}`)?.oid;
    const bytes = oid ? blobs.get(oid) : undefined;
    if (bytes) sources.set(path, Buffer.from(bytes).toString("utf8"));
  }
  return sources;
}
