import { describe, expect, it } from "vitest";
import { collectSuppressions, findSuppression } from "../../../src/analysis/suppressions.js";
import { parseFile } from "../../../src/pipeline/run-analysis.js";
import { analyse, callRule } from "../engine/harness.js";

const FETCH = callRule("DJP101", "fetch");
const STORE = callRule("DJP150", "store");
const MIGRATE = callRule("DJP201", "migrate", { target: "all" });

const lines = (...l: string[]): string => `${l.join("\n")}\n`;
const flaggedLines = async (text: string, rules = [FETCH]) => (await analyse("shop/views.py", text, rules)).findings.map((f) => f.range.start.line);

describe("inline suppressions", () => {
  it("honours `# noqa: DJP101` on the flagged line, with other codes beside it", async () => {
    expect(await flaggedLines(lines("fetch(1)  # noqa: DJP101", "fetch(2)  # noqa: E501, djp101", "fetch(3)"))).toEqual([3]);
  });

  it("does not honour a bare `# noqa`, other linters' codes or another rule's id", async () => {
    expect(await flaggedLines(lines("fetch(1)  # noqa", "fetch(2)  # noqa: E501", "fetch(3)  # noqa: DJP102"))).toEqual([1, 2, 3]);
  });

  it("applies `# noqa` to its own line only, not to the line below", async () => {
    expect(await flaggedLines(lines("# noqa: DJP101", "fetch(1)"))).toEqual([2]);
  });

  it("honours `# djperf: ignore[DJP101] reason` on the line and on the line above", async () => {
    const text = lines(
      "fetch(1)  # djperf: ignore[DJP101] batch of 3",
      "# djperf: ignore[DJP101] admin-only view",
      "fetch(2)",
      "fetch(3)",
    );
    expect(await flaggedLines(text)).toEqual([4]);
  });

  it("lets comment and blank lines stand between an own-line ignore and its target, but not code", async () => {
    const text = lines(
      "# djperf: ignore[DJP101] bounded list",
      "# a longer explanation",
      "",
      "fetch(1)",
      "# djperf: ignore[DJP101] only the next code line",
      "x = 1",
      "fetch(2)",
    );
    expect(await flaggedLines(text)).toEqual([7]);
  });

  it("covers a multi-line finding from any of its lines", async () => {
    expect(await flaggedLines(lines("fetch(", "    1,  # noqa: DJP101", ")"))).toEqual([]);
  });

  it("honours the migration wording `safe[...]`", async () => {
    const found = await analyse("shop/migrations/0002_x.py", lines("migrate()  # djperf: safe[DJP201] table has 10 rows"), [MIGRATE]);
    expect(found.findings).toEqual([]);
  });

  it("suppresses matching rules in the whole file with `ignore-file[DJP1*]`", async () => {
    const text = lines("fetch(1)", "store(1)", "migrate(1)", "# djperf: ignore-file[DJP1*] generated code");
    const { findings } = await analyse("shop/views.py", text, [FETCH, STORE, MIGRATE]);
    expect(findings.map((f) => f.ruleId)).toEqual(["DJP201"]);
  });

  it("ignores suppression text inside strings", async () => {
    const text = lines(
      'fetch("# noqa: DJP101")',
      'label = """',
      "# djperf: ignore[DJP101] not a comment",
      '"""',
      "fetch(2)",
      "s = '# djperf: ignore-file[DJP1*] no'",
    );
    expect(await flaggedLines(text)).toEqual([1, 5]);
  });

  it("reports an ignore without a reason as a diagnostic (and still honours it)", async () => {
    const { findings, diagnostics } = await analyse("shop/views.py", lines("x = 1", "fetch(1)  # djperf: ignore[DJP101]"), [FETCH]);
    expect(findings).toEqual([]);
    expect(diagnostics).toEqual([
      {
        kind: "suppression",
        path: "shop/views.py",
        line: 2,
        message: "suppression of DJP101 without a reason: say why after the brackets",
      },
    ]);
  });
});

describe("collectSuppressions / findSuppression", () => {
  it("records kind, patterns, reason and the line an own-line comment covers", () => {
    const file = parseFile("a.py", lines("x = 1", "# djperf: ignore[DJP101, DJP2*]  slow path is rare", "# more", "fetch(1)  # noqa: DJP103"));
    const found = collectSuppressions(file.tree, file.lines);
    expect(found).toEqual([
      { kind: "ignore", line: 2, patterns: ["DJP101", "DJP2*"], reason: "slow path is rare", fileWide: false, ownLine: true, nextCodeLine: 4 },
      { kind: "noqa", line: 4, patterns: ["DJP103"], reason: "noqa", fileWide: false, ownLine: false, nextCodeLine: 4 },
    ]);
    expect(findSuppression(found, "DJP205", 4, 4)?.line).toBe(2);
    expect(findSuppression(found, "DJP103", 4, 4)?.line).toBe(4);
    expect(findSuppression(found, "DJP103", 5, 6)).toBeUndefined();
    expect(findSuppression(found, "DJP301", 4, 4)).toBeUndefined();
  });

  it("drops empty or malformed id lists", () => {
    const file = parseFile("a.py", lines("x = 1  # djperf: ignore[] why", "y = 2  # djperf: ignore[E501] why", "z = 3  # djperf: ignore[DJP] why"));
    expect(collectSuppressions(file.tree, file.lines)).toEqual([]);
  });
});
