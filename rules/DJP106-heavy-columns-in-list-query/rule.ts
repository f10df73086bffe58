/**
 * DJP106 heavy-columns-in-list-query: a DRF list view loads large columns (TextField, JSONField,
 * BinaryField) of every row that its serializer never renders, and the queryset does not `defer()`
 * them (nor `only()` / `values()`). Read from the DRF graph: the serializer's `Meta.fields` must be a
 * literal list of the model's own fields and relations, with nothing that could read other columns
 * (method fields, `source="*"`, `to_representation`, properties, dynamic-field bases). Info only: the
 * cost is bandwidth between the database and the app, not extra queries.
 */
import { defineRule } from "../../src/analysis/rule.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { ViewInfo } from "../../src/analysis/index/drf/types.js";
import type { FieldInfo, ModelInfo } from "../../src/analysis/index/types.js";
import { classMember, classNodeAt, originMember } from "../../src/analysis/django/drf-classes.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";

const HEAVY = new Set(["TextField", "JSONField", "BinaryField", "HStoreField", "SearchVectorField"]);

export default defineRule({
  id: "DJP106",
  name: "heavy-columns-in-list-query",
  category: "orm",
  status: "preview",
  level: "info",
  confidence: "medium",
  fix: "never",
  target: "python",
  summary: "A DRF list view loads large columns (text, JSON, binary) its serializer never renders; defer() them.",
  messages: {
    heavyColumns:
      "{{view}} loads {{columns}} of every {{model}} row it lists, and {{serializer}} never renders {{them}}: large values travel from the database on every page for nothing. Add `.defer({{args}})` to the queryset (or `.only(...)` with the serializer's fields).",
  },
  check(ctx) {
    for (const view of ctx.index.drf.viewsIn(ctx.file.path)) {
      // A base never routed itself lists nothing: each subclass reports what it inherits.
      if (view.listCapable && !view.unrouted && !view.methods.has("list")) checkView(ctx, view);
    }
  },
});

function checkView(ctx: RuleContext, view: ViewInfo): void {
  if ("unresolved" in view.queryset || "unresolved" in view.serializer) return;
  const { loads } = view.queryset;
  if (loads.narrowed || loads.dynamicLoads) return;
  const serializer = ctx.index.drf.serializers.get(view.serializer.qn);
  const model = ctx.index.models.get(view.queryset.model);
  if (!serializer || !model || serializer.model !== model.qualifiedName) return;
  if (!Array.isArray(serializer.fields) || serializer.autoPrefetch || serializer.foreignBases.length > 0) return;
  if (serializer.methods.has("to_representation")) return;
  const rendered = renderedColumns(ctx, serializer.fields, serializer.declared, model);
  if (!rendered) return;
  const heavy = [...model.fields.values()].filter((f) => f.kind === "concrete" && HEAVY.has(f.fieldClass) && !indexedText(f, model) && !rendered.has(f.name));
  if (heavy.length === 0) return;
  const cls = classNodeAt(ctx.file.tree.rootNode, view.name, view.line);
  if (!cls) return;
  const own = view.queryset.origin.classQn === view.qn ? classMember(cls, originMember(view.queryset.origin)) : undefined;
  const anchor = (own?.type === "function_definition" ? own.childForFieldName("name") : own) ?? cls.childForFieldName("name") ?? cls;
  const names = heavy.map((f) => f.name);
  ctx.report({
    node: anchor,
    scope: cls,
    messageId: "heavyColumns",
    data: {
      view: codeSpan(view.name),
      columns: names.map((n) => codeSpan(n)).join(", "),
      model: codeSpan(model.name),
      serializer: codeSpan(serializer.name),
      them: names.length === 1 ? "it" : "them",
      args: names.map((n) => JSON.stringify(n)).join(", "),
    },
    subject: `${view.qn}:${names.join(",")}`,
    model: model.qualifiedName,
  });
}

/**
 * The model columns the serializer reads, or undefined when it may read more than its field list
 * says: a method field, `source="*"`, a name that is not a field of the model (a property may read
 * any column), a source path it cannot follow.
 */
function renderedColumns(ctx: RuleContext, fields: string[], declared: ReadonlyMap<string, { kind: string; source?: string }>, model: ModelInfo): Set<string> | undefined {
  const out = new Set<string>();
  for (const name of fields) {
    const field = declared.get(name);
    if (field?.kind === "method") return undefined;
    const source = field?.source ?? name;
    if (source === "*" || source.startsWith("?")) return undefined;
    const head = source.split(".")[0] ?? source;
    if (head === "pk" || head === "id") continue;
    const modelField = model.fields.get(head);
    if (!modelField && !ctx.django.relation(model, head)) return undefined;
    out.add(head);
  }
  return out;
}

/**
 * A text column with a B-tree index on it alone (`unique=True`, `db_index=True`, a one-field unique
 * constraint or index) holds short values: PostgreSQL refuses an index entry larger than about a third of a
 * page (2,704 bytes), so such a column is an identifier (`alias`, a slug, a code), not a large value.
 */
function indexedText(field: FieldInfo, model: ModelInfo): boolean {
  if (field.fieldClass !== "TextField") return false;
  if (field.kwargs.unique === "True" || field.kwargs.db_index === "True" || field.kwargs.primary_key === "True") return true;
  return model.meta.indexes.some((i) => i.fields.length === 1 && i.fields[0] === field.name && (i.kind === "UniqueConstraint" || i.kind === "Index"));
}
