/**
 * Issue 12, item 6 (ReDoS): no regular expression of the product may nest quantifiers (`(a+)+`,
 * `(\w*\s?)*`): star height above one is the shape of catastrophic backtracking. Regex literals are
 * found with TypeScript's own scanner in src/ and rules/, not by matching source text.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..", "..");

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) yield path;
  }
}

/** Every regex literal of a file, as written (`/…/flags`). */
function regexLiterals(path: string): string[] {
  const file = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) found.push(node.getText(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Quantified groups that hold a quantifier themselves (star height > 1); empty when there is none. */
export function nestedQuantifiers(pattern: string): string[] {
  const groups: { start: number; quantified: boolean }[] = [];
  const found: string[] = [];
  let inClass = false;
  let lastGroup: { start: number; quantified: boolean } | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      i++;
      lastGroup = undefined;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      lastGroup = undefined;
    } else if (c === "(") groups.push({ start: i, quantified: false });
    else if (c === ")") {
      lastGroup = groups.pop();
      continue;
    } else if (c === "*" || c === "+" || (c === "{" && /^\{\d*,\d*\}|^\{\d+\}/.test(pattern.slice(i)))) {
      // A bounded repeat of at most a few (`{0,3}`) cannot blow up; `?` is not a loop.
      const bounded = c === "{" && /^\{\d*,?\d{1,2}\}/.test(pattern.slice(i));
      if (lastGroup?.quantified && !bounded) found.push(pattern.slice(lastGroup.start, i + 1));
      if (!bounded) for (const g of groups) g.quantified = true;
      if (lastGroup && !bounded) for (const g of groups) g.quantified = true;
    }
    if (lastGroup && c !== "?") lastGroup = undefined;
    if (lastGroup && c === "?") lastGroup = undefined;
  }
  return found;
}

/**
 * Nested quantifiers reviewed as safe: every iteration of the outer group starts with a character
 * (`.`, `,`) that the end of the previous iteration cannot match, so there is one way to split the
 * input into iterations and matching stays linear.
 */
const REVIEWED: Record<string, string> = {
  [String.raw`(?: ?, ?["']\w+["'])*`]: "each item starts with a comma; the previous one ends with a quote",
  [String.raw`(?:\s*,\s*(?:[<>=!~]=?|===)[^;\s#,]*)*`]: "each clause starts with a comma, which the previous clause's `[^;\\s#,]*` excludes",
  [String.raw`(?:\.\d+)*`]: "each part starts with a dot; digits cannot match it",
  [String.raw`(?:\s*,\s*[A-Z]+\d+\*?)*`]: "each code starts with a comma; a code ends with a digit or `*`",
  [String.raw`(\w+\.)*`]: "each part ends with a dot, which `\\w+` cannot match",
};

describe("regular expressions (ReDoS)", () => {
  it("the check finds nested quantifiers", () => {
    expect(nestedQuantifiers("(a+)+$")).toEqual(["(a+)+"]);
    expect(nestedQuantifiers("^(\\w*\\s?)*x")).toEqual(["(\\w*\\s?)*"]);
    expect(nestedQuantifiers("(?:ab|c*)+")).toEqual(["(?:ab|c*)+"]);
    expect(nestedQuantifiers("^(\\d+)(\\.\\d+)?$")).toEqual([]);
    expect(nestedQuantifiers("[(a+)]+")).toEqual([]);
    expect(nestedQuantifiers("(a|b)+")).toEqual([]);
  });

  it("the rewritten `self.action in (…)` test no longer backtracks exponentially", async () => {
    // The old pattern split each space two ways (2^k tries for k items before failing); the check flags it.
    expect(nestedQuantifiers(`^self\\.action in [[(]((?:\\s*["']\\w+["']\\s*,?)+)[\\])]$`)).not.toEqual([]);
    const source = readFileSync(join(ROOT, "src/analysis/index/drf/method-facts.ts"), "utf8");
    expect(source).not.toContain(`(?:\\s*["']\\w+["']\\s*,?)+`);
  });

  it("no regex literal in src/ or rules/ nests quantifiers, apart from the reviewed ones", () => {
    const offenders: string[] = [];
    let checked = 0;
    for (const dir of ["src", "rules"]) {
      for (const path of sourceFiles(join(ROOT, dir))) {
        for (const literal of regexLiterals(path)) {
          checked++;
          const pattern = literal.slice(1, literal.lastIndexOf("/"));
          for (const nested of nestedQuantifiers(pattern)) if (!(nested in REVIEWED)) offenders.push(`${relative(ROOT, path)}: ${literal} (${nested})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
