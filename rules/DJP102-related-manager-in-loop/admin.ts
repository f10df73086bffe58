/**
 * DJP102's admin variant: a `list_display` column method of a registered ModelAdmin runs once per row of
 * the change list (up to `list_per_page`, 100 by default), so `obj.items.count()` or `obj.tags.all()` in
 * it is one query per row. `.all()` / `.count()` / `.exists()` read a prefetch cache, so they count only
 * when the change list's queryset is known to prefetch nothing (no `get_queryset` override, every base
 * in the file: src/analysis/django/admin-classes.ts); `.filter()` and friends always query.
 */
import type { RuleContext } from "../../src/analysis/rule.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import { adminColumnMethods, changeListRows, columnImpact, nestedInColumn } from "../../src/analysis/django/admin-classes.js";
import { attributeName, methodCallsOn } from "../../src/analysis/django/syntax.js";
import { isEmbeddedInQuery } from "../../src/analysis/django/embedded.js";
import { QUERYSET_METHODS } from "../../src/analysis/django/querysets.js";
import { quote } from "../../src/analysis/django/report-parts.js";

export function checkAdminColumnManagers(
  ctx: RuleContext,
  isManager: (model: ModelInfo, accessor: string) => boolean,
  cacheReads: ReadonlySet<string>,
  newQuery: ReadonlySet<string>,
): void {
  for (const column of adminColumnMethods(ctx.django)) {
    const body = column.fn.childForFieldName("body");
    if (!body) continue;
    const seen = new Set<string>();
    for (const attr of body.descendantsOfType("attribute")) {
      const object = attr.childForFieldName("object");
      const accessor = attributeName(attr) ?? "";
      if (object?.type !== "identifier" || object.text !== column.param || !isManager(column.model, accessor) || nestedInColumn(attr, body)) continue;
      const calls = methodCallsOn(attr);
      const names = calls.map((c) => c.name);
      const first = names[0];
      if (first === undefined || (!cacheReads.has(first) && !newQuery.has(first))) continue;
      const last = calls[calls.length - 1]!;
      if (QUERYSET_METHODS.has(last.name) && isEmbeddedInQuery(last.call)) continue;
      const bypass = names.find((n) => newQuery.has(n));
      // A prefetch in a get_queryset this file does not show could serve all() / count() / exists().
      if (!bypass && (!column.changeList || !names.every((n) => cacheReads.has(n)))) continue;
      if (seen.has(accessor)) continue;
      seen.add(accessor);
      const counts = last.name === "count" || last.name === "exists";
      const advice = counts
        ? `override \`get_queryset\` to count with the rows (\`.annotate(${accessor}_count=Count("${accessor}"${bypass ? ", filter=Q(…)" : ""}))\`) and read \`${column.param}.${accessor}_count\``
        : bypass
          ? `override \`get_queryset\` with \`prefetch_related(Prefetch("${accessor}", queryset=…, to_attr="…"))\` and read that list`
          : `override \`get_queryset\` to add \`.prefetch_related("${accessor}")\``;
      ctx.report({
        node: attr,
        scope: column.cls,
        causes: [column.listDisplay],
        messageId: "admin-column",
        data: { access: quote(last.call.text), column: column.column, admin: column.admin, relation: `${column.model.name}.${accessor}`, rows: changeListRows(column.perPage), advice },
        subject: `${column.model.qualifiedName} admin ${column.column} ${accessor} ${names.join(".")}`,
        model: column.model.qualifiedName,
        impact: columnImpact(column),
      });
    }
  }
}
