/**
 * DJP105 python-side-count-or-exists: `len(qs)`, `if qs:` and `bool(qs)` fetch every row to answer
 * "how many" / "any"; `qs.count() == 0` counts every row to answer "any". The database answers both
 * with `.count()` / `.exists()`. `len`/truthiness stay quiet when the QS-variable is used again in the
 * function (its rows are then fetched anyway and cached); count-versus-zero always has a safe fix.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { Fix } from "../../src/analysis/finding.js";
import type { QuerySetInfo } from "../../src/analysis/django/types.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { methodCallOf, soleArgumentOfBuiltin, truthTestedExpressions } from "../../src/analysis/django/evaluation.js";
import { isVariableRead } from "../../src/analysis/django/loop-scope.js";
import { atMostOneRow } from "../../src/analysis/django/rows.js";
import { isBareManager } from "../../src/analysis/django/querysets.js";
import { mayReadUnknownPrefetch } from "../../src/analysis/django/default-accessors.js";
import { readsCache } from "../../src/analysis/django/loaded.js";
import { isWithin, sameNode } from "../../src/analysis/django/syntax.js";

const LEN = new Set(["len"]);

export default defineRule({
  id: "DJP105",
  name: "python-side-count-or-exists",
  category: "orm",
  status: "stable",
  level: "info",
  confidence: "high",
  fix: "sometimes",
  target: "python",
  summary: "Counting or testing a queryset in Python (len, truthiness, count() == 0) where count() / exists() would do.",
  messages: {
    len: "`len()` of {{qs}} fetches every {{model}} row only to count them: cost grows with N. Use `.count()` (one COUNT query).",
    lenExists: "`len()` of {{qs}} fetches every {{model}} row only to learn whether one exists: cost grows with N. Use `{{replacement}}` (stops at the first row).",
    truth: "Truth-testing {{qs}} fetches every {{model}} row only to learn whether one exists: cost grows with N. Use `.exists()`.",
    countTruth: "Truth-testing `.count()` counts every matching {{model}} row to answer \"any?\". `{{replacement}}` stops at the first row.",
    countVsZero: "`.count()` compared with zero counts every matching {{model}} row to answer \"any?\". `{{replacement}}` stops at the first row.",
    countVariable:
      "`{{name}} = ….count()` counts every matching {{model}} row, and `{{name}}` is only compared with zero or truth-tested: it answers \"any?\". `{{replacement}}` stops at the first row.",
  },
  check(ctx) {
    const pythonSide: { use: SyntaxNode; value: SyntaxNode; kind: "len" | "truth" }[] = [];
    for (const call of ctx.django.nodesOfType("call")) {
      const arg = soleArgumentOfBuiltin(call, LEN);
      if (arg) pythonSide.push({ use: call, value: arg, kind: "len" });
    }
    for (const expr of truthTestedExpressions(ctx.django)) {
      const count = countCall(ctx, expr);
      if (count) reportCountTruth(ctx, expr, count);
      else pythonSide.push({ use: expr, value: expr, kind: "truth" });
    }
    for (const { use, value, kind } of pythonSide) {
      const qs = ctx.django.querySetOf(value);
      // `if obj.tags:` tests a Manager, which is always true and runs no query (a logic bug, not a cost).
      // At most one row (a unique key pinned): fetching it costs what exists() costs.
      if (!qs || isBareManager(qs) || isRelatedManagerOfLoopRow(qs) || mayReadUnknownPrefetch(qs) || fewRows(ctx, qs)) continue;
      // Any other read counts, a second python-side use too: `if qs:` then `len(qs)` fetches the rows
      // once and counts the cache; exists() plus count() would be two queries (rotation set 4, mygpo).
      if (value.type === "identifier" && isUsedElsewhere(ctx, value)) continue;
      // `if len(qs):` / `len(qs) > 0` ask "any?": advise exists(), as for `count() > 0`, not count().
      const asksAny = kind === "len" ? anyQuestionOf(use, value) : undefined;
      if (asksAny) {
        const fix: Fix = { safety: "unsafe", title: `Use ${codeSpan(asksAny.replacement)}`, edits: [{ range: rangeOf(asksAny.node), newText: asksAny.replacement }] };
        ctx.report({ node: asksAny.node, messageId: "lenExists", data: { qs: shortName(value), model: qs.model.name, replacement: asksAny.replacement }, fix });
        continue;
      }
      const fix: Fix =
        kind === "len"
          ? { safety: "unsafe", title: "Count in the database", edits: [{ range: rangeOf(use), newText: `${value.text}.count()` }] }
          : { safety: "unsafe", title: "Ask the database whether a row exists", edits: [{ range: rangeOf(value), newText: `${value.text}.exists()` }] };
      ctx.report({ node: use, messageId: kind, data: { qs: shortName(value), model: qs.model.name }, fix });
    }
    for (const cmp of ctx.django.nodesOfType("comparison_operator")) reportCountComparison(ctx, cmp);
    reportCountVariables(ctx);
  },
});

/** `orders` as written when short, else "this queryset" (messages stay one line). */
function shortName(value: SyntaxNode): string {
  return value.text.length <= 30 && !value.text.includes("\n") ? `\`${value.text}\`` : "this queryset";
}

