/**
 * DJP104 fk-id-through-relation: `x.customer.id` (or `.pk`) loads the whole Customer row to read a
 * value x already holds in `x.customer_id`. Only when x is a model instance the index can prove and
 * `customer` is its FK/O2O: `request.user.id` is not a foreign key.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { InstanceInfo } from "../../src/analysis/django/types.js";
import type { FieldInfo } from "../../src/analysis/index/types.js";
import type { Fix } from "../../src/report/finding.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { attributeName, enclosingScope, isWriteTarget, sameNode } from "../DJP101-lazy-relation-in-loop/syntax.js";
import { cachedByAssignment, isBackReference, isLoaded, loadSources, runsPerIteration } from "../DJP101-lazy-relation-in-loop/loaded.js";
import { quote } from "../DJP101-lazy-relation-in-loop/report-parts.js";

export default defineRule({
  id: "DJP104",
  name: "fk-id-through-relation",
  category: "orm",
  status: "preview",
  level: "info",
  confidence: "high",
  fix: "sometimes",
  target: "python",
  summary: "`x.fk.id` loads the related row to read a key x already holds as `x.fk_id`.",
  messages: {
    "fk-id":
      "`{{access}}` loads {{target}} (one query; one per row inside a loop) only to read its key. `{{replacement}}` holds the same value without a query.",
    "fk-id-nullable":
      "`{{access}}` loads {{target}} (one query; one per row inside a loop) only to read its key. `{{replacement}}` holds it without a query, but is None where {{relation}} is empty (this expression raises AttributeError there).",
  },
  check(ctx) {
    for (const attr of ctx.file.tree.rootNode.descendantsOfType("attribute")) {
      const key = attributeName(attr);
      if (key !== "id" && key !== "pk") continue;
      const through = attr.childForFieldName("object");
      if (through?.type !== "attribute" || isWriteTarget(attr)) continue;
      const holder = through.childForFieldName("object");
      const name = attributeName(through);
      if (!holder || !name) continue;
      const inst = ctx.django.instanceOf(holder);
      if (!inst) continue;
      const rel = ctx.django.relation(inst.model, name);
      if (rel?.kind !== "forward" || (rel.field.kind !== "fk" && rel.field.kind !== "o2o")) continue;
      // With to_field, `x.f_id` holds that column, not the primary key: no cheaper spelling exists.
      if (rel.field.kwargs.to_field !== undefined) continue;
      if (alreadyInMemory(ctx, inst, holder, through, rel.field)) continue;
      report(ctx, attr, through, holder, rel.field);
    }
  },
});

function alreadyInMemory(ctx: RuleContext, inst: InstanceInfo, holder: SyntaxNode, through: SyntaxNode, field: FieldInfo): boolean {
  const name = field.name;
  if (isLoaded(loadSources(ctx.django, inst, holder.text), name, { forward: true, nonNull: !field.nullable })) return true;
  return isBackReference(inst, name) || cachedByAssignment(ctx.django, through, holder, inst.model, name) || readBefore(ctx, inst, through);
}

/**
 * `self.submission.title` earlier in the function already loaded the object: reading its key now is
 * free. For a loop variable the earlier read must be in the same iteration.
 */
function readBefore(ctx: RuleContext, inst: InstanceInfo, through: SyntaxNode): boolean {
  for (const other of enclosingScope(through).descendantsOfType("attribute")) {
    if (other.startIndex >= through.startIndex) break;
    if (other.text !== through.text || isWriteTarget(other)) continue;
    if (!inst.loop || runsPerIteration(ctx.django, inst.loop, other)) return true;
  }
  return false;
}

function report(ctx: RuleContext, attr: SyntaxNode, through: SyntaxNode, holder: SyntaxNode, field: FieldInfo): void {
  const nameNode = through.childForFieldName("attribute");
  if (!nameNode || !sameNode(attr.childForFieldName("object") ?? attr, through)) return;
  const replacement = `${holder.text}.${field.name}_id`;
  // From the relation's name to the end of `.id`: whatever spelling the holder has stays untouched.
  const edit = { range: { start: rangeOf(nameNode).start, end: rangeOf(attr).end }, newText: `${field.name}_id` };
  const fix: Fix = {
    safety: field.nullable ? "unsafe" : "safe",
    title: `Use ${quote(replacement)}`,
    edits: [edit],
  };
  const model = field.target?.resolved ? field.target.model.split(".").pop() : undefined;
  const target = model ? `the related ${model} row` : "the related row";
  ctx.report({
    node: attr,
    messageId: field.nullable ? "fk-id-nullable" : "fk-id",
    data: { access: quote(attr.text), target, replacement: quote(replacement), relation: quote(through.text) },
    fix,
  });
}
