/**
 * Deep `and`/`or` chains (issue 12, low): tree-sitter nests `a and b and …` one level per term, so a
 * recursive walk over the operands overflows the stack on a generated condition. The truth-position
 * helper walks them with an explicit stack.
 */
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { truthTestedExpressions } from "../../../src/analysis/django/evaluation.js";

function chain(terms: number, op: "and" | "or"): string {
  return Array.from({ length: terms }, (_, i) => `x${i}`).join(` ${op} `);
}

describe("truth positions of long boolean chains", () => {
  it.each(["and", "or"] as const)("a 50,000-term `%s` chain: every operand, in order, without a stack overflow", (op) => {
    const tree = parsePython(`if ${chain(50_000, op)}:\n    pass\n`);
    const operands = truthTestedExpressions(tree.rootNode);
    expect(operands).toHaveLength(50_000);
    expect(operands[0]!.text).toBe("x0");
    expect(operands.at(-1)!.text).toBe("x49999");
  });

  it("keeps the nesting rules: `not` operands and parenthesised mixes", () => {
    const tree = parsePython("if a and (b or not c) and d:\n    pass\n");
    expect(truthTestedExpressions(tree.rootNode).map((n) => n.text)).toEqual(["a", "b", "d", "c"]);
  });
});
