/**
 * Small test-only rules, so the GitHub tests do not depend on the real registry (others change it).
 * They are honest tree-sitter rules over realistic Django code, each with one clear behaviour.
 */
import { defineRule, type AnyRule } from "../../../src/analysis/rule.js";
import type { SyntaxNode } from "../../../src/analysis/parser.js";
import { rangeOf } from "../../../src/analysis/positions.js";

/** `X.objects.<method>(...)` calls: the ORM call chains the rules look at. */
function isManagerCall(node: SyntaxNode): boolean {
  if (node.type !== "call") return false;
  const fn = node.childForFieldName("function");
  return fn?.type === "attribute" && /\.objects\.\w+$/.test(fn.text);
}

function enclosingLoop(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "function_definition") return undefined;
    if (n.type === "for_statement") return n;
  }
  return undefined;
}

/** Warns on an ORM query inside a for-loop body (the loop is the scope: touching it makes the PR the cause). */
export const QUERY_IN_LOOP = defineRule({
  id: "DJP990",
  name: "test-query-in-loop",
  category: "orm",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "Test rule: an ORM query inside a loop",
  messages: { query: "`{{call}}` runs one query per iteration of this loop." },
  query: "(for_statement body: (block) @body) @loop",
  check(ctx) {
    for (const match of ctx.matches()) {
      const loop = match.captures.loop?.[0];
      const body = match.captures.body?.[0];
      if (!loop || !body) continue;
      for (const call of body.descendantsOfType("call")) {
        if (!isManagerCall(call) || enclosingLoop(call)?.id !== loop.id) continue;
        const fn = call.childForFieldName("function")!;
        ctx.report({ node: call, scope: loop, messageId: "query", data: { call: `${fn.text}(...)` } });
      }
    }
  },
});

/** `len(X.objects...)` loads every row to count them; the safe fix is `.count()`. */
export const LEN_OF_QUERYSET = defineRule({
  id: "DJP991",
  name: "test-len-of-queryset",
  category: "orm",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "always",
  target: "python",
  summary: "Test rule: len() of a queryset",
  messages: { len: "`len()` loads every row of the queryset to count it; `.count()` asks the database." },
  query: '(call function: (identifier) @fn arguments: (argument_list . (call) @qs .) (#eq? @fn "len")) @len',
  check(ctx) {
    for (const match of ctx.matches()) {
      const len = match.captures.len?.[0];
      const qs = match.captures.qs?.[0];
      if (!len || !qs || !qs.text.includes(".objects.")) continue;
      ctx.report({
        node: len,
        messageId: "len",
        fix: { safety: "safe", title: "Count in the database with `.count()`", edits: [{ range: rangeOf(len), newText: `${qs.text}.count()` }] },
      });
    }
  },
});

/** Blocks raw SQL through `Model.objects.raw(...)`: a `block` finding fails the check. */
export const RAW_SQL = defineRule({
  id: "DJP992",
  name: "test-raw-sql",
  category: "orm",
  status: "stable",
  level: "block",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "Test rule: raw SQL through the ORM",
  messages: { raw: "`{{call}}` bypasses the ORM; raw SQL is not allowed in views." },
  query: '(call function: (attribute attribute: (identifier) @name) (#eq? @name "raw")) @call',
  check(ctx) {
    for (const match of ctx.matches()) {
      const call = match.captures.call?.[0];
      if (call && isManagerCall(call)) ctx.report({ node: call, messageId: "raw", data: { call: call.childForFieldName("function")!.text } });
    }
  },
});

/** A rule with a bug: it throws on every file that defines a function. */
export const CRASHING_RULE = defineRule({
  id: "DJP997",
  name: "test-crashing-rule",
  category: "orm",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "Test rule: throws",
  messages: { never: "never reported" },
  check(ctx) {
    if (ctx.file.text.includes("def ")) throw new TypeError("Cannot read properties of undefined (reading 'model')");
  },
});

export const REVIEW_RULES: readonly AnyRule[] = [QUERY_IN_LOOP, LEN_OF_QUERYSET, RAW_SQL];
