/**
 * DJP103's admin variant: a `list_display` column method of a registered ModelAdmin runs once per row of
 * the change list (up to `list_per_page`, 100 by default). A manager query in it that reads the row
 * (`Result.objects.get(case=obj)`) is one query per row, whatever the change list's queryset selects:
 * no eager loading serves a fresh manager query. Which classes and columns count is read by
 * src/analysis/django/admin-classes.ts (`adminColumnMethods`).
 */
import type { RuleContext } from "../../src/analysis/rule.js";
import { adminColumnMethods, changeListRows, columnImpact, nestedInColumn } from "../../src/analysis/django/admin-classes.js";
import { referencedNames } from "../../src/analysis/django/loop-scope.js";
import { attributeName } from "../../src/analysis/django/syntax.js";
import { isEmbeddedInQuery } from "../../src/analysis/django/embedded.js";

/** Manager chains ending here run their query on the spot. */
const EVALUATES = new Set(["get", "first", "last", "earliest", "latest", "exists", "count", "aggregate"]);

export function checkAdminColumnQueries(ctx: RuleContext): void {
  for (const column of adminColumnMethods(ctx.django)) {
    const body = column.fn.childForFieldName("body");
    if (!body) continue;
    for (const call of body.descendantsOfType("call")) {
      const fn = call.childForFieldName("function");
      const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
      if (!object || !EVALUATES.has(attributeName(fn!) ?? "") || nestedInColumn(call, body) || isEmbeddedInQuery(call)) continue;
      const qs = ctx.django.querySetOf(object);
      // `obj.items.count()` is DJP102's; only the model's manager, picked by the row.
      if (!qs || qs.root !== "manager" || !referencedNames(call).has(column.param)) continue;
      ctx.report({
        node: call,
        scope: column.cls,
        causes: [column.listDisplay],
        messageId: "admin-column-query",
        data: { model: qs.model.name, what: `\`.${attributeName(fn!)}()\``, column: column.column, admin: column.admin, rows: changeListRows(column.perPage) },
        subject: `${column.model.qualifiedName} admin ${column.column} ${qs.model.qualifiedName}.${attributeName(fn!)}`,
        model: column.model.qualifiedName,
        impact: columnImpact(column),
      });
    }
  }
}
