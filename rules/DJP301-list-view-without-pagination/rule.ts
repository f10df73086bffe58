/**
 * DJP301 list-view-without-pagination: a DRF list view (ListModelMixin in its chain) that returns
 * every row in one response, because it sets `pagination_class = None` or because neither the view
 * chain nor `REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]` names a paginator. Read from the DRF graph
 * and the settings index; settings read from the environment are "unverified", never findings.
 */
import { z } from "zod";
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { ViewInfo } from "../../src/analysis/index/drf/types.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import type { Impact } from "../../src/analysis/finding.js";
import { settingAt } from "../../src/analysis/index/settings/accessors.js";
import { boundImpact, classMember, classNodeAt, legacyPaged, listImpact, listsOneRow } from "../../src/analysis/django/drf-classes.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

const options = z.object({
  /** Models whose tables stay small by design (lookup tables): listing them whole is fine. Qualified or bare names. */
  bounded_models: z.array(z.string()).default([]),
});
type Options = z.infer<typeof options>;

/**
 * Django's own tables that grow with the installed code, not with use: one row per model
 * (ContentType), four per model (Permission), one per site (Site). Listing them whole is fine.
 */
const BUILT_IN_BOUNDED = new Set(["django.contrib.contenttypes.models.ContentType", "django.contrib.auth.models.Permission", "django.contrib.sites.models.Site"]);

export default defineRule<Options>({
  id: "DJP301",
  name: "list-view-without-pagination",
  category: "drf",
  status: "preview",
  // block for an explicit `pagination_class = None`; a view without any paginator is reported at warn.
  level: "block",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "A DRF list view returns every row in one response: pagination_class = None, or no paginator in the view chain or the settings.",
  messages: {
    paginationDisabled:
      "{{view}} sets `pagination_class = None`, so its list returns every {{model}}row in one response: the query, the serialization and the response grow with the table. Paginate it (remove the line to use the project default, or name a paginator with `max_page_size`); if the table is small by design, list its model in the rule option `bounded_models`.",
    noPaginator:
      "{{view}} lists {{model}}rows with no paginator: neither the view chain nor `REST_FRAMEWORK[\"DEFAULT_PAGINATION_CLASS\"]` names one, so every row is returned in one response. Set `pagination_class` (or the project default in settings, with `PAGE_SIZE`).",
  },
  options,
  check(ctx) {
    for (const view of ctx.index.drf.viewsIn(ctx.file.path)) {
      if (!view.listCapable || view.methods.has("list")) continue;
      ctx.applies();
      if (!listsOneRow(view)) checkView(ctx, view);
    }
  },
});

/** The view's own `queryset = ContentType.objects...` names one of Django's bounded tables (through this file's imports). */
function listsBuiltInBoundedTable(ctx: RuleContext<Options>, view: ViewInfo): boolean {
  const attr = view.attrs.get("queryset");
  if (!attr || attr.classQn !== view.qn) return false;
  const head = attr.value.text.split(".")[0]?.trim() ?? "";
  const target = ctx.django.imports.get(head);
  return target !== undefined && BUILT_IN_BOUNDED.has(target);
}

/**
 * Something in the view says it lists a model's rows: a `queryset =` along its chain, or a list
 * serializer with `Meta.model`. Without either, a `get_queryset` the index cannot follow may return
 * anything (rotation set 8: the site's configured payment processor classes, rendered by a plain
 * `Serializer`), so nothing is claimed.
 */
function namesModelRows(ctx: RuleContext<Options>, view: ViewInfo): boolean {
  if (view.attrs.has("queryset")) return true;
  const serializer = "unresolved" in view.serializer ? undefined : ctx.index.drf.serializers.get(view.serializer.qn);
  return serializer?.model !== undefined || serializer?.modelUnresolved !== undefined;
}

function checkView(ctx: RuleContext<Options>, view: ViewInfo): void {
  // The model counts even when the rows are not fully known (a base chosen at runtime): it is what the table size is read from.
  const listed = view.queryset.model;
  const model = listed === undefined ? undefined : ctx.index.models.get(listed);
  if (model && ctx.options.bounded_models.some((m) => m === model.qualifiedName || m === model.name)) return;
  if (listsBuiltInBoundedTable(ctx, view)) return;
  // Rendered by file renderers only (CSV, spreadsheets): an export meant to hold every row, which a page would cut (DJP302 alike).
  if (view.fileRenderersOnly) return;
  if (!model && !namesModelRows(ctx, view)) return;
  const cls = classNodeAt(ctx.file.tree.rootNode, view.name, view.line);
  if (!cls) return;
  const modelName = model ? `${codeSpan(model.name)} ` : "";
  const attr = view.attrs.get("pagination_class");
  if (attr) {
    if (attr.value.t !== "none") return;
    // Reported where the None is written; a base class's None is reported on the base.
    if (attr.classQn !== view.qn) return;
    const anchor = classMember(cls, "pagination_class") ?? cls;
    ctx.report({ node: anchor, scope: cls, messageId: "paginationDisabled", data: { view: codeSpan(view.name), model: modelName }, subject: view.qn, ...(model ? { model: model.qualifiedName } : {}), ...rowsImpact(view, model) });
    return;
  }
  if (legacyPaged(ctx.index, view)) return;
  const foreign = view.drfBases.length === 0;
  // A base never routed itself lists nothing: each subclass that keeps no paginator is reported.
  if (foreign || view.unrouted) return;
  const rest = ctx.index.settings.effective("REST_FRAMEWORK");
  const paginator = settingAt(rest, ["DEFAULT_PAGINATION_CLASS"]);
  if (paginator.status === "unknown") return ctx.unverified(`REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]: ${paginator.reason}`, "noPaginator");
  if (paginator.status === "set" && paginator.value.kind !== "none") return;
  if (ctx.index.settings.effective("INSTALLED_APPS").status !== "set") return ctx.unverified("the settings modules are not readable", "noPaginator");
  ctx.report({ node: cls.childForFieldName("name") ?? cls, scope: cls, messageId: "noPaginator", level: "warn", data: { view: codeSpan(view.name), model: modelName }, subject: view.qn, ...(model ? { model: model.qualifiedName } : {}), ...rowsImpact(view, model) });
}

/**
 * An unpaginated list costs what its table holds: inline when the project shows the table is large
 * (or lists it in `large_models`), at info otherwise, like DJP210's sorts. Held-out sets found most
 * inline ones negligible or wrong (lookup and plugin tables, a user's filters): rotation sets 2, 4 and 6
 * at first contact, 2 TP, 13 TP-low and 8 FP at warn/block. A view whose model is unknown has no evidence either.
 */
function rowsImpact(view: ViewInfo, model: ModelInfo | undefined): { impact?: Impact } {
  if (model) return { impact: listImpact(view, model) };
  return view.bound && !view.bound.session ? boundImpact(view) : { impact: { level: "low", reason: "the view's model is not known, so nothing shows that its table holds many rows" } };
}
