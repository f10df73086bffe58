/** Golden test: custom managers and querysets, their eager loads, and Django's default-manager rule. */
import { beforeAll, describe, expect, it } from "vitest";
import { summariseModel } from "../../../src/analysis/index/summary.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexProject } from "./load-project.js";

describe("ProjectIndex: managers project", () => {
  let index: ProjectIndex;
  const managersOf = (qn: string) => {
    const m = index.models.get(qn);
    if (!m) throw new Error(`no model ${qn}`);
    return summariseModel(m).managers;
  };
  beforeAll(async () => {
    index = await indexProject("managers");
  });

  it("reads eager loads from get_queryset, through super() in a manager subclass", () => {
    expect(managersOf("shop.models.Order")).toEqual({
      objects: "OrderManager eager=customer,customer__address,lines",
      current: "ActiveOrderManager eager=customer,customer__address,lines",
      paid: "OrderQuerySet.as_manager()",
    });
  });

  it("follows a local variable and records select_related() with no arguments", () => {
    expect(managersOf("shop.models.Customer")).toEqual({ everything: "EverythingManager select_related()" });
    expect(index.models.get("shop.models.Customer")?.managers.get("everything")).toEqual({
      name: "everything",
      className: "EverythingManager",
      eagerLoads: [],
      selectsAllRelated: true,
    });
  });

  it("inherits managers from an abstract base, so no default objects is added", () => {
    expect(managersOf("shop.models.Line")).toEqual({
      with_notes: "NotedLineManager.from_queryset(OrderQuerySet)() eager=notes",
      objects: "models.Manager",
      live: "models.Manager.from_queryset(OrderQuerySet)()",
    });
  });

  it("adds objects only when no manager is declared", () => {
    expect(managersOf("shop.models.Address")).toEqual({ objects: "(default)" });
    expect(managersOf("shop.models.Note")).toEqual({
      recent: "PlainManager",
      objects: "models.Manager",
      // NoteManager = LineSelectingManager.from_queryset(OrderQuerySet) at module level.
      with_line: "NoteManager eager=line",
    });
  });

  it("indexes manager and queryset classes without taking them for models", () => {
    expect(index.models.has("shop.managers.OrderManager")).toBe(false);
    expect(index.classes.has("shop.managers.OrderManager")).toBe(true);
    expect(index.classes.has("shop.managers.OrderQuerySet")).toBe(true);
    expect(index.resolveQualified("shop.managers.OrderQuerySet")).toBe("shop.managers.OrderQuerySet");
  });
});
