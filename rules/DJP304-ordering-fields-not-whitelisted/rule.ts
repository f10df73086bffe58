/**
 * DJP304 ordering-fields-not-whitelisted: a DRF list view that lets clients order by `?ordering=`
 * (OrderingFilter in its `filter_backends`, or in `REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]`) with
 * no `ordering_fields`, or with `ordering_fields = "__all__"`: any field the serializer (or the model)
 * has becomes a sort key, indexed or not.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import type { ViewInfo } from "../../src/analysis/index/drf/types.js";
import { settingAt } from "../../src/analysis/index/settings/accessors.js";
import { boundImpact, classMember, classNodeAt, listsOneRow } from "../../src/analysis/django/drf-classes.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

const DRF_ORDERING = /^rest_framework\.filters\.OrderingFilter$/;

export default defineRule({
  id: "DJP304",
  name: "ordering-fields-not-whitelisted",
  category: "drf",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "A DRF list view with OrderingFilter lets clients sort by any field: no ordering_fields, or ordering_fields = \"__all__\".",
  messages: {
    noWhitelist:
      "{{view}} uses OrderingFilter ({{where}}) without `ordering_fields`: clients can sort by any readable serializer field with `?ordering=`, and sorting a large table on an unindexed column is a full scan and sort per request. List the fields to allow: `ordering_fields = [...]` (indexed ones).",
    allFields:
      "{{view}} sets `ordering_fields = \"__all__\"`: clients can sort by any model field with `?ordering=`, and sorting a large table on an unindexed column is a full scan and sort per request. List the fields to allow (indexed ones).",
  },
  check(ctx) {
    for (const view of ctx.index.drf.viewsIn(ctx.file.path)) {
      if (!view.listCapable || view.methods.has("list")) continue;
      ctx.applies();
      // A base never routed itself: its subclasses report what they inherit (rotation set 12: a base
      // whose only subclass replaces its `filter_backends` serves no sort at all).
      if (!listsOneRow(view) && !view.abstractBase && !view.unrouted) checkView(ctx, view);
    }
  },
});

function checkView(ctx: RuleContext, view: ViewInfo): void {
  const cls = classNodeAt(ctx.file.tree.rootNode, view.name, view.line);
  if (!cls) return;
  // A `@property` picks the fields per action (DRF reads `view.ordering_fields` as any attribute).
  if (view.properties?.has("ordering_fields")) return;
  const fields = view.attrs.get("ordering_fields");
  if (fields) {
    if (fields.value.t === "str" && fields.value.value === "__all__" && fields.classQn === view.qn) {
      report(ctx, cls, classMember(cls, "ordering_fields") ?? cls, view, "allFields", "");
    }
    return;
  }
  const backends = view.attrs.get("filter_backends");
  let where: string;
  let anchor: SyntaxNode;
  if (backends) {
    if (!backends.targets?.some((t) => DRF_ORDERING.test(t))) return;
    if (backends.classQn !== view.qn) {
      // Inherited: reported here unless the class that sets them is a list view reported on its own in
      // another file (a base of this file, a mixin, or a base that is never routed itself is reported
      // on each subclass that serves its sort).
      const definer = ctx.index.drf.views.get(backends.classQn);
      if (backends.path !== ctx.file.path && definer && reportedItself(definer)) return;
      anchor = cls.childForFieldName("name") ?? cls;
      const from = backends.classQn.slice(backends.classQn.lastIndexOf(".") + 1);
      where = `\`filter_backends\` inherited from ${codeSpan(from)}`;
    } else {
      anchor = classMember(cls, "filter_backends") ?? cls;
      where = "`filter_backends`";
    }
  } else {
    const rest = ctx.index.settings.effective("REST_FRAMEWORK");
    const defaults = settingAt(rest, ["DEFAULT_FILTER_BACKENDS"]);
    if (defaults.status === "unknown") return ctx.unverified(`REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]: ${defaults.reason}`);
    if (defaults.status !== "set" || defaults.value.kind !== "list") return;
    if (!defaults.value.items.some((i) => i.value.kind === "str" && i.value.value === "rest_framework.filters.OrderingFilter")) return;
    anchor = cls.childForFieldName("name") ?? cls;
    where = "`DEFAULT_FILTER_BACKENDS` in settings";
  }
  report(ctx, cls, anchor, view, "noWhitelist", where);
}

/** The view's own finding covers its `filter_backends` (the checks of `check` above). */
function reportedItself(view: ViewInfo): boolean {
  return view.listCapable && !view.methods.has("list") && !listsOneRow(view) && !view.abstractBase && !view.unrouted;
}

/**
 * A bounded list (one user's, one parent's rows) is reported at info with its reason; otherwise the sort
 * is over the model's table, and a table the project lists whole in one widget (table-size.ts `small`:
 * an admin sidebar filter, a form's select over every row) holds a handful of rows, which sort in no
 * time: the engine moves the finding to info, naming the evidence (rotation set 11: 8 of 9 findings on
 * small lookup and log tables were judged right but negligible).
 */
function report(ctx: RuleContext, cls: SyntaxNode, anchor: SyntaxNode, view: ViewInfo, messageId: string, where: string): void {
  const model = view.queryset.model;
  const bound = boundImpact(view);
  const impact = bound.impact ? bound : model ? { impact: { level: "normal" as const, of: "table" as const, walks: model } } : {};
  ctx.report({ node: anchor, scope: cls, messageId, data: { view: codeSpan(view.name), where }, subject: view.qn, ...impact });
}
