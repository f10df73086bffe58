/**
 * DJP306 serializer-relation-not-eager-loaded: a DRF list view whose serializer walks relations
 * (nested serializers, `source="a.b"`, many-valued related fields, `Meta.depth`) that the view's
 * queryset does not select_related / prefetch_related. Every row of every page then costs a query
 * per missing relation. Cross-file: the view, its queryset (attribute or `get_queryset`), the
 * serializer and the models come from the index's DRF graph; anything it cannot prove is unverified.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { serializerWalk, missingPaths, type WalkedPath } from "../../src/analysis/index/drf/walks.js";
import type { ViewInfo } from "../../src/analysis/index/drf/types.js";
import { classMember, classNodeAt } from "../../src/analysis/django/drf-classes.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

export default defineRule({
  id: "DJP306",
  name: "serializer-relation-not-eager-loaded",
  category: "drf",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "A DRF list view's serializer walks relations its queryset does not select_related / prefetch_related.",
  messages: {
    notEagerLoaded:
      "{{view}} lists {{model}} rows with {{serializer}}, which walks {{paths}} for every row ({{via}}), and the queryset does not eager-load {{them}}: each page costs 1 + N queries per missing relation. Add {{fix}} to the queryset.",
  },
  check(ctx) {
    for (const view of ctx.index.drf.viewsIn(ctx.file.path)) {
      if (!view.listCapable) continue;
      ctx.applies();
      checkView(ctx, view);
    }
  },
});

function checkView(ctx: RuleContext, view: ViewInfo): void {
  // A custom list() renders whatever it wants (DJP302 looks at those).
  if (view.methods.has("list")) return;
  if ("unresolved" in view.queryset) return ctx.unverified(`${view.name}: ${view.queryset.unresolved}`);
  if ("unresolved" in view.serializer) return ctx.unverified(`${view.name}: ${view.serializer.unresolved}`);
  const serializer = ctx.index.drf.serializers.get(view.serializer.qn);
  const model = ctx.index.models.get(view.queryset.model);
  if (!serializer || !model) return;
  const walk = serializerWalk(ctx.index, serializer.qn, model.qualifiedName);
  if (walk.blind.length > 0) return ctx.unverified(`${view.name}: ${walk.blind[0] ?? ""}`);
  const missing = missingPaths(walk.paths, view.queryset.loads);
  if (missing.length === 0) return;
  const cls = classNodeAt(ctx.file.tree.rootNode, view.name, view.line);
  if (!cls) return;
  const anchor = anchorOf(cls, view);
  ctx.report({
    node: anchor,
    scope: cls,
    messageId: "notEagerLoaded",
    data: {
      view: codeSpan(view.name),
      model: codeSpan(model.name),
      serializer: codeSpan(serializer.name),
      paths: missing.map((p) => codeSpan(p.path)).join(", "),
      via: [...new Set(missing.map((p) => p.via))].join(", "),
      them: missing.length === 1 ? "it" : "them",
      fix: fixText(missing),
    },
    related: missing.slice(0, 5).map((p) => ({ path: p.path_, range: { start: { line: p.line, column: 1 }, end: { line: p.line, column: 1 } }, message: `${p.via} walks ${p.path}` })),
    subject: `${view.qn}:${missing.map((p) => p.path).join(",")}`,
    model: model.qualifiedName,
  });
}

/** The `queryset =` line or the `get_queryset` definition when this class writes it, else the class name. */
function anchorOf(cls: SyntaxNode, view: ViewInfo): SyntaxNode {
  if (!("unresolved" in view.queryset) && view.queryset.origin.classQn === view.qn) {
    const member = classMember(cls, view.queryset.origin.kind === "attr" ? "queryset" : "get_queryset");
    const target = member?.type === "function_definition" ? member.childForFieldName("name") : member;
    if (target) return target;
  }
  return cls.childForFieldName("name") ?? cls;
}

function fixText(missing: WalkedPath[]): string {
  const single = missing.filter((p) => !p.many).map((p) => JSON.stringify(p.path));
  const many = missing.filter((p) => p.many).map((p) => JSON.stringify(p.path));
  const parts: string[] = [];
  if (single.length > 0) parts.push(`.select_related(${single.join(", ")})`);
  if (many.length > 0) parts.push(`.prefetch_related(${many.join(", ")})`);
  return codeSpan(parts.join(""));
}
