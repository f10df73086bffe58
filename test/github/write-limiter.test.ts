/**
 * Issue 12 (low): Probot's write limiter (@octokit/plugin-throttling's `write` Bottleneck group: one
 * write at a time, 1 s apart) must be keyed per installation, so one installation's big pull request
 * does not hold back another's. Probot keys the group by `throttle.id = installationId`; this test runs
 * the App's own Octokit (ProbotOctokit with djperf's defaults, as src/main.ts builds it) with
 * throttling on, and counts writes in flight while GitHub answers slowly.
 */
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { afterEach, expect, it } from "vitest";
import { Probot, ProbotOctokit } from "probot";
import { djperfOctokitDefaults } from "../../src/github/octokit-options.js";
import { GitHubGateway } from "../../src/github/gateway.js";

const API = "https://api.github.com";
const ANSWER_MS = 300;
const INSTALLATIONS = { 4242: "acme", 4343: "beta" } as const;

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

afterEach(() => {
  nock.cleanAll();
});

/** Check-run creates answered after ANSWER_MS; records the most writes in flight, overall and per owner. */
function slowGitHub() {
  const inFlight = new Map<string, number>();
  const most = { all: 0, perOwner: new Map<string, number>() };
  const scope = nock(API);
  for (const [id, owner] of Object.entries(INSTALLATIONS)) {
    scope.post(`/app/installations/${id}/access_tokens`).reply(201, { token: `ghs_${owner}`, expires_at: "2099-01-01T00:00:00Z", permissions: { checks: "write" }, repository_selection: "all" });
    scope
      .post(`/repos/${owner}/shop/check-runs`)
      .times(2)
      .reply((_uri, _body, callback) => {
        inFlight.set(owner, (inFlight.get(owner) ?? 0) + 1);
        const total = [...inFlight.values()].reduce((a, b) => a + b, 0);
        most.all = Math.max(most.all, total);
        most.perOwner.set(owner, Math.max(most.perOwner.get(owner) ?? 0, inFlight.get(owner)!));
        setTimeout(() => {
          inFlight.set(owner, inFlight.get(owner)! - 1);
          callback(null, [201, { id: 1, name: "djperf", head_sha: "a".repeat(40), status: "in_progress", conclusion: null, external_id: null }, { "content-type": "application/json" }]);
        }, ANSWER_MS);
      });
  }
  return { scope, most };
}

/** Two check-run creates per installation, all at once, through the gateway over Probot's installation Octokit. */
async function writeFromBoth(defaults: typeof djperfOctokitDefaults) {
  nock.disableNetConnect();
  const github = slowGitHub();
  const probot = new Probot({ appId: 123, privateKey, logLevel: "fatal", Octokit: ProbotOctokit.defaults(defaults) });
  const body = { name: "djperf", head_sha: "a".repeat(40), external_id: "x", status: "in_progress" as const };
  const writes = await Promise.all(
    Object.entries(INSTALLATIONS).map(async ([id, owner]) => {
      const gateway = new GitHubGateway(await probot.auth(Number(id)));
      return Promise.all([gateway.createCheckRun({ owner, repo: "shop" }, body), gateway.createCheckRun({ owner, repo: "shop" }, body)]);
    }),
  );
  expect(writes.flat()).toHaveLength(4);
  expect(github.scope.pendingMocks()).toEqual([]);
  return github.most;
}

it("writes of two installations run side by side; one installation's writes stay one at a time", async () => {
  const most = await writeFromBoth(djperfOctokitDefaults);
  // Shared by all installations, the limiter would let one write through at a time (most.all === 1).
  expect(most.all).toBe(2);
  // Within an installation the throttling still spaces writes: never two at once.
  expect(Object.fromEntries(most.perOwner)).toEqual({ acme: 1, beta: 1 });
}, 20_000);

it("the count can tell: with one limiter key for every installation, one write is in flight at a time", async () => {
  const shared = (options: Record<string, unknown>) => {
    const o = djperfOctokitDefaults(options);
    return { ...o, throttle: { ...(o.throttle as object), id: "one-for-all" } };
  };
  const most = await writeFromBoth(shared);
  expect(most.all).toBe(1);
}, 20_000);
