/**
 * The callers index reads every application module (issue 11: the per-file call facts made a
 * whole-repository check about 1.2× slower). Its one cursor walk must not turn the tree into node
 * objects: that is what cost the time (a second walk of each function's body to find what it binds,
 * every call node made to test for `getattr`). Counted, not timed: every node object the binding makes
 * passes through the tree's node cache (`Tree#_cacheNode` / `_cacheNodes`), and the number of distinct
 * nodes made (by id) is compared with the size of the tree. Distinct, not every creation: the binding
 * hands back a node's live object while the GC has not freed it, so how often one node is made again
 * depends on when the GC runs (a CI run under load counted 12 % where the quiet checkout counted 10 %).
 */
import Parser from "tree-sitter";
import { afterEach, describe, expect, it } from "vitest";
import { extractCallFacts } from "../../../src/analysis/index/call-facts.js";
import { parsePython, type Tree } from "../../../src/analysis/parser.js";

type NodeCache = { _cacheNode(node: unknown): void; _cacheNodes(nodes: unknown[]): void };
const proto = (Parser as unknown as { Tree: { prototype: NodeCache } }).Tree.prototype;
const original = { one: proto._cacheNode, many: proto._cacheNodes };
afterEach(() => {
  proto._cacheNode = original.one;
  proto._cacheNodes = original.many;
});

/** Distinct nodes made into objects while `run` runs. */
function materialised(run: () => void): number {
  const made = new Set<number>();
  const note = (node: unknown) => made.add((node as { id: number }).id);
  proto._cacheNode = function (this: unknown, node: unknown) {
    note(node);
    original.one.call(this, node);
  };
  proto._cacheNodes = function (this: unknown, nodes: unknown[]) {
    for (const node of nodes) note(node);
    original.many.call(this, nodes);
  };
  run();
  return made.size;
}

function nodeCount(tree: Tree): number {
  const cursor = tree.walk();
  let n = 0;
  for (;;) {
    n++;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return n;
  }
}

/** Functions that each mention imported names, assign, loop, call, format strings: what app modules do. */
function module(functions: number): string {
  let text = "from shop.models import Order, Line\nfrom shop.mail import notify\nimport logging\n\nlog = logging.getLogger(__name__)\n\n";
  for (let i = 0; i < functions; i++) {
    text += `
def handle_${i}(request, pk, flag=False):
    order = Order.objects.get(pk=pk)
    total = 0
    for line in Line.objects.filter(order=order):
        total += line.price * line.quantity
        label = f"{line.name}: {line.price}"
        log.info("line %s of order %s", label, order.pk)
    if flag and total > ${i}:
        notify(order, user=request.user)
    data = {"total": total, "count": len(request.GET), "items": [x.pk for x in order.items.all()]}
    return data
`;
  }
  return text;
}

describe("call facts: one cursor walk, few node objects", () => {
  it("makes node objects for a small share of the tree, the same share at 4× the size", () => {
    const shares: number[] = [];
    for (const functions of [40, 160]) {
      const text = module(functions);
      const tree = parsePython(text);
      const mod = { path: "shop/views.py", text, tree, module: "shop.views", isPackage: false };
      let facts: ReturnType<typeof extractCallFacts> | undefined;
      const made = materialised(() => {
        facts = extractCallFacts(mod);
      });
      // The facts are still read: one call of notify per function, its row argument resolved.
      expect(facts?.calls).toHaveLength(functions);
      expect(facts?.calls[0]?.args[0]).toEqual({ k: "row", cls: "shop.models.Order", manager: "objects" });
      shares.push(made / nodeCount(tree));
    }
    // Every function, its parameters, the plain assigned calls, the calls of notify and their
    // arguments: about 9 % of the tree here. Before the change (a second walk of each body through
    // `namedChildren`, every call node made) it was 72 %.
    for (const share of shares) expect(share).toBeLessThan(0.15);
    expect(shares[1]!).toBeLessThan(shares[0]! * 1.1);
  });
});
