/**
 * Queries one call away (issue 7, missed class 5, interprocedural): a loop that calls a helper of the same
 * file (`render_one(document, row)`, `self.price_for(line)`) whose body queries with what it was given
 * runs that query once per iteration, though neither the loop nor the helper shows both halves. The
 * finding goes on the helper's query (where the lookup should leave for a batch before the loop), names
 * the loop that calls it, and counts the call's statement among its causes. One level deep; only a
 * module-level function called by name or a method of the same class called through `self`, only a
 * query outside any loop of the helper (those are reported where they are) and outside any branch of it,
 * not a related manager's cached read, and only when the argument the query reads changes with the
 * calling loop. Reported at info: the helper may be cheap in practice
 * (a cache in front, a branch rarely taken) in ways one level of reading cannot see.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { LoopInfo, QuerySetInfo } from "../../src/analysis/django/types.js";
import { loopVaryingValues, loopsRunning, referencedValues, statementOf } from "../../src/analysis/django/loop-scope.js";
import { classOfMethod, parameterNodes, sameNode } from "../../src/analysis/django/syntax.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { impactOfLoop } from "../../src/analysis/django/impact.js";
import { readsCache } from "../../src/analysis/django/loaded.js";
import { onLoopPath } from "./members.js";

export interface HelperSite {
  node: SyntaxNode;
  qs: QuerySetInfo;
  label: string;
  inputs: SyntaxNode[];
}

interface HelperQuery {
  fn: SyntaxNode;
  site: HelperSite;
  reads: Set<string>;
}

const PLAIN_PARAMETERS = new Set(["identifier", "typed_parameter", "default_parameter", "typed_default_parameter"]);

export function reportHelperQueries(ctx: RuleContext, sites: readonly HelperSite[], exempt: (loop: LoopInfo, node: SyntaxNode) => boolean): void {
  // Per helper, its first query that reads a parameter (one finding per helper and calling loop).
  const byHelper = new Map<number, HelperQuery>();
  for (const site of sites) {
    const fn = ctx.django.contextOf(site.node).function;
    if (fn?.type !== "function_definition" || loopsRunning(ctx.django, site.node).length > 0 || byHelper.has(fn.id)) continue;
    if (!onNormalPath(site.node, fn) || mayBeServedByPrefetch(site.qs)) continue;
    const params = new Set(parameterNodes(fn).map((p) => p.name));
    const reads = new Set<string>();
    for (const input of [...site.inputs, site.qs.rootNode]) for (const v of referencedValues(input)) if (params.has(rootOf(v))) reads.add(rootOf(v));
    reads.delete("self");
    reads.delete("cls");
    if (reads.size > 0) byHelper.set(fn.id, { fn, site, reads });
  }
  if (byHelper.size === 0) return;
  // By name, so that each call looks at the helpers of its name only (a module of many small helpers
  // each called in a loop would otherwise cost calls × helpers: linear-work.test.ts).
  const byName = new Map<string, HelperQuery[]>();
  for (const h of byHelper.values()) {
    const name = h.fn.childForFieldName("name")?.text ?? "";
    byName.set(name, [...(byName.get(name) ?? []), h]);
  }
  const reported = new Set<string>();
  for (const call of ctx.django.nodesOfType("call")) {
    const helper = calledHelper(ctx, call, byName);
    if (!helper) continue;
    const varyingArgs = argumentsFor(helper.fn, call, helper.reads, call.childForFieldName("function")?.type === "attribute");
    if (varyingArgs.length === 0) continue;
    for (const loop of loopsRunning(ctx.django, call)) {
      // The call runs on every iteration, not behind a branch of the loop body (read on the tuning set:
      // calls under a condition mostly ran for a rare kind of row); the test of an `if` runs every time.
      if (!onLoopPath(call, loop)) break;
      const varying = loopVaryingValues(loop);
      if (!varyingArgs.some((arg) => [...referencedValues(arg)].some((v) => varying.has(v)))) continue;
      if (exempt(loop, call)) break;
      const key = `${loop.node.id}:${helper.fn.id}`;
      if (reported.has(key)) break;
      reported.add(key);
      const name = helper.fn.childForFieldName("name")?.text ?? "";
      const statement = statementOf(call);
      ctx.report({
        node: helper.site.node,
        messageId: "perRowHelper",
        data: { what: helper.site.label, model: helper.site.qs.model.name, fn: name, line: String(loop.node.startPosition.row + 1) },
        subject: `${helper.site.qs.model.qualifiedName} ${[...helper.site.qs.calls.map((c) => c.name), helper.site.label].join(".")} via ${name}`,
        ...(statement ? { causes: [statement] } : {}),
        related: [{ path: ctx.file.path, range: rangeOf(call), message: `the loop calls \`${name}\` here, once per iteration` }],
        impact: impactOfLoop(ctx.django, loop),
        model: helper.site.qs.model.qualifiedName,
        level: "info",
      });
      break;
    }
  }
}

/**
 * The query runs whenever the helper does: no `if`/`elif`/`else`, `except`, conditional expression or
 * short-circuit operand between it and the helper's body (a `with` block and a `try` body are fine).
 * Read on the tuning set, queries behind a branch were mostly rare (a stats event once per job, a
 * repair path for missing files, a fallback after an IntegrityError, a memo filled on first use).
 */
