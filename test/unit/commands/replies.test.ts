import { describe, expect, it } from "vitest";
import { explainTarget, renderExplain, renderExplainMiss } from "../../../src/commands/explain.js";
import { renderHelp } from "../../../src/commands/help.js";
import { parseCommand } from "../../../src/commands/parse.js";
import { parseRuleDoc } from "../../../src/report/rule-docs.js";
import { markerOf } from "../../../src/report/review.js";

const README = `---
id: DJP101
name: lazy-relation-in-loop
level: warn
status: preview
fix: sometimes
---

# DJP101 · lazy-relation-in-loop

## What it does

Flags a foreign key or one-to-one relation read on each object of a loop over a queryset that does not
load it (\`select_related\`).

## Why is this bad?

Each read runs one query: a page of N orders costs 1 + N queries.

## Example

\`\`\`python
for order in Order.objects.filter(status="open"):
    print(order.customer.name)
\`\`\`

## Use instead

\`\`\`python
for order in Order.objects.filter(status="open").select_related("customer"):
    print(order.customer.name)
\`\`\`

## Known problems

Templates are not analysed.

## Fix safety

Safe: adding \`select_related\` does not change results.

## Options

None.

## References

- Django docs: select_related
`;

describe("renderHelp", () => {
  it("lists the commands and names an unknown one", async () => {
    const help = renderHelp({ unknown: "fix all" });
    expect(help.startsWith("I don't know the command `/djperf fix all`.")).toBe(true);
    await expect(help).toMatchFileSnapshot("./__snapshots__/help.md");
  });

  it("never reads as a command itself (djperf must not answer its own reply)", () => {
    expect(parseCommand(renderHelp({ unknown: "x" }))).toBeNull();
  });
});

describe("renderExplain", () => {
  it("shows What it does / Why is this bad? / Example / Use instead and links the full page", async () => {
    const reply = renderExplain(parseRuleDoc(README));
    expect(reply).not.toContain("Templates are not analysed");
    expect(parseCommand(reply)).toBeNull();
    await expect(reply).toMatchFileSnapshot("./__snapshots__/explain-DJP101.md");
  });

  it("skips missing sections and falls back to the front matter for the title", () => {
    const reply = renderExplain({ frontMatter: { id: "DJP305", name: "query-in-serializer-method" }, sections: [{ heading: "Why is this bad?", body: "One query per object." }] }, { docsBase: "https://ghe.example.com/djperf/blob/v1/" });
    expect(reply).toBe(
      "### DJP305 · query-in-serializer-method\n\n#### Why is this bad?\n\nOne query per object.\n\n" +
        "<sub>[Full page](https://ghe.example.com/djperf/blob/v1/rules/DJP305-query-in-serializer-method/README.md) (known problems, fix safety, options) · Suppress one finding with `# djperf: ignore[DJP305] <reason>`</sub>",
    );
  });
});

describe("explainTarget", () => {
  it("prefers the named rule, else the rule of the djperf comment replied to", () => {
    const parent = `⚠️ **DJP301 · list-view-without-pagination**\n\n${markerOf("DJP301", "0a1b2c3d4e5f6071")}`;
    expect(explainTarget({ verb: "explain", rule: { id: "DJP101" } }, parent)).toEqual({ id: "DJP101" });
    expect(explainTarget({ verb: "explain" }, parent)).toEqual({ id: "DJP301" });
    expect(explainTarget({ verb: "explain" }, "a human comment")).toBeUndefined();
    expect(explainTarget({ verb: "explain" })).toBeUndefined();
  });

  it("answers a miss with the known rules", () => {
    const known = [{ id: "DJP101", name: "lazy-relation-in-loop" }];
    expect(renderExplainMiss({ name: "nplusone" }, known)).toBe("There is no djperf rule `nplusone`.\n\nRules: `DJP101` lazy-relation-in-loop.");
    expect(renderExplainMiss(undefined, [])).toContain("Which rule?");
  });
});
