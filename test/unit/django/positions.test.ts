/**
 * The Django helpers answer "what encloses this node?" from positions instead of walking parents
 * (walking crosses into native tree-sitter per level). These tests hold the position answers to the
 * parent-walk definitions on every node of code shaped to trip them: bodies whose only statement is a
 * def (same range as the block), lambdas and comprehensions nested in loops and in each other.
 */
import { describe, expect, it } from "vitest";
import type { SyntaxNode } from "../../../src/analysis/parser.js";
import { parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { collectLoops, enclosingLoopsByParents, enclosingLoopsOf, runsPerIterationByPositions } from "../../../src/analysis/django/loops.js";
import { runsPerIterationByParents } from "../../../src/analysis/django/loop-scope.js";
import { listWithin } from "../../../src/analysis/django/within.js";
import { isWriteTarget, isWriteTargetByParents } from "../../../src/analysis/django/syntax.js";
import { Scopes } from "../../../src/analysis/django/scopes.js";
import { NodesByType } from "../../../src/analysis/django/state.js";
import { shopIndex } from "./shop-index.js";

const TRICKY = [
  "for a in xs:",
  "    def only(): pass",
  "for a in xs:",
  "    def f(b, k=[w for w in a]):",
  "        for c in b:",
  "            g = lambda d: [e for e in d if a and c]",
  "        return c",
  "    class K:",
  "        def m(self): return self",
  "    [lambda: a for a in ys]",
  "    while a:",
  "        x = {k: (lambda: k) for k in a for j in k if j}",
  "        y = [[v for v in u] for u in x]",
  "def h(p=q):",
  "    return [[y for y in z] for z in p]",
  "class C:",
  "    n = 1",
  "    rows = [n for _ in range(3)]",
  "    def m(self): return n",
  "",
].join("\n");

function namedNodes(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = root.walk();
  const visit = (): void => {
    do {
      if (cursor.nodeIsNamed) out.push(cursor.currentNode);
      if (cursor.gotoFirstChild()) {
        visit();
        cursor.gotoParent();
      }
    } while (cursor.gotoNextSibling());
  };
  visit();
  return out;
}

const positionsOf = (nodes: readonly { node: SyntaxNode }[] | readonly SyntaxNode[]): string[] =>
  nodes.map((n) => ("node" in n && typeof n.node === "object" ? n.node : (n as SyntaxNode))).map((n) => `${n.type}@${n.startIndex}`);

describe("position answers equal the parent-walk definitions", () => {
  const file = parsedFile("shop/views.py", TRICKY);
  const root = file.tree.rootNode;
  const nodes = namedNodes(root);

  it("enclosing loops", () => {
    const index = collectLoops(new NodesByType(root).spans());
    let nonEmpty = 0;
    for (const node of nodes) {
      const byPositions = positionsOf(enclosingLoopsOf(index, node));
      expect(byPositions, `${node.type} ${node.text}`).toEqual(positionsOf(enclosingLoopsByParents(index, node)));
      if (byPositions.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it("runs once per iteration of a loop", () => {
    const index = collectLoops(new NodesByType(root).spans());
    let yes = 0;
    for (const loop of index.all) {
      for (const node of nodes) {
        const byParents = runsPerIterationByParents(loop, node);
        expect(runsPerIterationByPositions(loop, node), `${loop.node.text} / ${node.type} ${node.text}`).toBe(byParents);
        if (byParents) yes++;
      }
    }
    expect(yes).toBeGreaterThan(50);
  });

  it("nodes of a type inside a node, from the file's list", () => {
    const lists = new NodesByType(root);
    let found = 0;
    for (const type of ["attribute", "call", "identifier", "lambda", "function_definition", "for_in_clause"]) {
      const list = lists.get(type);
      for (const node of nodes) {
        const byPositions = positionsOf(listWithin(list, node));
        expect(byPositions, `${type} in ${node.type} ${node.text}`).toEqual(positionsOf(node.descendantsOfType(type)));
        found += byPositions.length;
      }
    }
    expect(found).toBeGreaterThan(500);
  });

  it("written nodes", () => {
    const writes = parsedFile("shop/w.py", "a.f, (b.g, [c.h, *d.i]) = x\nfor o.p, q in r: o.p += 1\ndel s.t, u[v]\ndel (w.x)\ny = z.f = 2\n");
    let written = 0;
    for (const node of [...nodes, ...namedNodes(writes.tree.rootNode)]) {
      expect(isWriteTarget(node), `${node.type} ${node.text}`).toBe(isWriteTargetByParents(node));
      if (isWriteTarget(node)) written++;
    }
    expect(written).toBeGreaterThan(15);
  });

  it("scope of a node and the bindings an identifier refers to", () => {
    const scopes = new Scopes(root);
    let resolved = 0;
    for (const node of nodes) {
      expect(positionsOf([scopes.scopeOf(node)]), `${node.type} ${node.text}`).toEqual(positionsOf([scopes.scopeByParents(node)]));
      if (node.type !== "identifier") continue;
      const byPositions = scopes.lookup(node);
      const byParents = scopes.lookupByParents(node);
      expect(byPositions && positionsOf([byPositions.scope, ...byPositions.bindings.map((b) => b.node)]), `${node.text}@${node.startIndex}`).toEqual(
        byParents && positionsOf([byParents.scope, ...byParents.bindings.map((b) => b.node)]),
      );
      if (byPositions) resolved++;
    }
    expect(resolved).toBeGreaterThan(30);
  });
});

describe("nodesOfType", () => {
  it("lists the file's nodes of the given types in source order, once per file", () => {
    const file = parsedFile("shop/views.py", TRICKY);
    const facts = createDjangoFacts(file, shopIndex);
    const defs = facts.nodesOfType("function_definition");
    expect(defs.map((n) => n.childForFieldName("name")?.text)).toEqual(["only", "f", "m", "h", "m"]);
    expect(facts.nodesOfType("function_definition")).toBe(defs);
    const mixed = facts.nodesOfType(["while_statement", "class_definition"]);
    expect(mixed.map((n) => n.type)).toEqual(["class_definition", "while_statement", "class_definition"]);
    expect(facts.nodesOfType(["class_definition", "while_statement"])).toBe(mixed);
    expect(Object.isFrozen(mixed)).toBe(true);
  });
});
