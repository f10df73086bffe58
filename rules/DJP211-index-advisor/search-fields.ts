/**
 * DRF `search_fields` entries searched with `icontains` (no `^`, `=`, `@` or `$` prefix) on a text
 * column of the view's model with no GIN index: `SearchFilter` turns each into `UPPER(col) LIKE
 * UPPER('%term%')`, which only a trigram index serves. PostgreSQL only (trigram indexes are its own):
 * silent when the database is not known to be PostgreSQL.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import { stringValue } from "../../src/analysis/index/expr.js";
import { containmentIndexOn, fieldByName } from "../../src/analysis/django/indexed-columns.js";
import { databaseFacts } from "../../src/analysis/django/migration-ops.js";
import { ginCreatedBySql } from "../../src/analysis/django/sql-indexes.js";

const TEXT_FIELDS = /^(CharField|TextField|EmailField|SlugField|URLField|CICharField|CITextField|CIEmailField)$/;

export interface SearchHit {
  node: SyntaxNode;
  view: string;
  viewQn: string;
  model: ModelInfo;
  field: string;
  /**
   * Other `search_fields` entries of the view searched with `icontains` on a column that is not text (a UUID or
   * a number, cast to text for each row): SearchFilter ORs every field per term, and no index on a column
   * serves that cast, so an index on `field` alone still leaves the scan (rotation set 14: `("key", "name")`
   * with a UUID key).
   */
  castWith?: string[];
}

export function searchFieldsWithoutTrigram(ctx: Pick<RuleContext<unknown>, "index" | "file" | "django" | "applies">): SearchHit[] {
  const views = ctx.index.drf.viewsIn(ctx.file.path);
  if (views.length === 0 || databaseFacts(ctx.index).vendor !== "postgresql") return [];
  const out: SearchHit[] = [];
  for (const view of views) {
    const attr = view.attrs.get("search_fields");
    // A list small by construction (one user's or one parent's rows, a staff-only view): the search
    // reads the rows an index already narrowed to, not the table.
    if (!attr || attr.path !== ctx.file.path || "unresolved" in view.queryset || view.bound) continue;
    const model = ctx.index.models.get(view.queryset.model);
    const assign = ctx.django.nodesOfType("assignment").find((a) => a.startPosition.row + 1 === attr.line && a.childForFieldName("left")?.text === "search_fields");
    const right = assign?.childForFieldName("right");
    if (!model || !model.complete || model.isAbstract || !right) continue;
    ctx.applies();
    const items = right.type === "list" || right.type === "tuple" ? right.namedChildren : [right];
    const cast = items.flatMap((item) => {
      const name = stringValue(item);
      const field = name === undefined || /^[\^=@$]/.test(name) || name.includes("__") ? undefined : fieldByName(model, name);
      return field && field.kind === "concrete" && !TEXT_FIELDS.test(field.fieldClass) ? [field.name] : [];
    });
    for (const item of items) {
      const name = stringValue(item);
      // A prefix chooses another lookup; `a__b` searches another table.
      if (name === undefined || /^[\^=@$]/.test(name) || name.includes("__")) continue;
      const field = fieldByName(model, name);
      if (!field || field.kind !== "concrete" || !TEXT_FIELDS.test(field.fieldClass)) continue;
      if (containmentIndexOn(model, field) !== "no" || ginCreatedBySql(ctx.index, model, field.name)) continue;
      out.push({ node: item, view: view.name, viewQn: view.qn, model, field: field.name, ...(cast.length > 0 ? { castWith: cast } : {}) });
    }
  }
  return out;
}
