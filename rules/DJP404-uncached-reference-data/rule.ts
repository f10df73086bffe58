/**
 * DJP404 uncached-reference-data: a query on a model the team named as reference data
 * (`reference_models` in `.github/djperf.yml`: small, read-mostly tables such as tax parameters or
 * configuration) inside a view or serializer, with no caching around it. Opt-in: silent until the
 * list names a model. Caching seen: `@cache_page`, `lru_cache`/`cache`, `cached_property`, or a
 * function that also talks to Django's cache (`cache.get` / `get_or_set`).
 */
import { z } from "zod";
import { defineRule } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { cacheCalls } from "../../src/analysis/django/cache-calls.js";
import { decoratorsOf } from "../../src/analysis/django/syntax.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

const options = z.object({
  /** Reference models (`Model`, `app_label.Model` or the qualified name); also read from the top-level config key. */
  reference_models: z.array(z.string()).default([]),
});
type Options = z.infer<typeof options>;

const CACHING_DECORATORS = /(^|\.)(cache_page|lru_cache|cache|cached_property|cached|memoize|cache_control)$/;
const CACHE_METHODS = new Set(["get", "get_or_set", "get_many"]);

export default defineRule<Options>({
  id: "DJP404",
  name: "uncached-reference-data",
  category: "caching",
  status: "preview",
  level: "info",
  confidence: "medium",
  fix: "never",
  target: "python",
  optIn: true,
  summary: "A view or serializer queries a model listed in reference_models on every request, with no cache around it.",
  messages: {
    uncached:
      "{{model}} is listed as reference data (`reference_models`), and this view code queries it on every request. Serve it from the cache: a service function with `cache.get(key)` / `cache.set(key, value, timeout=...)` and an invalidation helper called where the data changes (the rulebook's Service-Level Caching pattern).",
  },
  options,
  check(ctx) {
    if (ctx.options.reference_models.length === 0) return;
    const cachedFunctions = new Set<number>();
    for (const c of cacheCalls(ctx.django, CACHE_METHODS)) {
      const fn = ctx.django.contextOf(c.call).function;
      if (fn) cachedFunctions.add(fn.id);
    }
    for (const call of ctx.django.nodesOfType("call")) {
      const fn = call.childForFieldName("function");
      // The last call of a chain (`M.objects.filter(...).first()`), not its inner links.
      if (fn?.type !== "attribute" || (call.parent?.type === "attribute" && call.parent.parent?.type === "call")) continue;
      const receiver = fn.childForFieldName("object");
      const qs = receiver ? ctx.django.querySetOf(receiver) : undefined;
      if (!qs) continue;
      const model = qs.model;
      const listed = ctx.options.reference_models.some((m) => m === model.qualifiedName || m === model.name || m === `${model.appLabel}.${model.name}`);
      if (!listed) continue;
      const context = ctx.django.contextOf(call);
      if (!(context.view || context.serializer || context.request) || !context.function) continue;
      if (cachedFunctions.has(context.function.id) || isCachedFunction(context.function)) continue;
      ctx.report({ node: call, scope: context.function, subject: `${model.qualifiedName} uncached`, messageId: "uncached", data: { model: codeSpan(model.name) }, model: model.qualifiedName });
    }
  },
});

function isCachedFunction(fn: SyntaxNode): boolean {
  for (let node: SyntaxNode | null = fn; node; node = node.parent) {
    if (node.type !== "function_definition") continue;
    if (decoratorsOf(node).some((d) => CACHING_DECORATORS.test((d.namedChildren[0]?.type === "call" ? d.namedChildren[0].childForFieldName("function") : d.namedChildren[0])?.text ?? ""))) return true;
  }
  return false;
}
