import { describe, expect, it } from "vitest";
import { relatedModel, relationOf } from "../../../src/analysis/django/relations.js";
import type { ModelInfo } from "../../../src/analysis/index/types.js";
import { makeIndex } from "../../helpers/models.js";
import { shopIndex } from "./shop-index.js";

const model = (name: string): ModelInfo => {
  const found = [...shopIndex.models.values()].find((m) => m.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe("relation", () => {
  it("classifies forward, m2m, reverse and concrete attributes", () => {
    const order = model("Order");
    expect(relationOf(order, "customer")?.kind).toBe("forward");
    expect(relationOf(order, "tags")?.kind).toBe("m2m");
    expect(relationOf(order, "items")).toMatchObject({ kind: "reverse", relation: { kind: "reverse-fk", fromModel: "shop.models.Item" } });
    expect(relationOf(order, "status")?.kind).toBe("concrete");
    expect(relationOf(model("Customer"), "profile")).toMatchObject({ kind: "reverse", relation: { kind: "reverse-o2o" } });
    expect(relationOf(model("Tag"), "order_set")).toMatchObject({ kind: "reverse", relation: { kind: "reverse-m2m" } });
  });

  it("treats <fk>_id as a concrete column", () => {
    const access = relationOf(model("Order"), "customer_id");
    expect(access?.kind).toBe("concrete");
    expect(access?.kind === "concrete" ? access.field.name : undefined).toBe("customer");
    expect(relationOf(model("Order"), "status_id")).toBeUndefined();
  });

  it("is undefined for unknown names, generic relations and disabled reverse accessors", () => {
    expect(relationOf(model("Order"), "nope")).toBeUndefined();
    expect(relationOf(model("Order"), "content_object")).toBeUndefined();
    expect([...model("Customer").reverse.keys()].sort()).toEqual(["orders", "profile"]);
  });

  it("finds the model at the other end", () => {
    const order = model("Order");
    const name = (attr: string): string | undefined => {
      const access = relationOf(order, attr);
      return access ? relatedModel(shopIndex, access)?.name : undefined;
    };
    expect(name("customer")).toBe("Customer");
    expect(name("tags")).toBe("Tag");
    expect(name("items")).toBe("Item");
    expect(name("status")).toBeUndefined();
  });

  it("names default reverse accessors the way Django does", () => {
    const index = makeIndex([
      { name: "A", module: "x.models" },
      { name: "Bee", module: "x.models", fields: { a: { kind: "fk", target: "x.models.A" }, one: { kind: "o2o", target: "x.models.A" } } },
    ]);
    expect([...(index.models.get("x.models.A")?.reverse.keys() ?? [])].sort()).toEqual(["bee", "bee_set"]);
  });
});
