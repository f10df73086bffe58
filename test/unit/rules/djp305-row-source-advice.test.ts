/**
 * DJP305's advice when the list's rows are not a plain QuerySet (rotation set 13): after `union()` Django
 * refuses prefetch_related() and annotate(), so the advice says to prefetch on the first queryset; rows
 * from raw SQL or a plain class have no QuerySet to annotate, so it says to join in SQL or preload.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP305-query-in-serializer-method";

describe("DJP305 advice by where the rows come from", () => {
  it("gives union() and raw-row lists advice that Django accepts", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const at = (needle: string) => findings.find((f) => f.range.start.line === text.split("\n").findIndex((l) => l.includes(needle)) + 1);
    const union = at("Review.objects.filter(stars=obj.stars).count()");
    expect(union?.message).toContain("combined with `union()`, after which Django refuses `prefetch_related()`");
    expect(union?.message).not.toContain("Compute it in the view's queryset instead");
    const raw = at("Review.objects.filter(book_id=obj.book_id).count()");
    expect(raw?.message).toContain("The list's rows come from `RawReviewRows`, not a QuerySet");
    const plain = findings.find((f) => f.message.includes("(listed by `BookList`)"));
    expect(plain?.message).toContain("Compute it in the view's queryset instead");
  });
});

describe("DJP305 behind a context flag", () => {
  it("lowers a query that runs only when the context holds a key no list view adds, and keeps one gated on the request", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const at = (needle: string) => findings.find((f) => f.range.start.line === text.split("\n").findIndex((l) => l.includes(needle)) + 1);
    const gated = at("Review.objects.filter(book=obj).values_list");
    expect(gated?.level).toBe("info");
    expect(gated?.message).toContain("unless the serializer's context holds `with_history`");
    expect(at("Review.objects.filter(book=obj, stars__gte=3).count()")?.level).toBe("warn");
  });
});

describe("DJP305 nested only in a one-object serializer", () => {
  it("lowers a method whose serializer is nested with many=True only in a serializer no list renders, with object-level advice", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const at = (needle: string) => findings.find((f) => f.range.start.line === text.split("\n").findIndex((l) => l.includes(needle)) + 1);
    const nested = at("Review.objects.filter(book=obj, stars__gte=1).exists()");
    expect(nested?.level).toBe("info");
    expect(nested?.messageId).toBe("queryPerNestedRow");
    expect(nested?.message).toContain("`AuthorSnapshotSerializer` nests it with many=True and is itself rendered one object at a time");
    expect(nested?.message).not.toContain("view's queryset");
  });
});
