/** Manager eager loads read by the shared returned-chain reader (src/analysis/index/eager.ts). */
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { eagerFactsOf } from "../../../src/analysis/index/eager.js";

function factsOf(source: string) {
  const def = parsePython(source).rootNode.descendantsOfType("function_definition")[0];
  if (!def) throw new Error("no def");
  const facts = eagerFactsOf(def);
  return { ...facts, loads: [...facts.loads].sort() };
}

describe("eagerFactsOf", () => {
  it("reads the returned chain through a refinement of itself, back to super()", () => {
    const facts = factsOf(["def get_queryset(self):", "    qs = super().get_queryset()", "    qs = qs.select_related('customer')", "    return qs", ""].join("\n"));
    expect(facts).toEqual({ loads: ["customer"], selectsAll: false, callsSuper: true });
  });

  it("merges a refinement made in a branch, and every return", () => {
    const facts = factsOf(
      ["def get_queryset(self):", "    qs = Order.objects.all()", "    if self.flag:", "        qs = qs.prefetch_related('lines')", "        return qs", "    return qs.select_related()", ""].join("\n"),
    );
    expect(facts).toEqual({ loads: ["lines"], selectsAll: true, callsSuper: false });
  });

  it("reads Prefetch lookups as the DRF graph does: inner eager loads count, a to_attr fills another attribute", () => {
    const facts = factsOf(
      [
        "def get_queryset(self):",
        "    return super().get_queryset().prefetch_related(",
        "        Prefetch('lines', queryset=Line.objects.select_related('product')),",
        "        Prefetch('notes__author', to_attr='note_authors'),",
        "        'tags',",
        "    )",
        "",
      ].join("\n"),
    );
    expect(facts).toEqual({ loads: ["lines", "lines__product", "notes", "tags"], selectsAll: false, callsSuper: true });
  });

  it("ignores loads outside the returned chains", () => {
    const facts = factsOf(["def get_queryset(self):", "    other = Tag.objects.select_related('owner')", "    return super().get_queryset().filter(tag__in=other)", ""].join("\n"));
    expect(facts).toEqual({ loads: [], selectsAll: false, callsSuper: true });
  });
});
