/**
 * Issue 12, item 5 (Markdown injection): source text reaches rule messages and fix titles through
 * placeholders (`{{call}}`, …). Every rule fixture is analysed again with a backtick-and-mention payload
 * added to each string literal; in every message and fix title the payload must stay inside a code
 * span, so it can never end a span early and post a live `@mention` or link.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureFiles, fixturePathOf, loadRule, projectConfig, projectSources, RULES_DIR, ruleFolders, runRuleOn } from "../../helpers/fixture-runner.js";

const PAYLOAD = "`@octocat [x](https://evil.example)";

/** Adds the payload to every one-line string literal of the fixture (test input only, not analysis). */
function hostile(text: string): string {
  return text.replace(/(["'])([\w .:/-]{0,40})\1/g, (_m, quote: string, inner: string) => `${quote}${inner}${PAYLOAD}${quote}`);
}

/** The text outside CommonMark code spans: a run of N backticks opens a span, the next run of exactly N closes it. */
export function outsideCodeSpans(markdown: string): string {
  let out = "";
  let i = 0;
  while (i < markdown.length) {
    if (markdown[i] !== "`") {
      out += markdown[i++];
      continue;
    }
    let n = 0;
    while (markdown[i + n] === "`") n++;
    const fence = "`".repeat(n);
    let close = -1;
    for (let j = markdown.indexOf(fence, i + n); j !== -1; j = markdown.indexOf(fence, j + 1)) {
      if (markdown[j - 1] !== "`" && markdown[j + n] !== "`") {
        close = j;
        break;
      }
    }
    if (close === -1) {
      // No closing run: the backticks are literal text.
      out += fence;
      i += n;
    } else i = close + n;
  }
  return out;
}

describe("hostile source text in every rule's messages and fix titles", () => {
  it("the span parser: a payload after a closed span is outside it", () => {
    expect(outsideCodeSpans("call `a` then @x")).toContain("@x");
    expect(outsideCodeSpans("call `` a`@x `` here")).not.toContain("@x");
    expect(outsideCodeSpans("call `a`@x` here")).toContain("@x");
  });

  it("stays inside code spans", async () => {
    let carried = 0;
    const leaks: string[] = [];
    for (const folder of ruleFolders()) {
      const rule = await loadRule(folder);
      for (const name of fixtureFiles(folder)) {
        const text = hostile(readFileSync(join(RULES_DIR, folder, name), "utf8"));
        const findings = await runRuleOn(rule, fixturePathOf(text), text, projectSources(folder, name), projectConfig(folder));
        for (const f of findings) {
          for (const [what, markdown] of [["message", f.message], ["fix title", f.fix?.title ?? ""]] as const) {
            if (markdown.includes("@octocat")) carried++;
            const outside = outsideCodeSpans(markdown);
            if (outside.includes("@octocat") || outside.includes("](https://evil")) leaks.push(`${folder}/${name}:${f.range.start.line} ${what}: ${markdown}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    // The payload did reach messages: the check above looked at something.
    expect(carried).toBeGreaterThan(10);
  }, 120_000);
});
