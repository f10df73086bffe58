/**
 * `getattr(obj, "name")` with a literal identifier is the same read as `obj.name`; anything whose name
 * is not known statically is not.
 */
import { describe, expect, it } from "vitest";
import type { SyntaxNode } from "../../../src/analysis/parser.js";
import { parsedFile } from "../../helpers/models.js";
import { accessedName, accessOf, literalGetattr } from "../../../src/analysis/django/syntax.js";

function firstCall(source: string): SyntaxNode {
  const root = parsedFile("app/x.py", source).tree.rootNode;
  const call = root.descendantsOfType("call")[0];
  if (!call) throw new Error("no call");
  return call;
}

describe("literalGetattr", () => {
  it("reads a literal name, with or without a default", () => {
    expect(literalGetattr(firstCall('getattr(order, "customer")\n'))).toMatchObject({ name: "customer" });
    expect(literalGetattr(firstCall("getattr(order, 'customer', None)\n"))?.object.text).toBe("order");
    expect(accessedName(firstCall('getattr(order, "customer")\n'))).toBe("customer");
  });

  it("leaves names that are not literal identifiers, splats and other callees alone", () => {
    for (const source of [
      "getattr(order, field)\n",
      'getattr(order, f"{prefix}_id")\n',
      'getattr(order, "customer.name")\n',
      'getattr(order, *("customer",))\n',
      'getattr(order, name="customer")\n',
      "getattr(order)\n",
      'self.getattr(order, "customer")\n',
      'hasattr(order, "customer")\n',
    ]) {
      expect(literalGetattr(firstCall(source)), source).toBeUndefined();
    }
  });

  it("chains: the read of a node is its attribute or the getattr that takes it first", () => {
    const call = firstCall('getattr(getattr(order, "customer"), "company")\n');
    const inner = call.descendantsOfType("call").find((c) => c.startIndex > call.startIndex)!;
    expect(inner.text).toBe('getattr(order, "customer")');
    expect(accessOf(inner)?.text).toBe(call.text);
    const attrRead = firstCall('getattr(order, "customer").name\n');
    expect(accessOf(attrRead)?.text).toBe('getattr(order, "customer").name');
  });
});
