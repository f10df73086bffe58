/**
 * DJP104 fk-id-through-relation: `x.customer.id` (or `.pk`) loads the whole Customer row to read a
 * value x already holds in `x.customer_id`. Only when x is a model instance the index can prove and
 * `customer` is its FK/O2O: `request.user.id` is not a foreign key. Quiet when the row is in memory or
 * needed anyway (see `./other-reads.ts`).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { InstanceInfo, LoopInfo } from "../../src/analysis/django/types.js";
import type { FieldInfo } from "../../src/analysis/index/types.js";
import type { Fix } from "../../src/analysis/finding.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { attributeName, isWithin, isWriteTarget, sameNode } from "../../src/analysis/django/syntax.js";
import { cachedByAssignment, isBackReference, isLoaded, loadSources } from "../../src/analysis/django/loaded.js";
import { quote } from "../../src/analysis/django/report-parts.js";
import { primaryKeyName } from "../../src/analysis/django/uniqueness.js";
import { lowerBound } from "../../src/analysis/django/within.js";
import { otherReadsOf } from "./other-reads.js";

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
    "fk-id-guarded":
      "`{{access}}` loads {{target}} (one query; one per row inside a loop) only for a test of {{relation}} and its key. Test and read `{{replacement}}` instead (`{{guard}}` → `{{guardReplacement}}`): no query at all.",
  },
  check(ctx) {
    // One finding per relation per function (or loop body): after the first `x.f.id` the row is cached.
    const reported = new Set<string>();
    for (const attr of ctx.django.nodesOfType("attribute")) {
      const key = attributeName(attr);
      if (key !== "id" && key !== "pk") continue;
      const through = attr.childForFieldName("object");
      if (through?.type !== "attribute" || isWriteTarget(attr)) continue;
      const holder = through.childForFieldName("object");
      const name = attributeName(through);
      if (!holder || !name) continue;
      const inst = ctx.django.instanceOf(holder);
      // `self` in a model method and a serializer's `obj` are filled by callers the rule cannot see
      // (a base serializer's summary fields, a form, the view): the row may be in memory already.
      if (!inst || inst.source === "self" || inst.source === "serializer-obj") continue;
      const rel = ctx.django.relation(inst.model, name);
      if (rel?.kind !== "forward" || (rel.field.kind !== "fk" && rel.field.kind !== "o2o")) continue;
      // With to_field, `x.f_id` holds that column, not the primary key: no cheaper spelling exists.
      if (rel.field.kwargs.to_field !== undefined) continue;
      // `.id` equals `f_id` only when the target's primary key is `id` (not so for a model with its own key).
      if (key === "id" && !primaryKeyIsId(ctx, rel.field)) continue;
      const place = placeOf(ctx, attr, inst.loop);
      if (reported.has(place)) continue;
      if (alreadyInMemory(ctx, inst, holder, through, rel.field)) continue;
      const reads = otherReadsOf(ctx.django, through, inst.loop);
      // Another read needs the row: it is loaded anyway (before, or later on the same path).
      if (reads.needsRow) continue;
      reported.add(place);
      // In a loop, the reads of this loop: another loop's `x.f.id` has its own `x` and its own finding.
      // (Every later loop's read used to be edited too: a function of n such loops got n² edits.)
      const loopNode = inst.loop && isWithin(attr, inst.loop.node) ? inst.loop.node : undefined;
      const sameKeyReads = keyReadsAfter(ctx, attr, through, loopNode).filter((other) => placeOf(ctx, other, inst.loop) === place);
      report(ctx, attr, through, holder, rel.field, reads.guard, sameKeyReads);
    }
  },
});

/** Where one finding covers every key read of a relation: the function, the loop, the relation as written. */
function placeOf(ctx: RuleContext, attr: SyntaxNode, loop: LoopInfo | undefined): string {
  const through = attr.childForFieldName("object");
  return `${ctx.django.contextOf(attr).function?.startIndex ?? -1}:${loop?.node.startIndex ?? -1}:${through?.text ?? ""}`;
}

/**
 * The other key reads of `through`'s relation as written, after `attr` in its loop (when given) or its
 * function (or module): the only candidates for the same place (which needs the same function). Read
 * from a per-file list of `….id` / `….pk` reads with their relation's text, not from every attribute of
 * the file per finding. The window is the loop's range, not the function's: a function of n loops each
 * reading `o.customer.id` had every finding test the n later reads against its loop (found by `npm run
 * fuzz`, a function of 307 such loops).
 */
