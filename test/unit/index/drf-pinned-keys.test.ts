/**
 * The equality lookups each way a `get_queryset` return is built (src/analysis/index/drf/pinned-keys.ts):
 * the view checks them against its model's unique keys to know a list holds at most one row.
 */
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { pinnedKeysOfBody } from "../../../src/analysis/index/drf/pinned-keys.js";

const pinsOf = (body: string): string[][] | undefined => pinnedKeysOfBody(parsePython(`def get_queryset(self):\n${body}\n`).rootNode.namedChildren[0]!);

describe("pinned keys of get_queryset", () => {
  it("reads the equality keywords of the returned chain, one list per way it is built", () => {
    expect(pinsOf(`    return Member.objects.filter(username=self.request.GET.get("u", "")).order_by("id")`)).toEqual([["username"]]);
    expect(pinsOf(`    qs = super().get_queryset()\n    return qs.filter(pk__exact=1, active=True)`)).toEqual([["pk__exact", "active"]]);
    expect(pinsOf(`    if self.request.GET.get("id"):\n        return Order.objects.filter(pk=1)\n    return Order.objects.none()`)).toEqual([["pk"]]);
    expect(pinsOf(`    if x:\n        qs = Order.objects.filter(pk=1)\n    else:\n        qs = Order.objects.all()\n    return qs`)).toEqual([["pk"], []]);
  });

  it("claims nothing for ranges, ORs, custom methods, slices or names assigned from themselves", () => {
    expect(pinsOf(`    return Order.objects.filter(pk__in=ids)`)).toEqual([[]]);
    expect(pinsOf(`    return Order.objects.filter(pk=1) | Order.objects.filter(public=True)`)).toBeUndefined();
    expect(pinsOf(`    return Order.objects.filter(pk=1).with_related_orders()`)).toBeUndefined();
    expect(pinsOf(`    qs = Order.objects.all()\n    qs = qs.filter(pk=1)\n    return qs`)).toBeUndefined();
    expect(pinsOf(`    return self.request.site.configuration.processors()`)).toBeUndefined();
  });
});
