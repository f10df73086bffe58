/**
 * The work counter (issue 12, "no hang: work bounded per node"): counts calls into the syntax-tree API
 * while it runs, arrays by their length, and leaves the API untouched once it is done.
 */
import Parser from "tree-sitter";
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { countWork } from "../../../src/analysis/work-counter.js";

const nodeProto = (Parser as unknown as { SyntaxNode: { prototype: object } }).SyntaxNode.prototype;

describe("countWork", () => {
  it("counts node calls and the nodes arrays hand back, deterministically", () => {
    const tree = parsePython("a = 1\nb = 2\nc = 3\n");
    const walk = () => tree.rootNode.namedChildren.map((n) => n.startIndex);
    const once = countWork(walk);
    expect(once.value).toEqual([0, 6, 12]);
    // rootNode is read off the tree (not counted); namedChildren: 1 + 3 nodes; startIndex: 3 calls.
    expect(once.steps).toBe(7);
    expect(countWork(walk).steps).toBe(once.steps);
    // Twice the walk, twice the steps.
    expect(countWork(() => [walk(), walk()]).steps).toBe(2 * once.steps);
  });

  it("counts a walk that revisits the tree per node as quadratic", () => {
    const tree = parsePython(Array.from({ length: 40 }, (_, i) => `x${i} = ${i}`).join("\n"));
    const perNode = (n: number) => countWork(() => tree.rootNode.namedChildren.slice(0, n).forEach(() => tree.rootNode.descendantsOfType("identifier"))).steps;
    expect(perNode(40) / perNode(10)).toBeGreaterThan(3.5);
  });

  it("restores the API afterwards, also after a throw, and nests", () => {
    const before = Object.getOwnPropertyDescriptor(nodeProto, "parent");
    expect(() => countWork(() => countWork(() => { throw new Error("boom"); }))).toThrow("boom");
    expect(Object.getOwnPropertyDescriptor(nodeProto, "parent")).toEqual(before);
    const outer = countWork(() => {
      const tree = parsePython("a = 1\n");
      const inner = countWork(() => tree.rootNode.startIndex);
      return inner.steps;
    });
    expect(outer.value).toBe(1);
    expect(outer.steps).toBeGreaterThanOrEqual(1);
    expect(Object.getOwnPropertyDescriptor(nodeProto, "parent")).toEqual(before);
  });
});
