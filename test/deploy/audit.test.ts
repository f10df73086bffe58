/** CI's audit step (scripts/ci/audit.mjs): fails on high/critical advisories, warns when it could not run. */
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain .mjs script without types
import { auditVerdict } from "../../scripts/ci/audit.mjs";

const report = (vulnerabilities: Record<string, number>) => JSON.stringify({ metadata: { vulnerabilities } });

describe("auditVerdict", () => {
  it("fails on a high or critical advisory, passes on lower ones", () => {
    expect(auditVerdict(report({ low: 2, moderate: 1, high: 1, critical: 0, total: 4 })).verdict).toBe("vulnerable");
    expect(auditVerdict(report({ critical: 1, total: 1 })).verdict).toBe("vulnerable");
    expect(auditVerdict(report({ low: 2, moderate: 1, high: 0, critical: 0, total: 3 })).verdict).toBe("ok");
  });

  it("an unreachable advisory endpoint (a registry answering 405) is a warning, not a pass in silence", () => {
    const unreachable = auditVerdict(JSON.stringify({ message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", statusCode: 405 }));
    expect(unreachable).toEqual({ verdict: "unreachable", detail: expect.stringContaining("405") });
    expect(auditVerdict("").verdict).toBe("unreachable");
  });
});
