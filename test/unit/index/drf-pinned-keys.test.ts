/**
 * The key lookups each way a list return of `get_queryset` / `filter_queryset` is built
 * (src/analysis/index/drf/pinned-keys.ts): the view checks them against its model's unique keys to know a
 * list holds at most one row, or the rows the request names.
 */
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { pinnedKeysOfBody } from "../../../src/analysis/index/drf/pinned-keys.js";

const pinsOf = (body: string, signature = "get_queryset(self)", rowsParam?: string): string[][] | undefined =>
  pinnedKeysOfBody(parsePython(`def ${signature}:\n${body}\n`).rootNode.namedChildren[0]!, rowsParam);

describe("pinned keys of get_queryset and filter_queryset", () => {
  it("reads the keyword lookups of the returned chain, one list per way it is built", () => {
    expect(pinsOf(`    return Member.objects.filter(username=self.request.GET.get("u", "")).order_by("id")`)).toEqual([["username"]]);
    expect(pinsOf(`    qs = super().get_queryset()\n    return qs.filter(pk__exact=1, active=True)`)).toEqual([["pk__exact", "active"]]);
    expect(pinsOf(`    if self.request.GET.get("id"):\n        return Order.objects.filter(pk=1)\n    return Order.objects.none()`)).toEqual([["pk"]]);
    expect(pinsOf(`    if x:\n        qs = Order.objects.filter(pk=1)\n    else:\n        qs = Order.objects.all()\n    return qs`)).toEqual([["pk"], []]);
    expect(pinsOf(`    return Order.objects.filter(pk__in=ids)`)).toEqual([["pk__in"]]);
  });

  it("counts only the list action's returns, and the backend's rows parameter as the base rows", () => {
    const backend = `    if view.action == "list":\n        names = request.GET.get("users")\n        if names:\n            return queryset.filter(user__username__in=names.split(","))\n        return queryset.filter(user=request.user)\n    return queryset`;
    expect(pinsOf(backend, "filter_queryset(self, request, queryset, view)", "queryset")).toEqual([["user__username__in"], ["user"]]);
    expect(pinsOf(`    if self.action != "list":\n        return Order.objects.all()\n    return Order.objects.filter(pk=1)`)).toEqual([["pk"]]);
    expect(pinsOf(backend, "filter_queryset(self, request, queryset, view)")).toBeUndefined();
  });

  it("claims nothing for ORs, custom methods or names assigned from themselves", () => {
    expect(pinsOf(`    return Order.objects.filter(pk=1) | Order.objects.filter(public=True)`)).toBeUndefined();
    expect(pinsOf(`    return Order.objects.filter(pk=1).with_related_orders()`)).toBeUndefined();
    expect(pinsOf(`    qs = Order.objects.all()\n    qs = qs.filter(pk=1)\n    return qs`)).toBeUndefined();
    expect(pinsOf(`    return self.request.site.configuration.processors()`)).toBeUndefined();
  });
});
