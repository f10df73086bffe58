import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import type { DjangoFacts, LoopInfo } from "../../../src/analysis/django/types.js";
import type { ParsedFile } from "../../../src/analysis/source-file.js";
import { shopIndex } from "./shop-index.js";

function setup(text: string): { file: ParsedFile; facts: DjangoFacts } {
  const file = parsedFile("shop/views.py", text);
  return { file, facts: createDjangoFacts(file, shopIndex) };
}

const describeTargets = (loop: LoopInfo | undefined): string[] =>
  (loop?.targets ?? []).map((t) => `${t.name}<-${t.iterable?.text ?? "?"}`);

describe("loops()", () => {
  it("lists for, async for, while and comprehension clauses, outermost first in source order", () => {
    const text = [
      "for a in xs:",
      "    while cond:",
      "        ys = [b for b in a for c in b if c]",
      "async def f():",
      "    async for d in stream:",
      "        pass",
      "g = (e for e in zs)",
      "h = {k: v for k, v in d.items()}",
      "s = {x for x in w}",
      "",
    ].join("\n");
    const { facts } = setup(text);
    expect(facts.loops().map((l) => `${l.kind}:${l.node.text.split("\n")[0]}`)).toEqual([
      "for:for a in xs:",
      "while:while cond:",
      "comprehension:for b in a",
      "comprehension:for c in b",
      "for:async for d in stream:",
      "comprehension:for e in zs",
      "comprehension:for k, v in d.items()",
      "comprehension:for x in w",
    ]);
    const comp = facts.loops()[2];
    expect(comp?.comprehension?.text).toBe("[b for b in a for c in b if c]");
    expect(comp?.body.map((n) => n.text)).toEqual(["b", "for c in b", "if c"]);
    expect(facts.loops()[3]?.body.map((n) => n.text)).toEqual(["b", "if c"]);
  });

  it("pairs targets with iterables through enumerate, zip and same-element wrappers", () => {
    const text = [
      "for i, o in enumerate(qs, 1): pass",
      "for a, b in zip(xs, ys): pass",
      "for i, (a, b) in enumerate(zip(xs, ys)): pass",
      "for o in reversed(sorted(list(qs))): pass",
      "for k, v in d.items(): pass",
      "for a, b in zip(xs): pass",
      "for first, *rest in rows: pass",
      "",
    ].join("\n");
    const loops = setup(text).facts.loops();
    expect(loops.map(describeTargets)).toEqual([
      ["i<-?", "o<-qs"],
      ["a<-xs", "b<-ys"],
      ["i<-?", "a<-xs", "b<-ys"],
      ["o<-qs"],
      ["k<-?", "v<-?"],
      ["a<-?", "b<-?"],
      ["first<-?", "rest<-?"],
    ]);
    expect(loops[0]?.iterable?.text).toBe("enumerate(qs, 1)");
  });
});

describe("enclosingLoops()", () => {
  it("returns loops whose body holds the node, innermost first", () => {
    const text = "for a in xs:\n    for b in a:\n        use(b)\n    other(a)\n";
    const { file, facts } = setup(text);
    expect(facts.enclosingLoops(nodeAt(file, "use(b)")).map((l) => l.targets[0]?.name)).toEqual(["b", "a"]);
    expect(facts.enclosingLoops(nodeAt(file, "other(a)")).map((l) => l.targets[0]?.name)).toEqual(["a"]);
  });

  it("does not count a loop's iterable, target or else clause as per-iteration", () => {
    const text = "for a in load(xs):\n    pass\nelse:\n    done(a)\n";
    const { file, facts } = setup(text);
    expect(facts.enclosingLoops(nodeAt(file, "load(xs)"))).toEqual([]);
    expect(facts.enclosingLoops(nodeAt(file, "a"))).toEqual([]);
    expect(facts.enclosingLoops(nodeAt(file, "done(a)"))).toEqual([]);
  });

  it("stops at nested functions, lambdas and classes", () => {
    const text = [
      "for a in xs:",
      "    def inner():",
      "        use(a)",
      "    f = lambda: lam(a)",
      "    class C:",
      "        attr = cls(a)",
      "    direct(a)",
      "",
    ].join("\n");
    const { file, facts } = setup(text);
    expect(facts.enclosingLoops(nodeAt(file, "use(a)"))).toEqual([]);
    expect(facts.enclosingLoops(nodeAt(file, "lam(a)"))).toEqual([]);
    expect(facts.enclosingLoops(nodeAt(file, "cls(a)"))).toEqual([]);
    expect(facts.enclosingLoops(nodeAt(file, "direct(a)"))).toHaveLength(1);
  });

  it("evaluates a comprehension's first iterable once, later iterables per outer iteration", () => {
    const text = "for a in xs:\n    r = [elem(b, c) for b in first(a) if cond(b) for c in second(b)]\n";
    const { file, facts } = setup(text);
    const names = (snippet: string): string[] => facts.enclosingLoops(nodeAt(file, snippet)).map((l) => l.targets[0]?.name ?? "");
    expect(names("first(a)")).toEqual(["a"]);
    expect(names("second(b)")).toEqual(["b", "a"]);
    expect(names("cond(b)")).toEqual(["b", "a"]);
    expect(names("elem(b, c)")).toEqual(["c", "b", "a"]);
  });

  it("treats a while body as per-iteration", () => {
    const text = "while more():\n    step()\n";
    const { file, facts } = setup(text);
    expect(facts.enclosingLoops(nodeAt(file, "step()"))[0]?.kind).toBe("while");
    expect(facts.enclosingLoops(nodeAt(file, "more()"))).toEqual([]);
  });
});
