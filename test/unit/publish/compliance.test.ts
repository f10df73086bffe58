import { describe, expect, it } from "vitest";
import {
  COMPLIANCE_ITEMS,
  evaluateCompliance,
  renderComplianceMarkdown,
  renderComplianceText,
  statusSymbol,
  type ComplianceInput,
} from "../../../src/report/compliance.js";

const at = (ruleId: string, path: string, line: number, messageId = "m") => ({
  ruleId,
  messageId,
  path,
  range: { start: { line, column: 1 }, end: { line, column: 9 } },
});

const rowOf = (rows: ReturnType<typeof evaluateCompliance>, key: string) => rows.find((r) => r.item.key === key)!;
const stateOf = (rows: ReturnType<typeof evaluateCompliance>, key: string) => {
  const row = rowOf(rows, key);
  return `${statusSymbol(row)} by ${row.checkedBy.join(",") || "-"}`;
};

describe("compliance items", () => {
  it("has the rulebook's 10 DO, 7 DON'T and 18 checklist lines, with unique keys and catalogue rule ids", () => {
    expect(COMPLIANCE_ITEMS.filter((i) => i.kind === "do")).toHaveLength(10);
    expect(COMPLIANCE_ITEMS.filter((i) => i.kind === "dont")).toHaveLength(7);
    expect(COMPLIANCE_ITEMS.filter((i) => i.kind === "checklist")).toHaveLength(18);
    const keys = COMPLIANCE_ITEMS.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const item of COMPLIANCE_ITEMS) expect(item.rules.every((id) => /^DJP[1-7]\d\d$/.test(id)), item.key).toBe(true);
    expect(COMPLIANCE_ITEMS.find((i) => i.key === "DONT1")!.rules).toEqual(["DJP101", "DJP102", "DJP103", "DJP104", "DJP305", "DJP306"]);
  });
});

describe("evaluateCompliance", () => {
  const base: ComplianceInput = {
    registeredRules: ["DJP101", "DJP102", "DJP103", "DJP104", "DJP504", "DJP505", "DJP601", "DJP602", "DJP603", "DJP604", "DJP702"],
    enabledRules: ["DJP101", "DJP102", "DJP103", "DJP104", "DJP504", "DJP505", "DJP601", "DJP602", "DJP603", "DJP702"],
    findings: [at("DJP101", "shop/views.py", 12), at("DJP101", "shop/views.py", 30), at("DJP102", "shop/views.py", 14), at("DJP999", "x.py", 1)],
    coverage: {
      ran: ["DJP101", "DJP102", "DJP103", "DJP104", "DJP504", "DJP505", "DJP601", "DJP602", "DJP603", "DJP702"],
      applicable: ["DJP101", "DJP102", "DJP103", "DJP104", "DJP601", "DJP602", "DJP603", "DJP702"],
      unverified: [
        { ruleId: "DJP602", reason: "SESSION_ENGINE is read from the environment" },
        { ruleId: "DJP702", reason: "LOGGING is built at run time", topic: "noSlowQueryLog" },
      ],
    },
  };

  it("marks each item pass, fail N, unverified, not applicable, not checked yet or off", () => {
    const rows = evaluateCompliance(base);
    expect(stateOf(rows, "DO1")).toBe("✖ 3 by DJP101,DJP102");
    expect(rowOf(rows, "DO1").notYet).toEqual(["DJP306"]);
    expect(stateOf(rows, "DONT1")).toBe("✖ 3 by DJP101,DJP102,DJP103,DJP104");
    // DJP603 examined code and found nothing, but DJP602 (same item) could not decide.
    expect(stateOf(rows, "DO9")).toBe("? by DJP602,DJP603");
    expect(stateOf(rows, "CL-ETL-3")).toBe("✔ by DJP601");
    // DJP505 ran, but there was no transaction to look at.
    expect(stateOf(rows, "DONT5")).toBe("— by DJP505");
    // No rule of this version checks ordering_fields: not something the user can switch on.
    expect(stateOf(rows, "DO4")).toBe("not checked yet by -");
    expect(stateOf(rows, "DO10")).toBe("off by -");
    expect(rowOf(rows, "DO10").off).toEqual(["DJP604"]);
  });

  it("narrows a rule that checks several lines to the line each message or reason is about", () => {
    const rows = evaluateCompliance({ ...base, findings: [at("DJP702", "proj/settings/production.py", 1, "noApm")] });
    expect(stateOf(rows, "CL-MON-1")).toBe("✖ 1 by DJP702");
    expect(stateOf(rows, "CL-MON-2")).toBe("? by DJP702");
    expect(stateOf(rows, "CL-MON-3")).toBe("✔ by DJP702");
  });

  it("without coverage, an enabled rule counts as having examined something", () => {
    const rows = evaluateCompliance({ registeredRules: ["DJP505"], enabledRules: ["DJP505"], findings: [] });
    expect(stateOf(rows, "DONT5")).toBe("✔ by DJP505");
  });

  it("reports a crashed rule's items as unverified, not passed", () => {
    const rows = evaluateCompliance({ registeredRules: ["DJP505"], enabledRules: ["DJP505"], findings: [], failedRules: ["DJP505"] });
    expect(rowOf(rows, "DONT5").state).toBe("unverified");
  });
});

