/**
 * DJP402 cache-without-invalidation: `cache.set / set_many / add / get_or_set` under a key built at run
 * time (`f"profile:{pk}"`) whose family (`profile:`) nothing in the repository deletes, touches, versions
 * or refreshes on write; or a fixed key stored with `timeout=None` that nothing deletes. Readers then see
 * stale rows until the timeout (or forever). The families invalidated are an index fact (src/analysis/
 * index/cache-keys.ts); "nowhere" is only said after a whole-repository read, else the rule is unverified.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { cacheCalls } from "../../src/analysis/django/cache-calls.js";
import { keyRefOf, keysOfCollection, type KeyRef } from "../../src/analysis/django/cache-keys.js";
import { enclosingFunction, keywordArg, positionalArgs, stringValue, unwrapParens } from "../../src/analysis/django/syntax.js";
import { isWriteHook, timeoutArg } from "../../src/analysis/index/cache-keys.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

const SETTING = new Set(["set", "set_many", "add", "get_or_set"]);
/** Keys that hold state (a throttle, a lock, a cooldown, a job's progress or output), not a copy of rows. */
const STATE_KEY = /throttl|rate.?limit|cooldown|quota|lock|attempt|retr(y|ies)|counter|progress|nonce|otp|processed|export/i;
/** A timeout this short (seconds) bounds staleness by itself: a minute-long cache is a design choice. */
const SHORT_TIMEOUT = 60;

/** Values that mark a key (a lock, a throttle flag) rather than cache rows: nothing goes stale. */
const MARKER_VALUE = new Set(["true", "false", "none", "integer", "float"]);

export default defineRule({
  id: "DJP402",
  name: "cache-without-invalidation",
  category: "caching",
  status: "preview",
  level: "info",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "A cache key family is set but nothing in the repository deletes or refreshes it, or a fixed key never expires and is never deleted.",
  messages: {
    familyNeverInvalidated:
      "`{{receiver}}.{{method}}()` stores {{prefix}} keys, and nothing in the repository deletes, touches, versions or refreshes a key of that family: the value is read from the database, so when those rows change, readers get the old value {{until}}. Add an invalidation helper (`cache.delete(...)` of the same key) and call it where the data is written (a `post_save`/`post_delete` receiver or the service that writes it). A cache meant to live by its timeout alone? `# djperf: ignore[DJP402] <reason>`.",
    fixedKeyNeverExpires:
      "`{{receiver}}.{{method}}()` stores the key {{prefix}} with `timeout=None` (it never expires), and nothing in the repository deletes or refreshes it: after the rows it was read from change, every reader gets the old value until the cache is flushed. Delete the key where the data is written, or give it a timeout.",
  },
  check(ctx) {
    const calls = cacheCalls(ctx.django, SETTING);
    if (calls.length === 0) return;
    ctx.applies();
    const index = ctx.index.cacheKeys;
    if (!index.complete) return ctx.unverified("only part of the repository was read, so an invalidation elsewhere cannot be ruled out");
    if (index.clearedAt) return;
    for (const c of calls) {
      if (keywordArg(c.args, "version") || isWriteHook(c.call, ctx.file.path)) continue;
      const scope = enclosingFunction(c.call);
      // Only a copy of the project's rows goes stale when they are written (an API response or a computed
      // value lives by its timeout): the function that fills the key must query the database.
      if (!scope || !readsRows(ctx, scope)) continue;
      const value = c.name === "set_many" ? undefined : positionalArgs(c.args)[1] ?? keywordArg(c.args, "value") ?? keywordArg(c.args, "default");
      if (value && fetchedOverHttp(ctx, scope, value)) continue;
      if (c.name !== "set_many" && isMarker(positionalArgs(c.args)[1] ?? keywordArg(c.args, "value") ?? keywordArg(c.args, "default"))) continue;
      const timeout = timeoutArg(c.args, c.name);
      const seconds = timeout ? literalSeconds(timeout) : undefined;
      if (seconds !== undefined && seconds <= SHORT_TIMEOUT) continue;
      const neverExpires = timeout?.type === "none";
      for (const keyNode of c.name === "set_many" ? keysOfCollection(positionalArgs(c.args)[0] ?? c.args) : [positionalArgs(c.args)[0] ?? keywordArg(c.args, "key")]) {
        if (!keyNode || STATE_KEY.test(keyNode.text)) continue;
        const raw = keyRefOf(keyNode, ctx.django.imports);
        // `PROCESSED_KEY.format(...)`, `throttle_key(...)`: the constant or helper is named for state.
        if ((raw.k === "const" && STATE_KEY.test(raw.dotted)) || (raw.k === "call" && STATE_KEY.test(raw.callee))) continue;
        const key = resolve(ctx, raw);
        if (key.k === "prefix" && !key.versioned && !STATE_KEY.test(key.prefix) && !index.invalidation(key)) {
          report(ctx, c, keyNode, "familyNeverInvalidated", codeSpan(`${key.prefix}…`), neverExpires ? "forever (`timeout=None`: it never expires)" : timeout ? `until the timeout (${timeout.text}) expires` : "until the cache's default timeout expires (300 s unless `CACHES` sets `TIMEOUT`)");
          break;
        }
        if (key.k === "literal" && neverExpires && !index.invalidation(key)) {
          report(ctx, c, keyNode, "fixedKeyNeverExpires", codeSpan(key.value), "");
          break;
        }
      }
    }
  },
});

