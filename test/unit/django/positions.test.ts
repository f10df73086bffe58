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
import { firstFold, foldPerIteration, perIterationNodes, runsPerIterationByParents, type PerIterationFold } from "../../../src/analysis/django/loop-scope.js";
import { EnclosingNames } from "../../../src/analysis/enclosing-names.js";
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

/** Loops in loops, with else clauses, a def and a lambda in between, comments, a comprehension in a header, a deep nest. */
const NESTED = [
  "def v(request):",
  "    for a in xs:  # outer",
  "        b = 1",
  "        while b:",
  "            for c in [d for d in a]:",
  "                e = c",
  "                for f in e:",
  "                    g.append(f)",
  "                else:",
  "                    h = 2",
  "            def k():",
  "                for m in n: pass",
  "            p = lambda: [q for q in b]",
  "        else:",
  "            r = 3",
  "        for s in b:",
  "            for t in s: u = t",
  "    for w in xs:",
  "        for x in w:",
  "            for y in x:",
  "                for z in y:",
  "                    z.save()",
  "",
].join("\n");

/** Parent walks: what the position and cached answers must reproduce. */
function nearest(node: SyntaxNode, type: string): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === type) return n;
  return undefined;
}

function namesByParents(node: SyntaxNode): string {
  const names: string[] = [];
  for (let n = node.parent; n; n = n.parent) if (n.type === "function_definition" || n.type === "class_definition") names.push(n.childForFieldName("name")?.text ?? "");
  return names.reverse().join(".");
}

describe("summaries of nested loops and cached parent answers equal the walks they replace", () => {
  // NESTED last: the visit count is checked on it.
  const sources = [TRICKY, NESTED];

  let visits = 0;
  /** A fold that records the walk: the positions of the nodes it visits, in order. */
  const recording = (): PerIterationFold<string[]> => ({
    start: () => [],
    visit: (acc, node) => {
      visits++;
      acc.push(`${node.type}@${node.startIndex}`);
    },
    merge: (acc, inner) => acc.push(...inner),
  });

  it.each([
    ["outermost first", (loops: readonly unknown[]) => loops],
    ["innermost first", (loops: readonly unknown[]) => [...loops].reverse()],
  ])("a loop's per-iteration fold visits what perIterationNodes yields, in its order (asked %s)", (_order, order) => {
    let reused = 0;
    let walked = 0;
    for (const source of sources) {
      const root = parsedFile("shop/views.py", source).tree.rootNode;
      const index = collectLoops(new NodesByType(root).spans());
      const fold = recording();
      visits = 0;
      walked = 0;
      for (const loop of order(index.all) as typeof index.all) {
        const walk = positionsOf([...perIterationNodes(loop)]);
        expect(foldPerIteration(loop, fold), loop.node.text.split("\n")[0]).toEqual(walk);
        if (walk.some((p) => p.startsWith("for_statement") || p.startsWith("while_statement"))) reused++;
        walked += walk.length;
      }
    }
    // Loops with a nested for/while loop, whose summary is merged rather than walked again: a node of
    // NESTED's nests is visited once, not once per loop around it.
    expect(reused).toBeGreaterThanOrEqual(8);
    expect(visits).toBeLessThan(walked / 2);
  });

  it("a first-hit fold finds the walk's first hit, also inside a nested loop's summary", () => {
    const root = parsedFile("shop/views.py", NESTED).tree.rootNode;
    const index = collectLoops(new NodesByType(root).spans());
    const firstCall = firstFold((node) => (node.type === "call" ? `${node.text}@${node.startIndex}` : undefined));
    const found = [...index.all].reverse().map((loop) => foldPerIteration(loop, firstCall).first);
    const walked = [...index.all].reverse().map((loop) => {
      const call = [...perIterationNodes(loop)].find((n) => n.type === "call");
      return call && `${call.text}@${call.startIndex}`;
    });
    expect(found).toEqual(walked);
    expect(found.filter((f) => f?.startsWith("g.append(f)"))).toHaveLength(4);
  });

  it("the def and class around a node (contextOf) and the names around it (a finding's Class.method)", () => {
    let inDef = 0;
    for (const source of [...sources, "class A:\n    def m(self):\n        class B:\n            x = [1 for _ in y]\n"]) {
      const file = parsedFile("shop/views.py", source);
      const facts = createDjangoFacts(file, shopIndex);
      const names = new EnclosingNames();
      const nodes = namedNodes(file.tree.rootNode);
      // Deepest first, then the rest: answers cached on the way up must still be right for their own nodes.
      for (const node of [...nodes].reverse()) {
        const where = facts.contextOf(node);
        expect(where.function && positionsOf([where.function]), `${node.type} ${node.text}`).toEqual(nearest(node, "function_definition") && positionsOf([nearest(node, "function_definition")!]));
        expect(where.cls && positionsOf([where.cls]), `${node.type} ${node.text}`).toEqual(nearest(node, "class_definition") && positionsOf([nearest(node, "class_definition")!]));
        expect(names.of(node), `${node.type} ${node.text}`).toBe(namesByParents(node));
        if (where.function) inDef++;
      }
    }
    expect(inDef).toBeGreaterThan(100);
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
