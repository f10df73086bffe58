/**
 * DJP303 on a paginator class, judged by the lists that page with it (DrfIndex.paginatorUsers): info when
 * every one is bounded (one user's rows) or, for a large default page, small (a table nothing shows to hold
 * very many rows, an `@action` over a few columns); warn when one is not, or when the class has a use the
 * index cannot read (a function that builds it). Rotation set 14: a 1000-row page meant for reference lists.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP303-unbounded-or-costly-pagination";

describe("DJP303 paginator users", () => {
  it("lowers a paginator only bounded or small lists page with, and keeps the others at warn", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.users.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER, "fixture.users.py"));
    const lines = text.split("\n");
    const of = (cls: string) => {
      const start = lines.findIndex((l) => l.startsWith(`class ${cls}(`)) + 1;
      const end = lines.findIndex((l, i) => i >= start && l.startsWith("class ")) ;
      return findings.filter((f) => f.range.start.line >= start && (end < 0 || f.range.start.line <= end));
    };
    const reference = of("ReferencePagination");
    expect(reference).toHaveLength(1);
    expect(reference[0]?.level).toBe("info");
    expect(reference[0]?.messageId).toBe("largePageSizeBounded");
    expect(reference[0]?.message).not.toContain("about 50");
    expect(reference[0]?.message).toContain("`CountryViewSet` (`Country`), `RegionViewSet` (`Region`) list tables nothing shows to hold more than 1000 rows");
    expect(reference[0]?.message).toContain("a few columns per row");
    expect(of("BigPagination")[0]?.level).toBe("warn");
    expect(of("BigPagination")[0]?.messageId).toBe("largePageSize");
    expect(of("ActionPagination")[0]?.level).toBe("warn");
    expect(of("OpenPagination")[0]?.level).toBe("info");
    expect(of("OpenPagination")[0]?.message).toContain("`MyOrderViewSet`: one user's rows");
    expect(of("LoosePagination")[0]?.level).toBe("warn");
    expect(of("OwnPages")[0]?.level).toBe("warn");
    expect(of("ValuesPagination")[0]?.level).toBe("info");
    expect(of("OptionalPagination")[0]?.level).toBe("warn");
    expect(of("OptionalPagination")[0]?.message).toContain("A cap bounds only paged responses: `PageWhenAskedMixin.list` (shop/views.py:");
    expect(of("OpenPagination")[0]?.message).not.toContain("A cap bounds only");
    expect(of("ValuesPagination")[0]?.message).toContain("`OrderTotalsViewSet`: plain values");
  });
});
