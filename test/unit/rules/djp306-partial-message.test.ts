/**
 * DJP306 on a walk it could not read in full: the message names the proven paths only and says what was
 * not checked (past which relation, and why); a walk read in full says nothing of the kind.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_DIR, fixturePathOf, loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP306-serializer-relation-not-eager-loaded";

describe("DJP306 partial walks", () => {
  it("names what was not checked, and only then", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const of = (cls: string) => findings.find((f) => f.message.startsWith(`\`${cls}\` `))?.message ?? "";
    expect(of("BadgeOrders")).toContain("which walks `customer`, `items` for every row");
    expect(of("BadgeOrders")).toContain(
      "Other paths were not checked (past `customer`: `CustomerBadgeSerializer` overrides `to_representation`; past `items`: `ItemCardSerializer` overrides `to_representation`).",
    );
    expect(of("LabelledOrders")).toContain("which walks `customer__region` for every row");
    expect(of("LabelledOrders")).toContain("Other paths were not checked (fields `LabelledOrderSerializer` may get from `labelkit.serializers.LabelledFieldsMixin`).");
    expect(of("OpenItemOrdersNoCustomer")).not.toContain("open_items`,");
    // to_representation overrides that start from super(): the fields are walked, what the override adds is not.
    expect(of("SummaryOrders")).toContain("which walks `customer__region` for every row");
    expect(of("SummaryOrders")).toContain("Other paths were not checked (what `OrderSummarySerializer.to_representation` adds).");
    expect(of("CardOrders")).toContain("Other paths were not checked (what `CustomerCardSerializer.to_representation` adds).");
    // A source="*" serializer that renders itself hides only what it reads.
    expect(of("StampedOrders")).toContain("which walks `customer__region` for every row");
    expect(of("StampedOrders")).toContain(
      'Other paths were not checked (`OrderStampedSerializer.stamp` (`source="*"`): `OrderStampSerializer` overrides `to_representation`).',
    );
    expect(of("CodeOrders")).toBe("");
    expect(of("OrderViewSet")).toContain("which walks");
    expect(of("OrderViewSet")).not.toContain("not checked");
  });
});

describe("DJP306 levels", () => {
  it("reports one user's rows at info, with the reason", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const of = (cls: string) => findings.find((f) => f.message.startsWith(`\`${cls}\` `));
    expect(of("MyOrders")?.level).toBe("info");
    expect(of("MyOrders")?.message).toContain("Reported at info: the list holds one user's rows");
    expect(of("OrderViewSet")?.level).toBe("warn");
  });

  it("reports one object's related rows rendered by a serializer no list renders at info", async () => {
    const text = readFileSync(join(RULES_DIR, FOLDER, "fixture.py"), "utf8");
    const findings = await runRuleOn(await loadRule(FOLDER), fixturePathOf(text), text, projectSources(FOLDER));
    const at = (needle: string) => findings.filter((f) => f.message.startsWith("`OrderSerializer`(..., many=True)")).find((f) => text.split("\n")[f.range.start.line - 2]?.includes(needle));
    expect(at("once per response")?.level).toBe("info");
    expect(at("once per response")?.message).toContain("no list view or `many=True` field is known to render `CustomerDetailSerializer`");
    expect(at("listed by CustomerRows")?.level).toBe("warn");
    expect(at("one customer's orders by its key")?.level).toBe("info");
    expect(at("the customer's orders through a variable")?.level).toBe("info");
    expect(at("one customer's orders by its key")?.message).toContain("no list view or `many=True` field is known to render `CustomerOrdersByKeySerializer`");
  });
});
