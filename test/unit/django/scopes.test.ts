import { describe, expect, it } from "vitest";
import { nodeAt, parsedFile } from "../../helpers/models.js";
import { Scopes } from "../../../src/analysis/django/scopes.js";

function lookup(text: string, snippet: string, nth: number): { scope: string; kinds: string[] } | undefined {
  const file = parsedFile("m.py", text);
  const found = new Scopes(file.tree.rootNode).lookup(nodeAt(file, snippet, { nth, type: "identifier" }));
  if (!found) return undefined;
  const name = found.scope.childForFieldName("name")?.text ?? found.scope.type;
  return { scope: name, kinds: found.bindings.map((b) => b.kind) };
}

describe("Scopes", () => {
  it("records each way of binding a name", () => {
    const text = [
      "def f(p, q: int = 1, *args, **kw):",
      "    a = b = 1",
      "    c, d = 1, 2",
      "    e += 1",
      "    for g in x: pass",
      "    with x as h: pass",
      "    try: pass",
      "    except E as i: pass",
      "    del j",
      "    (k := 1)",
      "    import l",
      "    def m(): pass",
      "    global n",
      "    [o for o in x]",
      "",
    ].join("\n");
    const file = parsedFile("m.py", text);
    const scopes = new Scopes(file.tree.rootNode);
    const fn = nodeAt(file, text.slice(0, -1), { type: "function_definition" });
    const kinds = Object.fromEntries([...scopes.bindingsOf(fn)].map(([name, bs]) => [name, bs.map((b) => b.kind).join(",")]));
    expect(kinds).toEqual({
      p: "param",
      q: "param",
      args: "param",
      kw: "param",
      a: "assign",
      b: "assign",
      c: "other",
      d: "other",
      e: "other",
      g: "loop",
      h: "other",
      i: "other",
      j: "other",
      k: "other",
      l: "import",
      m: "def",
      n: "global",
    });
  });

  it("does not let methods see class-body names, but lets class bodies see them", () => {
    const text = "x = 1\nclass C:\n    x = 2\n    y = x\n    def f(self):\n        return x\n";
    expect(lookup(text, "x", 2)?.scope).toBe("C");
    expect(lookup(text, "x", 3)?.scope).toBe("module");
  });

  it("resolves comprehension variables to the comprehension, except in the first iterable", () => {
    const text = "x = [1]\nr = [x for x in x]\n";
    expect(lookup(text, "x", 1)?.scope).toBe("list_comprehension");
    expect(lookup(text, "x", 3)?.scope).toBe("module");
  });

  it("follows closures to the enclosing function and skips global-only declarations", () => {
    const text = "v = 0\ndef outer():\n    w = 1\n    def inner():\n        global v\n        return w, v\n";
    expect(lookup(text, "w", 1)?.scope).toBe("outer");
    expect(lookup(text, "v", 2)).toEqual({ scope: "module", kinds: ["assign"] });
  });
});
