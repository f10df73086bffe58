/**
 * The App's analysis process takes the build's code digests from the server (the same files) instead
 * of hashing every source file again for each review: what it adopts is what the cache keys use.
 */
import { afterEach, describe, expect, it } from "vitest";
import { adoptCodeDigests, analysisCodeDigest, buildNamespace, codeDigests, findingsCodeDigest } from "../../../src/cache/facts-entry.js";

describe("code digests handed to the analysis process", () => {
  const real = codeDigests();
  afterEach(() => adoptCodeDigests(real));

  it("are 16 hex digits each, and differ (the findings digest covers the rules and pipeline too)", () => {
    expect(real.analysis).toMatch(/^[0-9a-f]{16}$/);
    expect(real.findings).toMatch(/^[0-9a-f]{16}$/);
    expect(real.findings).not.toBe(real.analysis);
  });

  it("once adopted, are the ones the facts namespace and the findings key read", () => {
    adoptCodeDigests({ analysis: "a".repeat(16), findings: "f".repeat(16) });
    expect(analysisCodeDigest()).toBe("a".repeat(16));
    expect(findingsCodeDigest()).toBe("f".repeat(16));
    expect(buildNamespace("0.1.0")).toBe(`0.1.0-${"a".repeat(16)}`);
  });
});
