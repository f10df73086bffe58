import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startupProblem } from "../../src/startup-check.js";
import { findPackageRoot } from "../../src/cli/package-info.js";

const pem = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

describe("App start-up checks", () => {
  it("accepts the key forms Probot reads, and no APP_ID (the setup page)", () => {
    expect(startupProblem({})).toBeUndefined();
    expect(startupProblem({ APP_ID: "1", PRIVATE_KEY: pem })).toBeUndefined();
    expect(startupProblem({ APP_ID: "1", PRIVATE_KEY: pem.replace(/\n/g, "\\n") })).toBeUndefined();
    expect(startupProblem({ APP_ID: "1", PRIVATE_KEY: Buffer.from(pem).toString("base64") })).toBeUndefined();
    expect(startupProblem({ APP_ID: "1", PRIVATE_KEY_PATH: "/k.pem" }, () => pem)).toBeUndefined();
  });

  it("stops with one line on a missing, malformed or unreadable key", () => {
    expect(startupProblem({ APP_ID: "1" })).toMatch(/^APP_ID is set but no private key is/);
    expect(startupProblem({ APP_ID: "1", PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----" })).toMatch(/^PRIVATE_KEY is not a PEM private key/);
    const missing = startupProblem({ APP_ID: "1", PRIVATE_KEY_PATH: "/nope.pem" }, () => {
      throw Object.assign(new Error("no"), { code: "ENOENT" });
    });
    expect(missing).toBe("PRIVATE_KEY_PATH /nope.pem cannot be read (ENOENT)");
    for (const problem of [startupProblem({ APP_ID: "1" }), missing]) expect(problem).not.toContain("\n");
  });

  it("the Docker runtime image installs git, which djperf diff needs", () => {
    const dockerfile = readFileSync(join(findPackageRoot(), "Dockerfile"), "utf8");
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(runtime).toMatch(/apt-get install[^\n]*\bgit\b/);
  });
});
