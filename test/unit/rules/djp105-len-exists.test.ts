/** DJP105 gives one piece of advice per question: `len(qs) > 0` asks "any?", so exists(), never count(). */
import { describe, expect, it } from "vitest";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP105-python-side-count-or-exists";

async function findingsOf(body: string) {
  const text = ["from shop.models import Order", "", "", "def f():", ...body.split("\n").map((l) => `    ${l}`), ""].join("\n");
  return runRuleOn(await loadRule(FOLDER), "shop/views.py", text, projectSources(FOLDER));
}

describe("DJP105 len() asking any?", () => {
  it.each([
    ['return len(Order.objects.filter(status="paid")) > 0', 'Order.objects.filter(status="paid").exists()'],
    ['return 0 == len(Order.objects.filter(status="paid"))', 'not Order.objects.filter(status="paid").exists()'],
    ['if len(Order.objects.filter(status="paid")):\n    return 1', 'Order.objects.filter(status="paid").exists()'],
  ])("%s → %s", async (body, replacement) => {
    const [finding] = await findingsOf(body);
    expect(finding?.messageId).toBe("lenExists");
    expect(finding?.message).toContain(`Use \`${replacement}\``);
    expect(finding?.message).not.toContain(".count()");
    expect(finding?.fix?.edits[0]?.newText).toBe(replacement);
  });

  it("keeps count() advice when the number is used", async () => {
    const [finding] = await findingsOf('n = len(Order.objects.filter(status="paid"))\nreturn n * 2');
    expect(finding?.messageId).toBe("len");
  });
});