describe("rendering", () => {
  const rows = evaluateCompliance({
    registeredRules: ["DJP101", "DJP102", "DJP601"],
    enabledRules: ["DJP101", "DJP102", "DJP601"],
    findings: [at("DJP101", "shop/views.py", 12)],
    coverage: { ran: ["DJP101", "DJP102", "DJP601"], applicable: ["DJP101", "DJP102"], unverified: [] },
  });

  it("text: says what the table is, groups items, and lists every item exactly once", () => {
    const text = renderComplianceText(rows, { scope: "the analysed files" });
    expect(text.split("\n")[0]).toBe("Rulebook compliance");
    expect(text).toContain("Django performance rulebook djperf enforces");
    expect(text).toMatch(/ORM & database\n {2}✖ 1 +DO1 +List views load their relations eagerly.*DJP101 ×1: shop\/views.py:12/);
    expect(text).toContain("not checked by this djperf version yet");
    expect(text).not.toMatch(/none enabled|enable/i);
    for (const item of COMPLIANCE_ITEMS) {
      const mentions = text.split(new RegExp(`(?:^|; |: | )${item.key} `, "m")).length - 1;
      expect(mentions, item.key).toBe(1);
    }
  });

  it("text: --summary full gives every item its own row", () => {
    const text = renderComplianceText(rows, { scope: "the analysed files", full: true });
    for (const item of COMPLIANCE_ITEMS) expect(text, item.key).toContain(item.text.slice(0, 40));
    expect(text).toMatch(/— +DONT6 +Slow, synchronous work in the HTTP request/);
  });

  it("markdown: rows that say something in the table, the rest collapsed, links to rule pages and findings", () => {
    const md = renderComplianceMarkdown(rows, {
      scope: "this pull request",
      ruleUrl: (id) => `https://docs.example/${id}`,
      findingsAnchor: (id) => `user-content-djperf-findings-${id.toLowerCase()}`,
    });
    expect(md).toContain("| **ORM & database** | | | |");
    expect(md).toContain(
      "| DO | List views load their relations eagerly (`select_related` / `prefetch_related`) | ✖ 1: [DJP101 ×1](#user-content-djperf-findings-djp101) (`shop/views.py:12`) | [DJP101](https://docs.example/DJP101) · [DJP102](https://docs.example/DJP102) · not checked yet: DJP306 |",
    );
    expect(md).toMatch(/<details><summary>\d+ more rulebook items without a verdict: \d+ with nothing relevant in this pull request, \d+ not checked by this djperf version yet<\/summary>/);
    const [visible, collapsed] = md.split("<details>");
    expect(visible).not.toContain("Slow, synchronous work");
    expect(collapsed).toContain("| DON'T | Slow, synchronous work in the HTTP request | — nothing relevant in this pull request | [DJP601](https://docs.example/DJP601) |");
    for (const item of COMPLIANCE_ITEMS) expect(md.split(item.text.replace(/\|/g, "\\|")).length - 1, item.key).toBe(1);
  });
});