function onNormalPath(node: SyntaxNode, within: SyntaxNode): boolean {
  for (let n = node.parent; n && !sameNode(n, within); n = n.parent) if (CONDITIONAL.has(n.type)) return false;
  return true;
}

const CONDITIONAL = new Set(["if_statement", "elif_clause", "else_clause", "except_clause", "conditional_expression", "boolean_operator", "while_statement", "match_statement"]);

/** `team.speaker_set.all()` on an object the caller handed over: the caller's prefetch may serve it. */
function mayBeServedByPrefetch(qs: QuerySetInfo): boolean {
  return qs.root === "related-manager" && qs.calls.every(readsCache);
}

function rootOf(value: string): string {
  return value.split(".")[0] ?? value;
}

/** `helper(...)` naming a module-level function, or `self.helper(...)` inside a method of the helper's class. */
function calledHelper(ctx: RuleContext, call: SyntaxNode, byName: ReadonlyMap<string, HelperQuery[]>): HelperQuery | undefined {
  const callee = call.childForFieldName("function");
  if (callee?.type === "identifier") return byName.get(callee.text)?.find((h) => h.fn.parent?.type === "module");
  if (callee?.type !== "attribute" || callee.childForFieldName("object")?.text !== "self") return undefined;
  const candidates = byName.get(callee.childForFieldName("attribute")?.text ?? "");
  const cls = candidates ? ctx.django.contextOf(call).cls : undefined;
  if (!candidates || !cls) return undefined;
  return candidates.find((h) => sameNode(classOfMethod(h.fn), cls));
}

/** The call's argument expressions bound to the parameters the helper's query reads. */
function argumentsFor(fn: SyntaxNode, call: SyntaxNode, reads: ReadonlySet<string>, boundMethod: boolean): SyntaxNode[] {
  const params = parameterNodes(fn);
  const positional = boundMethod ? params.slice(1) : params;
  const out: SyntaxNode[] = [];
  let index = 0;
  for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (arg.type === "comment") continue;
    if (arg.type === "keyword_argument") {
      const name = arg.childForFieldName("name")?.text;
      const value = arg.childForFieldName("value");
      if (name && value && reads.has(name)) out.push(value);
      continue;
    }
    if (arg.type === "list_splat" || arg.type === "dictionary_splat") break;
    const param = positional[index++];
    if (!param || !PLAIN_PARAMETERS.has(param.node.type)) break;
    if (reads.has(param.name)) out.push(arg);
  }
  return out;
}
