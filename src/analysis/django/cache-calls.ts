/**
 * Calls on Django's cache API (DJP402, DJP403): `cache.get(...)` where `cache` is
 * `django.core.cache.cache`, and `caches["alias"].get(...)` where `caches` is `django.core.cache.caches`.
 * A name that is not proven to be one of those (a local `cache = {}`, a library's own cache) is not one.
 */
import type { SyntaxNode } from "../parser.js";
import { methodCallsNamed, type MethodCall } from "./evaluation.js";
import type { DjangoFacts } from "./types.js";

export interface CacheCall extends MethodCall {
  /** `cache` or `caches["alias"]` as written. */
  receiver: string;
}

export function cacheCalls(django: DjangoFacts, names: ReadonlySet<string>): CacheCall[] {
  return methodCallsNamed(django, names).flatMap((m) => (isCacheObject(django, m.object) ? [{ ...m, receiver: m.object.text }] : []));
}

function isCacheObject(django: DjangoFacts, node: SyntaxNode): boolean {
  if (node.type === "identifier" || node.type === "attribute") return django.qualifiedName(node) === "django.core.cache.cache";
  if (node.type !== "subscript") return false;
  const value = node.childForFieldName("value");
  return value !== null && (value.type === "identifier" || value.type === "attribute") && django.qualifiedName(value) === "django.core.cache.caches";
}
