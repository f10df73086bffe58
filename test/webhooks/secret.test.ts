/** djperf refuses to run as an App with a missing, empty or public webhook secret (issue 12, item 4). */
import { describe, expect, it } from "vitest";
import { webhookSecretProblem } from "../../src/webhooks/secret.js";

const APP = { APP_ID: "123", PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----..." };

describe("webhookSecretProblem", () => {
  it("refuses a missing secret", () => {
    expect(webhookSecretProblem({ ...APP })).toMatch(/WEBHOOK_SECRET is not set/);
  });

  it("refuses an empty or blank secret", () => {
    expect(webhookSecretProblem({ ...APP, WEBHOOK_SECRET: "" })).toMatch(/not set/);
    expect(webhookSecretProblem({ ...APP, WEBHOOK_SECRET: "   " })).toMatch(/not set/);
  });

  it('refuses Probot\'s public "development" secret', () => {
    expect(webhookSecretProblem({ ...APP, WEBHOOK_SECRET: "development" })).toMatch(/public development secret/);
  });

  it("refuses a guessably short secret", () => {
    expect(webhookSecretProblem({ ...APP, WEBHOOK_SECRET: "abc" })).toMatch(/shorter than/);
  });

  it("accepts a real secret, also with PRIVATE_KEY_PATH", () => {
    expect(webhookSecretProblem({ ...APP, WEBHOOK_SECRET: "3b9f0c1e8a7d4f52" })).toBeUndefined();
    expect(webhookSecretProblem({ APP_ID: "1", PRIVATE_KEY_PATH: "/run/key.pem", WEBHOOK_SECRET: "3b9f0c1e8a7d4f52" })).toBeUndefined();
  });

  it("leaves Probot's setup mode (no App yet) alone", () => {
    expect(webhookSecretProblem({})).toBeUndefined();
  });
});
