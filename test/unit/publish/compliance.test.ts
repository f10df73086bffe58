import { describe, expect, it } from "vitest";
import { COMPLIANCE_ITEMS, evaluateCompliance, renderComplianceTable, statusSymbol } from "../../../src/report/compliance.js";

const stateOf = (rows: ReturnType<typeof evaluateCompliance>, key: string) => {
  const row = rows.find((r) => r.item.key === key)!;
  return `${statusSymbol(row.status)} by ${row.checkedBy.join(",") || "-"}`;
};

describe("compliance model", () => {
  it("covers the rulebook's 10 DO and 7 DON'T items, each checked by catalogue rules", () => {
    expect(COMPLIANCE_ITEMS.filter((i) => i.kind === "do")).toHaveLength(10);
    expect(COMPLIANCE_ITEMS.filter((i) => i.kind === "dont")).toHaveLength(7);
    for (const item of COMPLIANCE_ITEMS) expect(item.rules.every((id) => /^DJP[1-7]\d\d$/.test(id))).toBe(true);
    expect(COMPLIANCE_ITEMS.find((i) => i.key === "DONT1")!.rules).toEqual(["DJP101", "DJP102", "DJP103", "DJP104", "DJP305", "DJP306"]);
  });

  it("marks items pass, fail N, not applicable or unverified", () => {
    const rows = evaluateCompliance({
      enabledRules: ["DJP101", "DJP102", "DJP301", "DJP401", "DJP602"],
      findings: [{ ruleId: "DJP101" }, { ruleId: "DJP101" }, { ruleId: "DJP102" }, { ruleId: "DJP999" }],
      unverified: ["DJP401", "DJP301"],
    });
    expect(stateOf(rows, "DO1")).toBe("✖ 3 by DJP101,DJP102");
    expect(stateOf(rows, "DONT1")).toBe("✖ 3 by DJP101,DJP102");
    expect(stateOf(rows, "DO3")).toBe("? by DJP301");
    // DJP602 ran clean, but DJP401 (same item) could not decide.
    expect(stateOf(rows, "DO9")).toBe("? by DJP602,DJP401");
    expect(stateOf(rows, "DONT7")).toBe("✔ by DJP602");
    expect(stateOf(rows, "DO4")).toBe("— by -");
  });

  it("treats a switched-off rule like a missing one", () => {
    const rows = evaluateCompliance({ enabledRules: [], findings: [] });
    expect(rows.every((r) => r.status.state === "not-applicable")).toBe(true);
  });

  it("renders one table row per item", () => {
    const table = renderComplianceTable(evaluateCompliance({ enabledRules: ["DJP304"], findings: [], unverified: [] }));
    const lines = table.split("\n");
    expect(lines).toHaveLength(2 + 17);
    expect(lines).toContain("| DO | DRF `ordering_fields` are listed explicitly | DJP304 | ✔ |");
    expect(lines).toContain("| DON'T | N+1 queries | none enabled | — |");
  });
});