/** `30`, `60 * 60`: a timeout written as literal seconds. */
function literalSeconds(node: SyntaxNode): number | undefined {
  const n = unwrapParens(node);
  if (n.type === "integer") return Number(n.text.replace(/_/g, ""));
  if (n.type === "unary_operator" && n.text.startsWith("-")) return 0;
  if (n.type !== "binary_operator") return undefined;
  const left = n.childForFieldName("left");
  const right = n.childForFieldName("right");
  const l = left ? literalSeconds(left) : undefined;
  const r = right ? literalSeconds(right) : undefined;
  if (l === undefined || r === undefined) return undefined;
  const op = n.childForFieldName("operator")?.text;
  return op === "*" ? l * r : op === "+" ? l + r : undefined;
}

/** A constant value (`True`, `1`, `"locked"`): the key is a lock or a flag, not a copy of data. */
function isMarker(value: SyntaxNode | undefined): boolean {
  if (!value) return false;
  const v = unwrapParens(value);
  return v.type === "string" ? stringValue(v) !== undefined : MARKER_VALUE.has(v.type);
}

/** A helper call (`profile_key(pk)`, `self.cache_key()`) resolved one level, an imported constant resolved, through the index. */
function resolve(ctx: RuleContext, ref: KeyRef): KeyRef {
  if (ref.k !== "call" || ref.method) return ctx.index.cacheKeys.resolve(ref);
  return ctx.index.cacheKeys.resolve({ ...ref, callee: ctx.django.imports.get(ref.callee) ?? `${ctx.file.module}.${ref.callee}` });
}

/** The function runs a QuerySet (`M.objects…`, a related manager, a QuerySet variable). */
function readsRows(ctx: RuleContext, fn: SyntaxNode): boolean {
  const visit = (node: SyntaxNode): boolean => {
    if ((node.type === "attribute" || node.type === "call") && ctx.django.querySetOf(node)) return true;
    return node.namedChildren.some(visit);
  };
  return visit(fn);
}

/** HTTP client modules: a value built from their responses is an external API's, not the project's rows. */
const HTTP_MODULES = new Set(["requests", "httpx", "urllib", "urllib3", "aiohttp"]);
const MAX_DEPENDENCIES = 40;

/**
 * The cached value is built from an HTTP response and from no QuerySet: following the names it reads
 * through the function (`x = ...`, `for x in ...`, `xs.append(...)`), some step calls an HTTP client
 * (`requests.get`, `urlopen`) and none runs a query. Nothing the project writes makes it stale: it is
 * refreshed by whoever fetches it again (rotation set 11: a command run by cron caches GitHub's latest
 * release; the job queries nearby are about other data).
 */
function fetchedOverHttp(ctx: RuleContext, fn: SyntaxNode, value: SyntaxNode): boolean {
  const sources = valueSources(fn, value);
  if (!sources) return false;
  let http = false;
  for (const node of sources) {
    const visit = (n: SyntaxNode): boolean => {
      if ((n.type === "attribute" || n.type === "call") && ctx.django.querySetOf(n)) return true;
      if (n.type === "call" && isHttpCall(ctx, n)) http = true;
      return n.namedChildren.some(visit);
    };
    if (visit(node)) return false;
  }
  return http;
}

/** `requests.get(...)`, `httpx.Client().get(...)`, `urlopen(...)` (through the file's imports). */
function isHttpCall(ctx: RuleContext, call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  let head = fn;
  while (head?.type === "attribute" || head?.type === "call") head = head.type === "attribute" ? head.childForFieldName("object") : head.childForFieldName("function");
  if (head?.type !== "identifier") return false;
  const target = ctx.django.imports.get(head.text) ?? "";
  return HTTP_MODULES.has(target.split(".")[0] ?? "") || /(^|\.)urlopen$/.test(target);
}

/** The expressions the value is built from within the function; undefined when they grow past a bound. */
function valueSources(fn: SyntaxNode, value: SyntaxNode): SyntaxNode[] | undefined {
  const out: SyntaxNode[] = [value];
  const seen = new Set<string>();
  for (let i = 0; i < out.length; i++) {
    for (const id of [out[i]!, ...out[i]!.descendantsOfType("identifier")]) {
      if (id.type !== "identifier" || seen.has(id.text)) continue;
      seen.add(id.text);
      out.push(...sourcesOfName(fn, id.text));
      if (out.length > MAX_DEPENDENCIES) return undefined;
    }
  }
  return out;
}

/** What a local name is given: `name = v`, `for name in v`, `name.append(v)` / `extend` / `add`. */
function sourcesOfName(fn: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const binds = (target: SyntaxNode | null) => target !== null && (target.text === name || target.descendantsOfType("identifier").some((t) => t.text === name));
  for (const node of fn.descendantsOfType(["assignment", "augmented_assignment", "for_statement", "call"])) {
    if (node.type === "call") {
      const callee = node.childForFieldName("function");
      const method = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text ?? "" : "";
      if (["append", "extend", "add"].includes(method) && callee?.childForFieldName("object")?.text === name) found.push(node.childForFieldName("arguments") ?? node);
      continue;
    }
    const value = node.childForFieldName("right");
    if (value && binds(node.childForFieldName("left"))) found.push(value);
  }
  return found;
}

function report(ctx: RuleContext, c: { call: SyntaxNode; receiver: string; name: string }, keyNode: SyntaxNode, messageId: string, prefix: string, until: string): void {
  const scope = enclosingFunction(c.call) ?? c.call;
  ctx.report({ node: keyNode, scope, messageId, subject: `${c.receiver}.${c.name} ${prefix}`, data: { receiver: c.receiver, method: c.name, prefix, until } });
}
