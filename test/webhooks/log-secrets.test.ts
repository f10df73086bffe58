/**
 * Secrets never reach the logs (issue 12, "Also build"): a real Probot logging at `trace` into memory
 * runs a review end to end (token fetch, config read, every GitHub call, a comment) and a review whose
 * GitHub calls fail; the captured log lines are searched for the private key, the webhook secret, the
 * installation token, the App's JWT and authorization headers.
 */
import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDjperfApp } from "../../src/app.js";
import { GitHubMock } from "./support/github-mock.js";
import { deliver, FIXED_NOW, payload } from "./support/app.js";
import { HEAD_SHA, mockReviewRun } from "./support/pull-request-repo.js";
import { APP_OPTIONS, orderReportPullRequest } from "./support/scenarios.js";

const SECRET = "whsec-7f3a9c2e1b8d4f60a5e3c9b1";
const TOKEN = "ghs_test_installation_token"; // what GitHubMock.installationToken() issues
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

let gh: GitHubMock;
let lines: string[];

beforeEach(() => {
  gh = new GitHubMock();
  lines = [];
});

afterEach(() => {
  gh.release();
});

async function app() {
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => void (lines.push(chunk.toString()), done()) });
  const log = pino({ level: "trace" }, sink);
  const probot = new Probot({ appId: 123, privateKey, secret: SECRET, log, Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })) });
  const djperf = createDjperfApp({ ...APP_OPTIONS, clock: () => FIXED_NOW, sleep: async () => {}, gateway: { sleep: async () => {} } });
  await probot.load(djperf.app);
  return { probot, queue: djperf.queue! };
}

function expectNoSecrets(): void {
  const text = lines.join("");
  expect(text.length).toBeGreaterThan(1000); // something was logged, at trace level
  const keyBody = privateKey.split("\n").filter((l) => l && !l.startsWith("-----"));
  for (const line of keyBody) expect(text).not.toContain(line);
  expect(text).not.toContain("PRIVATE KEY");
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/); // a JWT
  expect(text).not.toMatch(/authorization/i);
}

describe("logs", () => {
  it("hold no key, secret, token or JWT through a full review", async () => {
    gh.installationToken().config(undefined);
    mockReviewRun(gh, orderReportPullRequest());
    const { probot, queue } = await app();
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    expect(lines.some((l) => l.includes("review finished"))).toBe(true);
    // The review's lines carry where they come from: installation, repository, pull request, commit.
    const finished = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "review finished");
    expect(finished).toMatchObject({ installation: 4242, repo: "acme/shop", pr: 7, sha: HEAD_SHA });
    expectNoSecrets();
  });

  it("hold none when GitHub fails and errors are logged", async () => {
    gh.installationToken().config(undefined);
    gh.on("GET", "/repos/acme/shop/pulls/7/files", { status: 500, body: { message: "Internal Server Error" } }, 10);
    gh.on("POST", "/repos/acme/shop/check-runs", { status: 201, body: { id: 555, status: "in_progress", conclusion: null } });
    gh.on("PATCH", "/repos/acme/shop/check-runs/555", { status: 200, body: { id: 555, status: "completed", conclusion: "neutral" } });
    const { probot, queue } = await app();
    await deliver(probot, "pull_request", payload("pull_request.opened"));
    await queue.idle();
    expect(lines.some((l) => l.includes("review failed"))).toBe(true);
    expectNoSecrets();
  });
});
