/**
 * The demo hosts the real app behind Probot's webhook middleware: deliveries not signed with the
 * webhook secret are refused before any handler runs, so nothing reaches GitHub.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppHost } from "../../demo/app-host.js";
import { SimulatedGitHub } from "../../demo/github/server.js";
import { buildShopRepository, type ShopRepository } from "../../demo/shop-repo.js";

let repo: ShopRepository;
let github: SimulatedGitHub;
let app: AppHost;
let payload: Record<string, unknown>;
const secret = "the-real-secret";

beforeAll(async () => {
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });
  repo = await buildShopRepository();
  github = await SimulatedGitHub.start({ repoDir: repo.dir, appPublicKey: keys.publicKey });
  const pull = await github.openPullRequest({ title: "t", base: repo.baseBranch, head: repo.headBranch });
  payload = await github.pullRequestPayload(pull.number, "opened");
  app = await startApp({ appId: github.world.app.id, privateKey: keys.privateKey, secret, baseUrl: github.baseUrl });
});

afterAll(async () => {
  await app?.close();
  await github?.close();
  repo?.remove();
});

describe("the hosted app", () => {
  it("refuses a delivery signed with another secret, and one without a signature", async () => {
    const forged = await github.deliver(app.webhookUrl, "not-the-secret", "pull_request", payload);
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);
    const unsigned = await fetch(app.webhookUrl, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "x" }, body: JSON.stringify(payload) });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.status).toBeLessThan(500);
    expect(github.store.requests).toEqual([]);
  });

  it("serves only the webhook path", async () => {
    expect((await fetch(app.webhookUrl.replace("/api/github/webhooks", "/nothing-here"))).status).toBe(404);
  });
});
