/** Golden test: models/ packages with re-exports and star imports, src layout, ambiguity, AppConfig.label. */
import { beforeAll, describe, expect, it } from "vitest";
import { summariseModel } from "../../../src/analysis/index/summary.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexProject } from "./load-project.js";

const PRODUCTS = "src.backend.inventory.models.products";
const STOCK = "src.backend.inventory.models.stock";

describe("ProjectIndex: packages project", () => {
  let index: ProjectIndex;
  const fieldsOf = (qn: string) => {
    const m = index.models.get(qn);
    if (!m) throw new Error(`no model ${qn}`);
    return summariseModel(m).fields;
  };
  beforeAll(async () => {
    index = await indexProject("packages");
  });

  it("resolves targets imported through a package's star import and an absolute import with a shorter prefix", () => {
    expect(fieldsOf("src.backend.orders.models.OrderLine")).toEqual({
      id: "concrete AutoField auto",
      product: `fk ForeignKey -> ${PRODUCTS}.Product`,
      stock_item: `fk ForeignKey -> ${STOCK}.StockItem null`,
      category: `fk ForeignKey -> ${PRODUCTS}.Category`,
      invoice: "fk ForeignKey -> ?billing.Invoice null",
      supplier: "fk ForeignKey -> ?suppliers.Supplier null",
    });
  });

  it('resolves "app.Model" and "Model" strings by app label, not by module', () => {
    expect(fieldsOf(`${STOCK}.StockItem`)).toEqual({
      id: "concrete AutoField auto",
      product: `fk ForeignKey -> ${PRODUCTS}.Product related_name=stock`,
      location: `fk ForeignKey -> ${STOCK}.Location`,
    });
    expect(summariseModel(index.models.get(`${PRODUCTS}.Product`)!).reverse).toEqual({
      stock: `reverse-fk ${STOCK}.StockItem.product`,
      orderline_set: "reverse-fk src.backend.orders.models.OrderLine.product",
    });
  });

  it("labels apps by their package, or by AppConfig.label", () => {
    expect(index.models.get(`${PRODUCTS}.Product`)?.appLabel).toBe("inventory");
    expect(index.models.get("src.backend.orders.models.OrderLine")?.appLabel).toBe("sales");
    expect(index.resolveModelLabel("sales.OrderLine", "x")).toBe("src.backend.orders.models.OrderLine");
    expect(index.resolveModelLabel("orders.OrderLine", "x")).toBeUndefined();
    expect(index.resolveModelLabel("inventory.discontinuedproduct", "x")).toBe(`${PRODUCTS}.DiscontinuedProduct`);
    expect(index.resolveModelLabel("Location", `${PRODUCTS}`)).toBe(`${STOCK}.Location`);
  });

  it("resolves dotted names by unique suffix, through re-exports", () => {
    expect(index.resolveQualified("inventory.models.Product")).toBe(`${PRODUCTS}.Product`);
    expect(index.resolveQualified("inventory.models.StockItem")).toBe(`${STOCK}.StockItem`);
    expect(index.resolveQualified("backend.inventory.models.products.Category")).toBe(`${PRODUCTS}.Category`);
    expect(index.resolveQualified("src.backend.billing.models.Invoice")).toBe("src.backend.billing.models.Invoice");
    expect(index.resolveQualified("inventory.models.Nope")).toBeUndefined();
  });

  it("leaves an ambiguous name or label unresolved, and says why", () => {
    // billing.models is both src/backend/billing/models.py and legacy/billing/models.py.
    expect(index.resolveQualified("billing.models.Invoice")).toBeUndefined();
    expect(index.resolveModelLabel("billing.Invoice", "x")).toBeUndefined();
    expect(index.models.has("legacy.billing.models.Invoice")).toBe(true);
    expect(index.models.has("src.backend.billing.models.Invoice")).toBe(true);
    expect(index.notes).toContain(
      "model label billing.Invoice is ambiguous (legacy.billing.models.Invoice, src.backend.billing.models.Invoice); left unresolved",
    );
  });

  it("treats a proxy in a package like any proxy", () => {
    const proxy = index.models.get(`${PRODUCTS}.DiscontinuedProduct`);
    expect(proxy?.isProxy).toBe(true);
    expect([...(proxy?.fields.keys() ?? [])]).toEqual(["id", "category", "sku"]);
    expect([...(proxy?.reverse.keys() ?? [])]).toEqual(["stock", "orderline_set"]);
  });
});
