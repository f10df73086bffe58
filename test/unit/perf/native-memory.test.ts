import { describe, expect, it } from "vitest";
import { collectionDue, PARSED_BUDGET } from "../../../src/pipeline/native-memory.js";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { collectTableSizes, tableSizeSteps } from "../../../src/analysis/django/table-size.js";
import { parseCount } from "../../../src/analysis/parser.js";

describe("releasing dead trees (native-memory.ts)", () => {
  it("collects once a budget of parsed text is spent, even when the resident size did not grow", () => {
    // The allocator keeps what a collection frees, so new trees can fill it without any growth to see.
    expect(collectionDue(0, 0, PARSED_BUDGET)).toBe(true);
    expect(collectionDue(0, 0, PARSED_BUDGET - 1)).toBe(false);
    expect(collectionDue(24 * 1024 * 1024, 0, 0)).toBe(true);
    expect(collectionDue(0, 32 * 1024 * 1024, 0)).toBe(true);
  });

  it("lets the pipeline turn the event loop between the files the table-size traces parse", async () => {
    const models = "from django.db import models\n\n\nclass Book(models.Model):\n    name = models.CharField(max_length=9)\n";
    const view = (n: number) => `from django.views.generic import ListView\nfrom lib.models import Book\n\n\nclass V${n}(ListView):\n    model = Book\n    paginate_by = 20\n`;
    const sources = [{ path: "lib/models.py", text: models }, ...Array.from({ length: 6 }, (_, n) => ({ path: `lib/views${n}.py`, text: view(n) }))];
    const index = await buildProjectIndex(sources);
    const steps = tableSizeSteps(sources, index);
    let most = 0;
    let yields = 0;
    for (let before = parseCount(); ; before = parseCount()) {
      const step = steps.next();
      most = Math.max(most, parseCount() - before);
      if (step.done) {
        expect(step.value.large("lib.models.Book")?.reason).toBe(collectTableSizes(sources, index).large("lib.models.Book")?.reason);
        break;
      }
      yields++;
    }
    // One tree at most between two turns of the loop, and a turn after each of the six views.
    expect(most).toBeLessThanOrEqual(1);
    expect(yields).toBeGreaterThanOrEqual(6);
  });
});
