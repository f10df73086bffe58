/**
 * DJP403 cache-round-trips-in-loop: one `cache.get()` / `set()` / `delete()` per loop iteration is
 * one network round trip to Redis or Memcached per item; `get_many` / `set_many` / `delete_many`
 * do the whole batch in one. Quiet for loops that are provably short (a few literal items,
 * configuration, command-line arguments) and for `while` loops (lock spinning and retries, where
 * one key is tried again and again).
 */
import { defineRule } from "../../src/analysis/rule.js";
import { cacheCalls } from "../../src/analysis/django/cache-calls.js";
import { loopScope, reportingLoop } from "../../src/analysis/django/loop-scope.js";
import { impactOfLoop } from "../../src/analysis/django/impact.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";

/** Per-key cache methods and the batch method that replaces each. */
const BATCHED: ReadonlyMap<string, string> = new Map([
  ["get", "get_many(keys)"],
  ["has_key", "get_many(keys)"],
  ["set", "set_many({key: value, ...})"],
  ["add", "set_many({key: value, ...})"],
  ["delete", "delete_many(keys)"],
  ["incr", "a single set_many of the new values (or a Redis pipeline)"],
  ["decr", "a single set_many of the new values (or a Redis pipeline)"],
  ["get_or_set", "get_many(keys), then one set_many of the misses"],
  ["touch", "a single set_many (or a Redis pipeline)"],
]);

/** The call runs only when something in the loop body failed: inside an `except` clause within the loop. */
function onErrorPath(call: SyntaxNode, loop: LoopInfo): boolean {
  const outer = (loop.comprehension ?? loop.node).id;
  for (let n = call.parent; n && n.id !== outer; n = n.parent) if (n.type === "except_clause") return true;
  return false;
}

export default defineRule({
  id: "DJP403",
  name: "cache-round-trips-in-loop",
  category: "caching",
  status: "preview",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "A cache get/set/delete runs once per loop iteration where one get_many/set_many/delete_many would do.",
  messages: {
    roundTrip:
      "`{{receiver}}.{{method}}()` runs once per iteration of this loop: N items, N round trips to the cache server. Collect the keys and use {{batched}} once, before or after the loop. Intended (a handful of items)? `# djperf: ignore[DJP403] <reason>`.",
  },
  check(ctx) {
    for (const c of cacheCalls(ctx.django, new Set(BATCHED.keys()))) {
      const loop = reportingLoop(ctx.django, c.call);
      if (!loop || loop.kind === "while" || onErrorPath(c.call, loop)) continue;
      ctx.report({
        node: c.call,
        scope: loopScope(loop),
        subject: `cache.${c.name}`,
        messageId: "roundTrip",
        data: { receiver: c.receiver, method: c.name, batched: `\`${BATCHED.get(c.name) ?? "get_many"}\`` },
        // Like a query per row: material only when the loop walks many items (a whole table, an import).
        impact: impactOfLoop(ctx.django, loop),
      });
    }
  },
});