/**
 * `X.count()` with no arguments where X is a QuerySet of possibly many rows: its object, else
 * undefined. Over at most one row, or when the same count is needed anyway (`has = bool(qs.count())`
 * next to `n = qs.count()`), exists() would add a query, not save one.
 */
function countCall(ctx: RuleContext, node: SyntaxNode): SyntaxNode | undefined {
  const m = methodCallOf(node);
  if (!m || m.name !== "count" || m.args.namedChildren.length !== 0) return undefined;
  const qs = ctx.django.querySetOf(m.object);
  if (!qs || fewRows(ctx, qs) || countedElsewhere(ctx, node, m.object)) return undefined;
  return m.object;
}

/**
 * A unique key is pinned, through a relation too (`filter(domain__name=…)` on a one-to-one to a model
 * whose name is unique), or a conditional unique key (unique among the rows its condition keeps): the
 * rows are one, or a few, and counting or fetching them costs what exists() costs (rotation set 11).
 */
function fewRows(ctx: RuleContext, qs: QuerySetInfo): boolean {
  return atMostOneRow(qs, undefined, { models: ctx.index.models, conditional: true });
}

/** Another `.count()` of the same queryset expression in the same function whose number is used (not compared with zero or tested). */
function countedElsewhere(ctx: RuleContext, call: SyntaxNode, object: SyntaxNode): boolean {
  const scope = ctx.django.contextOf(call).function ?? ctx.file.tree.rootNode;
  return scope.descendantsOfType("call").some((other) => {
    if (sameNode(other, call)) return false;
    const m = methodCallOf(other);
    return m?.name === "count" && m.object.text === object.text && usesTheNumber(other);
  });
}

function usesTheNumber(count: SyntaxNode): boolean {
  const parent = count.parent;
  // `n == 1`, `n > limit`: the number itself matters; `n == 0`, `n > 0` only ask "any?".
  if (parent?.type === "comparison_operator") return zeroComparison(count) === undefined;
  if (!parent || parent.type === "not_operator") return false;
  if ((parent.type === "if_statement" || parent.type === "elif_clause" || parent.type === "while_statement") && sameNode(parent.childForFieldName("condition"), count)) return false;
  const call = parent.type === "argument_list" ? parent.parent : null;
  return call?.childForFieldName("function")?.text !== "bool";
}

/**
 * Where `len(value)` only answers "is there any row?": the comparison with zero around it
 * (`len(qs) > 0` → `qs.exists()`, `len(qs) == 0` → `not qs.exists()`), or the call itself when only
 * its truth is used (`if len(qs):`). Undefined when the number itself is used.
 */
function anyQuestionOf(call: SyntaxNode, value: SyntaxNode): { node: SyntaxNode; replacement: string } | undefined {
  const parent = call.parent;
  if (parent?.type === "comparison_operator") {
    const exists = zeroComparison(call);
    return exists === undefined ? undefined : { node: parent, replacement: `${exists ? "" : "not "}${value.text}.exists()` };
  }
  return usesTheNumber(call) ? undefined : { node: call, replacement: `${value.text}.exists()` };
}

/** `if qs.count():` → `if qs.exists():` (only truthiness is used, so the swap is exact). */
function reportCountTruth(ctx: RuleContext, call: SyntaxNode, object: SyntaxNode): void {
  const model = ctx.django.querySetOf(object)?.model.name ?? "";
  const replacement = `${object.text}.exists()`;
  ctx.report({
    node: call,
    messageId: "countTruth",
    data: { replacement, model },
    fix: { safety: "safe", title: `Use ${codeSpan(replacement)}`, edits: [{ range: rangeOf(call), newText: replacement }] },
  });
}

/** `count() OP literal` (normalised with count on the left) → does the comparison mean "exists"? */
const MEANS_EXISTS: Record<string, boolean> = { "== 0": false, "<= 0": false, "< 1": false, "!= 0": true, "> 0": true, ">= 1": true };
const FLIPPED: Record<string, string> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!=" };

function reportCountComparison(ctx: RuleContext, cmp: SyntaxNode): void {
  if (cmp.childCount !== 3) return; // chained (`0 < n < 5`) or two-word operators (`is not`)
  // The count on the left, else on the right (zeroComparison flips the operator for that side).
  let side = cmp.child(0);
  let object = side ? countCall(ctx, side) : undefined;
  if (!object) {
    side = cmp.child(2);
    object = side ? countCall(ctx, side) : undefined;
  }
  if (!side || !object) return;
  const exists = zeroComparison(side);
  if (exists === undefined) return;
  const replacement = `${exists ? "" : "not "}${object.text}.exists()`;
  ctx.report({
    node: cmp,
    messageId: "countVsZero",
    data: { replacement, model: ctx.django.querySetOf(object)?.model.name ?? "" },
    fix: { safety: "safe", title: `Use ${codeSpan(replacement)}`, edits: [{ range: rangeOf(cmp), newText: replacement }] },
  });
}

