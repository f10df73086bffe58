/**
 * Node reads answered in JavaScript (src/analysis/node-memo.ts): the same answers as the binding's own
 * native reads, on every node of a generated module, asked once and asked again.
 */
import { describe, expect, it } from "vitest";
import { NODE_MEMO, parsePython, type SyntaxNode } from "../../../src/analysis/parser.js";
import { everyNode, nativeRead } from "../../../src/analysis/node-memo.js";
import { denseFile } from "../../../bench/generate.js";

const idOf = (node: SyntaxNode | null): number | null => (node === null ? null : (nativeRead(node, "id") as number));
const FIELDS = ["name", "body", "function", "arguments", "object", "attribute", "left", "right", "value", "parameters"];

describe("node reads answered in JavaScript", () => {
  it("is installed: the binding passed the self-check", () => {
    expect(NODE_MEMO).toBe(true);
  });

  it("answers what the binding answers, for every node, the first time and again", () => {
    // Non-ASCII text shifts UTF-16 offsets from byte offsets: startIndex must follow the characters.
    const text = `# é 😀\n${denseFile(8 * 1024, 3, "methods")}\nlabel = "ünï 😀" + f"{label!r} é"\n`;
    const nodes = everyNode(parsePython(text).rootNode);
    expect(nodes.length).toBeGreaterThan(1000);
    for (let round = 0; round < 2; round++) {
      for (const node of nodes) {
        expect(node.startIndex).toBe(nativeRead(node, "startIndex"));
        expect(node.endIndex).toBe(nativeRead(node, "endIndex"));
        expect(node.id).toBe(nativeRead(node, "id"));
        expect(idOf(node.parent)).toBe(idOf(nativeRead(node, "parent") as SyntaxNode | null));
        expect(node.namedChildren.map(idOf)).toEqual((nativeRead(node, "namedChildren") as SyntaxNode[]).map(idOf));
        expect(node.children.map(idOf)).toEqual((nativeRead(node, "children") as SyntaxNode[]).map(idOf));
        for (const f of FIELDS) expect(idOf(node.childForFieldName(f))).toBe(idOf(nativeRead(node, "childForFieldName", f) as SyntaxNode | null));
        expect(node.text).toBe(text.slice(node.startIndex, node.endIndex));
      }
    }
  });

  it("hands out a child list the caller may change without changing the node's", () => {
    const root = parsePython("a = 1\nb = 2\n").rootNode;
    const first = root.namedChildren;
    first.reverse();
    first.pop();
    expect(root.namedChildren.map((n) => n.text)).toEqual(["a = 1", "b = 2"]);
    const kids = root.children;
    kids.length = 0;
    expect(root.children).toHaveLength(2);
  });
});
