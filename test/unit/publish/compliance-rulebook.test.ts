/**
 * Dev-only: every line of the team rulebook (its DO list, DON'T list and checklist) has an entry in
 * the compliance model, in the same order, under the same checklist heading, and sharing at least one
 * significant word with it (the wording is djperf's own, the subject must be the same). The rulebook
 * lives beside the repository on developer machines (`../shared/rulebook/`); a user's clone has none,
 * and then this test is skipped.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPLIANCE_ITEMS, GROUP_TITLES, type ComplianceItem } from "../../../src/report/compliance-items.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const CANDIDATES = [join(ROOT, "..", "shared"), join(ROOT, "..", "..", "shared")].map((dir) => join(dir, "rulebook", "django-performance-rules.md"));
const RULEBOOK = CANDIDATES.find((path) => existsSync(path));

interface RulebookLine {
  kind: ComplianceItem["kind"];
  /** The checklist heading (`ORM & Database`), for checklist lines. */
  heading?: string;
  text: string;
}

function rulebookLines(markdown: string): RulebookLine[] {
  const out: RulebookLine[] = [];
  let section: "do" | "dont" | "checklist" | undefined;
  let heading: string | undefined;
  for (const raw of markdown.split("\n")) {
    const line = raw.trim();
    if (/^##\s/.test(line)) {
      section = /✅\s*DO\b/.test(line) ? "do" : /❌\s*DON'T\b/.test(line) ? "dont" : /Checklist/i.test(line) ? "checklist" : undefined;
      heading = undefined;
      continue;
    }
    if (section === "checklist" && /^###\s/.test(line)) heading = line.replace(/^###\s*/, "");
    if (section === "do" && line.startsWith("- ✅")) out.push({ kind: "do", text: line.replace(/^- ✅\s*/, "") });
    if (section === "dont" && line.startsWith("- ❌")) out.push({ kind: "dont", text: line.replace(/^- ❌\s*/, "") });
    if (section === "checklist" && /^- \[ \]/.test(line)) out.push({ kind: "checklist", heading, text: line.replace(/^- \[ \]\s*/, "") });
  }
  return out;
}

const STOPWORDS = new Set(["the", "and", "for", "use", "with", "not", "are", "all", "from", "have", "into", "their", "instead", "no", "don't", "always", "e.g.", "large", "large"]);

/** Significant word stems: lower case, code marks and punctuation dropped, the first five letters. */
function stems(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[`*()/,.:!-]/g, " ")
    .split(/\s+/)
    .filter((w) => w.length >= 4 && !STOPWORDS.has(w));
  return new Set(words.map((w) => w.replace(/_/g, "").slice(0, 5)));
}

describe.skipIf(RULEBOOK === undefined)("compliance model covers the rulebook (../shared/rulebook/django-performance-rules.md)", () => {
  // The body runs at collection even when skipped: read the rulebook only where it exists.
  const lines = RULEBOOK === undefined ? [] : rulebookLines(readFileSync(RULEBOOK, "utf8"));

  it("reads the rulebook's DO, DON'T and checklist lines", () => {
    expect(lines.filter((l) => l.kind === "do").length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.kind === "dont").length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.kind === "checklist").length).toBeGreaterThan(0);
  });

  it("has one entry per rulebook line, in order, under the same heading, about the same subject", () => {
    const problems: string[] = [];
    for (const kind of ["do", "dont", "checklist"] as const) {
      const book = lines.filter((l) => l.kind === kind);
      const items = COMPLIANCE_ITEMS.filter((i) => i.kind === kind);
      if (book.length !== items.length) problems.push(`${kind}: the rulebook has ${book.length} lines, the compliance model ${items.length} entries`);
      book.forEach((line, i) => {
        const item = items[i];
        if (!item) {
          problems.push(`${kind} line "${line.text}" has no entry`);
          return;
        }
        if (line.heading !== undefined && GROUP_TITLES.get(item.group)?.toLowerCase() !== line.heading.toLowerCase()) {
          problems.push(`${item.key}: rulebook heading "${line.heading}", entry group "${GROUP_TITLES.get(item.group)}"`);
        }
        const shared = [...stems(line.text)].filter((s) => stems(`${item.text} ${item.short}`).has(s));
        if (shared.length === 0) problems.push(`${item.key} ("${item.text}") shares no word with rulebook line "${line.text}"`);
      });
    }
    expect(problems).toEqual([]);
  });
});
