/**
 * DJP503 upsert-in-loop: `update_or_create` / `get_or_create` per row costs two or more queries per
 * iteration (SELECT, then INSERT or UPDATE, inside a savepoint). Info by default (the rulebook's own
 * upsert example is this loop, RULES.md §7); warn in ETL code (management commands, Celery tasks).
 * Quiet when the per-row `created` flag is used: a bulk upsert cannot report it.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";
import type { MethodCall } from "../../src/analysis/django/evaluation.js";
import { methodCallsNamed } from "../../src/analysis/django/evaluation.js";
import { isVariableRead, loopScope, perIterationNodes, reportingLoop, statementOf } from "../../src/analysis/django/loop-scope.js";
import { isMultiTableChild, saveHooksOf } from "../../src/analysis/django/bulk-writes.js";

const UPSERTS = new Set(["update_or_create", "get_or_create"]);
/** Keyword arguments of update_or_create / get_or_create that are not lookups. */
const NOT_LOOKUPS = new Set(["defaults", "create_defaults"]);

export default defineRule({
  id: "DJP503",
  name: "upsert-in-loop",
  category: "bulk",
  status: "stable",
  level: "info",
  confidence: "medium",
  fix: "never",
  target: "python",
  summary: "update_or_create / get_or_create is called once per loop iteration where one bulk upsert would do.",
  messages: {
    upsert:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row: N rows, 2N+ queries. Use one bulk upsert: `{{model}}.objects.bulk_create(objs, {{bulkArgs}}, batch_size=1000)`{{version}}.",
    upsertHooks:
      "`{{method}}()` in a loop costs a SELECT plus an INSERT or UPDATE per row (2N+ queries), but {{model}} {{hooks}}, which bulk_create skips. Move that logic out before switching to `bulk_create(objs, {{bulkArgs}})`.",
  },
  check(ctx) {
    for (const m of methodCallsNamed(ctx.django, UPSERTS)) {
      const qs = ctx.django.querySetOf(m.object);
      const loop = qs ? reportingLoop(ctx.django, m.call) : undefined;
      if (!qs || !loop || isMultiTableChild(qs.model, ctx.index) || usesCreatedFlag(loop, m.call)) continue;
      report(ctx, m, loop, qs.model.name, saveHooksOf(qs.model, ctx.index));
    }
  },
});

function report(ctx: RuleContext, m: MethodCall, loop: LoopInfo, model: string, hooks: string | undefined): void {
  const lookups = keywordNames(m.args, (name) => !NOT_LOOKUPS.has(name));
  const bulkArgs =
    m.name === "get_or_create"
      ? "ignore_conflicts=True"
      : `update_conflicts=True, unique_fields=[${quoted(lookups) || "..."}], update_fields=[${quoted(defaultsKeys(m.args)) || "..."}]`;
  const data = { method: m.name, model, bulkArgs, version: m.name === "update_or_create" ? " (Django ≥ 4.1)" : "" };
  const subject = `${model} ${m.name} ${lookups.join(",")}`;
  if (hooks) {
    ctx.report({ node: m.call, scope: loopScope(loop), subject, messageId: "upsertHooks", data: { ...data, hooks } });
    return;
  }
  const etl = ctx.django.contextOf(m.call).etl;
  ctx.report({ node: m.call, scope: loopScope(loop), subject, messageId: "upsert", data, ...(etl ? { level: "warn" as const } : {}) });
}

function keywordNames(args: SyntaxNode, keep: (name: string) => boolean): string[] {
  return args.namedChildren
    .filter((a) => a.type === "keyword_argument")
    .map((a) => a.childForFieldName("name")?.text ?? "")
    .filter((n) => n !== "" && keep(n))
    .map((n) => n.split("__")[0] as string);
}

/** String keys of a literal `defaults={...}`: the columns the upsert updates. */
function defaultsKeys(args: SyntaxNode): string[] {
  const kw = args.namedChildren.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "defaults");
  const dict = kw?.childForFieldName("value");
  if (dict?.type !== "dictionary") return [];
  return dict.namedChildren.flatMap((pair) => {
    const key = pair.type === "pair" ? pair.childForFieldName("key") : null;
    const text = key?.type === "string" ? key.descendantsOfType("string_content")[0]?.text : undefined;
    return text ? [text] : [];
  });
}

function quoted(names: string[]): string {
  return [...new Set(names)].map((n) => `"${n}"`).join(", ");
}

/**
 * `obj, created = M.objects.get_or_create(...)` and the loop then reads `created` (or `res[1]`):
 * per-row logic a bulk upsert cannot serve.
 */
function usesCreatedFlag(loop: LoopInfo, call: SyntaxNode): boolean {
  const stmt = statementOf(call);
  const assign = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  if (assign?.type !== "assignment") return false;
  const left = assign.childForFieldName("left");
  let flag: string | undefined;
  let tuple: string | undefined;
  if ((left?.type === "pattern_list" || left?.type === "tuple_pattern") && left.namedChildren.length === 2) {
    const second = left.namedChildren[1];
    if (second?.type === "identifier" && second.text !== "_") flag = second.text;
  } else if (left?.type === "identifier") {
    tuple = left.text;
  }
  if (!flag && !tuple) return false;
  for (const node of perIterationNodes(loop)) {
    if (node.startIndex < assign.endIndex) continue;
    if (flag && node.type === "identifier" && node.text === flag && isVariableRead(node)) return true;
    if (tuple && node.type === "subscript" && node.childForFieldName("value")?.text === tuple && node.childForFieldName("subscript")?.text === "1") return true;
  }
  return false;
}
