import { describe, expect, it } from "vitest";
import { parseRuleDoc, RULE_DOC_SECTIONS, ruleDocPath, ruleDocUrl, sectionProblems } from "../../../src/report/rule-docs.js";

const README = `---
id: DJP101
name: lazy-relation-in-loop
level: warn
status: preview
fix: sometimes
---

# DJP101 · lazy-relation-in-loop

## What it does

Finds relation access inside loops.

## Why is this bad?

One query per row: N + 1 queries.

## Example

Some prose first.

\`\`\`text
not python
\`\`\`

\`\`\`python
for order in Order.objects.all():
    ## not a heading: a Python comment inside the block
    print(order.customer)
\`\`\`

\`\`\`python
second_block = "ignored"
\`\`\`

## Use instead

\`\`\`python
for order in Order.objects.select_related("customer"):
    print(order.customer)
\`\`\`

## Known problems

None.

## Fix safety

Safe.

## Options

None.

## References

- The rulebook.
`;

describe("parseRuleDoc", () => {
  const doc = parseRuleDoc(README);

  it("reads the front matter and the title", () => {
    expect(doc.frontMatter).toEqual({ id: "DJP101", name: "lazy-relation-in-loop", level: "warn", status: "preview", fix: "sometimes" });
    expect(doc.frontMatterError).toBeUndefined();
    expect(doc.title).toBe("DJP101 · lazy-relation-in-loop");
  });

  it("lists the ## sections in order, ignoring # lines inside code blocks", () => {
    expect(doc.sections.map((s) => s.heading)).toEqual([...RULE_DOC_SECTIONS]);
    expect(doc.sections[0]).toEqual({ heading: "What it does", body: "Finds relation access inside loops.", line: 11 });
    expect(sectionProblems(doc)).toEqual([]);
  });

  it("takes the first python block under Example and Use instead", () => {
    expect(doc.example).toBe(
      "for order in Order.objects.all():\n    ## not a heading: a Python comment inside the block\n    print(order.customer)\n",
    );
    expect(doc.useInstead).toBe('for order in Order.objects.select_related("customer"):\n    print(order.customer)\n');
  });

  it("reports missing, unknown and misplaced sections", () => {
    const broken = parseRuleDoc("# DJP1 · x\n\n## Example\n\ntext\n\n## What it does\n\n## Extras\n");
    expect(broken.frontMatter).toEqual({});
    expect(broken.example).toBeUndefined();
    const problems = sectionProblems(broken);
    expect(problems).toContain('missing section "## Why is this bad?"');
    expect(problems).toContain('unknown section "## Extras"');
    expect(problems).toContain('sections out of order: expected "What it does", "Example"');
  });

  it("says why the front matter cannot be read", () => {
    expect(parseRuleDoc("---\nid: [unclosed\n---\n# T\n").frontMatterError).toMatch(/not valid YAML/);
    expect(parseRuleDoc("---\nid: DJP101\n# T\n").frontMatterError).toMatch(/not closed/);
    expect(parseRuleDoc("---\n- a\n---\n").frontMatterError).toMatch(/mapping/);
  });

  it("handles CRLF line endings", () => {
    const crlf = parseRuleDoc(README.replace(/\n/g, "\r\n"));
    expect(crlf.frontMatter.id).toBe("DJP101");
    expect(crlf.useInstead).toBe('for order in Order.objects.select_related("customer"):\n    print(order.customer)\n');
  });
});

describe("rule doc links", () => {
  it("builds the README path and URL from id and name", () => {
    const rule = { id: "DJP201", name: "index-without-concurrently" };
    expect(ruleDocPath(rule)).toBe("rules/DJP201-index-without-concurrently/README.md");
    expect(ruleDocUrl(rule, "https://example.test/blob/main/")).toBe(
      "https://example.test/blob/main/rules/DJP201-index-without-concurrently/README.md",
    );
  });
});
