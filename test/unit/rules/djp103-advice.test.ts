/** DJP103's advice fits what the per-row query answers: one row (in_bulk), a number or yes/no (one grouped query), rows to walk (prefetch or one filter). */
import { describe, expect, it } from "vitest";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP103-query-in-loop";

async function findingFor(inner: string) {
  const text = [
    "from shop.models import Customer, Order",
    "",
    "",
    "def report(rows):",
    "    for row in rows:",
    `        ${inner}`,
    "",
  ].join("\n");
  const [finding] = await runRuleOn(await loadRule(FOLDER), "shop/services.py", text, projectSources(FOLDER));
  return finding;
}

async function adviceFor(inner: string): Promise<string | undefined> {
  return (await findingFor(inner))?.messageId;
}

describe("DJP103 advice by shape", () => {
  it("one row per iteration: fetch them all before the loop (in_bulk / filter __in)", async () => {
    expect(await adviceFor('print(Customer.objects.get(pk=row["id"]))')).toBe("perRow");
  });

  it("a count or yes/no per iteration: one grouped values().annotate() query", async () => {
    expect(await adviceFor('print(Order.objects.filter(customer_id=row["id"]).count())')).toBe("perRowAggregate");
    expect(await adviceFor('print(Order.objects.filter(customer_id=row["id"]).exists())')).toBe("perRowAggregate");
  });

  it("a nested loop over a queryset: prefetch or one filter grouped into lists", async () => {
    expect(await adviceFor('print([o.pk for o in Order.objects.filter(customer_id=row["id"])])')).toBe("perRowRows");
  });
});

describe("DJP103 grouped count of distinct values (rotation set 12, junction)", () => {
  it("counts the distinct column, not the rows, when the query counts distinct values", async () => {
    const onColumn = await findingFor('print(Order.objects.filter(status=row["s"]).order_by("customer").distinct("customer").count())');
    expect(onColumn?.message).toContain('Count("customer", distinct=True)');
    const onValues = await findingFor('print(Order.objects.filter(status=row["s"]).values("customer").distinct().count())');
    expect(onValues?.message).toContain('Count("customer", distinct=True)');
    const plain = await findingFor('print(Order.objects.filter(status=row["s"]).count())');
    expect(plain?.message).toContain('Count("pk")');
  });
});