function keyReadsAfter(ctx: RuleContext, attr: SyntaxNode, through: SyntaxNode, loop: SyntaxNode | undefined): SyntaxNode[] {
  const reads = keyReads(ctx);
  const within = loop ?? ctx.django.contextOf(attr).function;
  const start = attr.startIndex;
  const [from, to] = within ? [within.startIndex, within.endIndex] : [0, Infinity];
  const text = through.text;
  const out: SyntaxNode[] = [];
  for (let i = lowerBound(reads.starts, Math.max(from, start + 1)); i < reads.list.length && reads.starts[i]! <= to; i++) {
    const read = reads.list[i]!;
    if (read.relation === text && read.end <= to) out.push(read.node);
  }
  return out;
}

interface KeyRead {
  node: SyntaxNode;
  end: number;
  /** The text of the relation in `<relation>.id`, when that is an attribute and the read is not a write. */
  relation: string | undefined;
}

const keyReadsOf = new WeakMap<readonly SyntaxNode[], { list: KeyRead[]; starts: number[] }>();

function keyReads(ctx: RuleContext): { list: KeyRead[]; starts: number[] } {
  const all = ctx.django.nodesOfType("attribute");
  let known = keyReadsOf.get(all);
  if (!known) {
    const list: KeyRead[] = [];
    const starts: number[] = [];
    // Source order (the fix's edits follow it): the file's attribute list, keeping id/pk reads.
    for (const node of all) {
      const key = attributeName(node);
      if (key !== "id" && key !== "pk") continue;
      const object = node.childForFieldName("object");
      const relation = object?.type === "attribute" && !isWriteTarget(node) ? object.text : undefined;
      list.push({ node, end: node.endIndex, relation });
      starts.push(node.startIndex);
    }
    known = { list, starts };
    keyReadsOf.set(all, known);
  }
  return known;
}

/** The relation's target is a model the index knows, and its primary key is the implicit or declared `id`. */
function primaryKeyIsId(ctx: RuleContext, field: FieldInfo): boolean {
  const target = field.target?.resolved ? ctx.index.models.get(field.target.model) : undefined;
  return target !== undefined && primaryKeyName(target) === "id";
}

function alreadyInMemory(ctx: RuleContext, inst: InstanceInfo, holder: SyntaxNode, through: SyntaxNode, field: FieldInfo): boolean {
  const name = field.name;
  if (isLoaded(loadSources(ctx.django, inst, holder.text), name, { forward: true, nonNull: !field.nullable })) return true;
  return isBackReference(inst, name) || cachedByAssignment(ctx.django, through, holder, inst.model, name);
}

function report(ctx: RuleContext, attr: SyntaxNode, through: SyntaxNode, holder: SyntaxNode, field: FieldInfo, guard: SyntaxNode | undefined, sameKeyReads: readonly SyntaxNode[]): void {
  const nameNode = through.childForFieldName("attribute");
  if (!nameNode || !sameNode(attr.childForFieldName("object"), through)) return;
  const replacement = `${holder.text}.${field.name}_id`;
  // From the relation's name to the end of `.id`: whatever spelling the holder has stays untouched.
  // Every key read of the relation changes together: fixing only the first would make the next one load the row.
  const edits = [attr, ...sameKeyReads].flatMap((read) => {
    const name = read.childForFieldName("object")?.childForFieldName("attribute");
    return name ? [{ range: { start: rangeOf(name).start, end: rangeOf(read).end }, newText: `${field.name}_id` }] : [];
  });
  const fix: Fix = {
    safety: field.nullable ? "unsafe" : "safe",
    title: `Use ${quote(replacement)}`,
    edits,
  };
  const model = field.target?.resolved ? field.target.model.split(".").pop() : undefined;
  const target = model ? `the related ${model} row` : "the related row";
  const data = { access: quote(attr.text), target, replacement: quote(replacement), relation: quote(through.text) };
  if (guard) {
    const guardText = guard.text.replace(through.text, replacement);
    ctx.report({ node: attr, messageId: "fk-id-guarded", data: { ...data, guard: quote(guard.text), guardReplacement: quote(guardText) }, fix });
    return;
  }
  ctx.report({ node: attr, messageId: field.nullable ? "fk-id-nullable" : "fk-id", data, fix });
}
