/**
 * DJP501 create-in-loop: one INSERT per iteration (`M.objects.create(...)`, or `v = M(...)` then
 * `v.save()`), where one `bulk_create` would do. Quiet for models bulk_create cannot take
 * (multi-table inheritance children, many-to-many managers); info when bulk_create would change
 * behaviour (save() overrides, save signals) or an iteration reads an object an earlier one created.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import type { LoopInfo } from "../../src/analysis/django/types.js";
import { methodCallsNamed } from "../../src/analysis/django/evaluation.js";
import { loopScope, perIterationNodes, reportingLoop } from "../../src/analysis/django/loop-scope.js";
import { isLoopCarried, isManyToManyManager, isMultiTableChild, saveHooksOf } from "../../src/analysis/django/bulk-writes.js";

const CREATE = new Set(["create"]);
const SAVE = new Set(["save"]);

export default defineRule({
  id: "DJP501",
  name: "create-in-loop",
  category: "bulk",
  status: "stable",
  level: "warn",
  confidence: "high",
  fix: "never",
  target: "python",
  summary: "A row is inserted per loop iteration where one bulk_create would do.",
  messages: {
    create:
      "`{{call}}` in a loop inserts one {{model}} row per iteration: N rows, N round trips. Collect the objects and call `{{model}}.objects.bulk_create(objs, batch_size=1000)` once.",
    createHooks:
      "`{{call}}` in a loop inserts one {{model}} row per iteration (N round trips), but {{model}} {{hooks}}, which bulk_create skips. Move that logic out before switching to `bulk_create(objs, batch_size=1000)`.",
    createDependent:
      "`{{call}}` in a loop inserts one {{model}} row per iteration (N round trips), and a later iteration reads an object created earlier, so one bulk_create does not fit. If N can grow, create in dependency order (one bulk_create per level).",
  },
  check(ctx) {
    for (const m of methodCallsNamed(ctx.django, CREATE)) {
      const qs = ctx.django.querySetOf(m.object);
      if (!qs || isManyToManyManager(qs)) continue;
      reportCreate(ctx, m.call, m.call, qs.model, `${m.object.text.length > 40 ? qs.model.name + ".objects" : m.object.text}.create()`);
    }
    for (const m of methodCallsNamed(ctx.django, SAVE)) {
      if (m.object.type !== "identifier" || m.args.namedChildren.some((a) => isForcedUpdate(a))) continue;
      const loop = reportingLoop(ctx.django, m.call);
      const built = loop ? constructionBefore(ctx, loop, m.object.text, m.call) : undefined;
      if (built) reportCreate(ctx, m.call, built.call, built.model, `${m.object.text}.save()`);
    }
  },
});

function reportCreate(ctx: RuleContext, at: SyntaxNode, producer: SyntaxNode, model: ModelInfo, call: string): void {
  const loop = reportingLoop(ctx.django, at);
  if (!loop || isMultiTableChild(model, ctx.index)) return;
  const data = { call, model: model.name };
  const subject = `${model.qualifiedName} ${at === producer ? "create" : "save"}`;
  if (isLoopCarried(loop, producer)) {
    ctx.report({ node: at, scope: loopScope(loop), subject, messageId: "createDependent", data, level: "info" });
    return;
  }
  const hooks = saveHooksOf(model, ctx.index);
  if (hooks) {
    ctx.report({ node: at, scope: loopScope(loop), subject, messageId: "createHooks", data: { ...data, hooks }, level: "info" });
  } else {
    ctx.report({ node: at, scope: loopScope(loop), subject, messageId: "create", data });
  }
}

function isForcedUpdate(arg: SyntaxNode): boolean {
  return arg.type === "keyword_argument" && ["force_update", "update_fields"].includes(arg.childForFieldName("name")?.text ?? "");
}

/**
 * The `name = M(...)` that `save` saves: the last assignment to `name` before it in the same loop
 * iteration, when its value is a model constructor that sets no primary key (else save() may UPDATE).
 */
function constructionBefore(
  ctx: RuleContext,
  loop: LoopInfo,
  name: string,
  save: SyntaxNode,
): { call: SyntaxNode; model: ModelInfo } | undefined {
  let last: SyntaxNode | undefined;
  for (const node of perIterationNodes(loop)) {
    if (node.type !== "assignment" || node.endIndex > save.startIndex) continue;
    const left = node.childForFieldName("left");
    if (left?.type === "identifier" && left.text === name && (!last || node.startIndex > last.startIndex)) last = node;
  }
  const value = last?.childForFieldName("right");
  const fn = value?.type === "call" ? value.childForFieldName("function") : undefined;
  const model = fn ? ctx.django.modelOf(fn) : undefined;
  if (!value || !model) return undefined;
  const keys = new Set(["pk", "id", ...[...model.fields.values()].filter((f) => f.kwargs.primary_key === "True").map((f) => f.name)]);
  const setsKey = (value.childForFieldName("arguments")?.namedChildren ?? []).some(
    (a) => a.type === "keyword_argument" && keys.has(a.childForFieldName("name")?.text ?? ""),
  );
  return setsKey ? undefined : { call: value, model };
}