/**
 * `n = qs.count()` where every read of `n` in the function asks "any?" (`if n:`, `n != 0`, `not n`,
 * `n < 1`): the count is a slower `exists()`. `n` must be a plain local bound once, read at least once,
 * and never used as a number (printed, returned, added up, compared with another value): then the count
 * is needed and nothing is reported.
 */
function reportCountVariables(ctx: RuleContext): void {
  let truthTested: Set<number> | undefined;
  for (const call of ctx.django.nodesOfType("call")) {
    const assignment = call.parent;
    const name = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
    if (name?.type !== "identifier" || !sameNode(assignment?.childForFieldName("right"), call) || assignment?.parent?.type !== "expression_statement") continue;
    const object = countCall(ctx, call);
    if (!object) continue;
    const scope = ctx.django.contextOf(call).function;
    if (!scope) continue; // a module-level count may be read from other modules
    truthTested ??= new Set(truthTestedExpressions(ctx.django).map((n) => n.id));
    const reads: SyntaxNode[] = [];
    let bound = 0;
    for (const other of scope.descendantsOfType("identifier")) {
      if (other.text !== name.text) continue;
      if (isAssignmentTarget(other) || isParameterName(other)) bound++;
      else if (isVariableRead(other)) reads.push(other);
    }
    if (bound !== 1 || reads.length === 0 || !reads.every((r) => truthTested!.has(r.id) || zeroComparison(r) !== undefined)) continue;
    const replacement = `${object.text}.exists()`;
    ctx.report({ node: call, messageId: "countVariable", data: { name: name.text, model: ctx.django.querySetOf(object)?.model.name ?? "", replacement } });
  }
}

/** `value OP literal` around `value` (either order) that means "exists" (true) or "none" (false). */
function zeroComparison(value: SyntaxNode): boolean | undefined {
  const cmp = value.parent;
  if (cmp?.type !== "comparison_operator" || cmp.childCount !== 3) return undefined;
  const [left, op, right] = [cmp.child(0), cmp.child(1), cmp.child(2)];
  if (!left || !op || !right) return undefined;
  const onLeft = sameNode(left, value);
  const literal = onLeft ? right : left;
  if (!onLeft && !sameNode(right, value)) return undefined;
  if (literal.type !== "integer") return undefined;
  return MEANS_EXISTS[`${onLeft ? op.type : (FLIPPED[op.type] ?? "")} ${literal.text}`];
}

/**
 * `for o in orders: len(o.items.all())` may read a prefetch cache (free); that shape is DJP102's. A
 * model method returning a fresh query of the row's relation (`o.recent_items()` returning
 * `self.items.filter(…)`) is not: DJP102 reads `o.items` spelled out, never a method, and no prefetch
 * serves a filter(), so the python-side test stays this rule's.
 */
function isRelatedManagerOfLoopRow(qs: QuerySetInfo): boolean {
  if (qs.root !== "related-manager" || qs.via?.instance.source !== "loop") return false;
  return qs.returnedBy === undefined || qs.calls.every(readsCache);
}

/**
 * The QS-variable is read somewhere else in its function besides its definitions, including a
 * second python-side use: then the rows are fetched once anyway, and `len()` / `if qs` fill the
 * cache that the other use reads (RULES.md DJP105 false positives).
 */
function isUsedElsewhere(ctx: RuleContext, id: SyntaxNode): boolean {
  const scope = ctx.django.contextOf(id).function ?? ctx.file.tree.rootNode;
  for (const other of scope.descendantsOfType("identifier")) {
    if (other.text !== id.text || sameNode(other, id) || !isVariableRead(other)) continue;
    if (isAssignmentTarget(other) || isParameterName(other)) continue;
    return true;
  }
  return false;
}

const PARAMETER_TYPES = new Set(["parameters", "lambda_parameters", "typed_parameter", "default_parameter", "typed_default_parameter"]);

function isParameterName(id: SyntaxNode): boolean {
  const p = id.parent;
  if (!p || !PARAMETER_TYPES.has(p.type)) return false;
  return p.type === "parameters" || p.type === "lambda_parameters" || p.type === "typed_parameter" || sameNode(p.childForFieldName("name"), id);
}

function isAssignmentTarget(id: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = id; n?.parent; n = n.parent) {
    const p: SyntaxNode = n.parent;
    if (p.type === "assignment" || p.type === "augmented_assignment") {
      const left = p.childForFieldName("left");
      return !!left && isWithin(id, left) && (left.type === "identifier" || left.type === "pattern_list" || left.type === "tuple_pattern");
    }
    if (p.type.endsWith("_statement") || p.type === "block") return false;
  }
  return false;
}
