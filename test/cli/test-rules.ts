/**
 * Tiny rules for CLI tests, injected through `main(argv, { rules })`, so the CLI is tested without
 * depending on the real rules (which other people write and change).
 */
import { defineRule, type AnyRule } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";

/** Blocks every `.all()` call; its scope is the enclosing `for` loop, as a loop rule's would be. */
export const ALL_CALL_RULE = defineRule({
  id: "DJP998",
  name: "all-call",
  category: "orm",
  status: "preview",
  level: "block",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "Test rule: every .all() call",
  messages: { call: "`{{text}}` is called" },
  query: `(call function: (attribute attribute: (identifier) @name) (#eq? @name "all")) @call`,
  check(ctx) {
    for (const match of ctx.matches()) {
      const call = match.captures.call?.[0];
      if (!call) continue;
      ctx.report({ node: call, scope: enclosingLoop(call) ?? call, messageId: "call", data: { text: call.text } });
    }
  },
});

/** Warns on every `print(...)` call (a non-blocking finding). */
export const PRINT_CALL_RULE = defineRule({
  id: "DJP999",
  name: "print-call",
  category: "monitoring",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "all",
  summary: "Test rule: every print() call",
  messages: { call: "print is called" },
  query: `(call function: (identifier) @name (#eq? @name "print")) @call`,
  check(ctx) {
    for (const match of ctx.matches()) {
      const call = match.captures.call?.[0];
      if (call) ctx.report({ node: call, messageId: "call" });
    }
  },
});

export const TEST_RULES: readonly AnyRule[] = [ALL_CALL_RULE, PRINT_CALL_RULE];

function enclosingLoop(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) if (n.type === "for_statement") return n;
  return undefined;
}
