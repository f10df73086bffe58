/**
 * Queries inside a member of the loop row's model (issue 7, missed class 5, interprocedural): `row.x`
 * where `x` is a property (or `cached_property`) whose body counts, tests or fetches something about the
 * row (`Booking.objects.filter(slot=self).count()`), or `row.m(…)` for such a method, runs that query once
 * per row, though the loop shows only an attribute read. The index summarises the members
 * (`ModelInfo.queryingMembers`, member-queries.ts): the query must be on the member's one normal path (no
 * branch, memo or guard before it) and read the row, directly or through another member of the class the
 * row's values are handed to. Reported at info on the read in the loop, naming the member and the query:
 * the rewrite (annotate the value on the loop's queryset, or load it for all rows at once) touches the
 * model's code, and the member may be cheap in ways one summary cannot see.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import type { InstanceInfo, LoopInfo } from "../../src/analysis/django/types.js";
import type { QueryingMember } from "../../src/analysis/index/types.js";
import { runsPerIteration, statementOf } from "../../src/analysis/django/loop-scope.js";
import { instanceRowsAtMostOne } from "../../src/analysis/django/rows.js";
import { isWriteTarget, sameNode } from "../../src/analysis/django/syntax.js";
import { impactOfLoop } from "../../src/analysis/django/impact.js";

export function reportMemberQueries(ctx: RuleContext, exempt: (loop: LoopInfo, node: SyntaxNode) => boolean): void {
  const reported = new Set<string>();
  for (const attr of ctx.django.nodesOfType("attribute")) {
    const object = attr.childForFieldName("object");
    const name = attr.childForFieldName("attribute")?.text;
    if (object?.type !== "identifier" || !name) continue;
    const inst = ctx.django.instanceOf(object);
    const loop = inst?.loop;
    if (!inst || inst.source !== "loop" || !loop) continue;
    const member = inst.model.queryingMembers?.get(name);
    if (!member || !readAs(attr, member) || !relationOk(ctx, inst, member)) continue;
    if (!runsPerIteration(loop, attr) || !onLoopPath(attr, loop) || instanceRowsAtMostOne(inst, object.text) || exempt(loop, attr)) continue;
    const key = `${loop.node.id}:${name}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const statement = statementOf(attr);
    const via = member.via.length > 0 ? `, through ${member.via.map((v) => `\`${v}\``).join(" and ")},` : "";
    ctx.report({
      node: attr,
      messageId: member.kind === "property" ? "perRowProperty" : "perRowMethod",
      data: { access: `${object.text}.${name}`, member: name, model: inst.model.name, query: member.label, via, where: `${member.path}:${member.line}` },
      subject: `${inst.model.qualifiedName}.${name} ${member.label}`,
      ...(statement ? { causes: [statement] } : {}),
      impact: impactOfLoop(ctx.django, loop),
      model: inst.model.qualifiedName,
      level: "info",
    });
  }
}

/** A property read as an attribute (not assigned), a method called. */
function readAs(attr: SyntaxNode, member: QueryingMember): boolean {
  const parent = attr.parent;
  const called = parent?.type === "call" && sameNode(parent.childForFieldName("function"), attr);
  if (member.kind === "method") return called;
  return !called && !isWriteTarget(attr);
}

/** A query rooted at `self.<x>` counts only when `x` is a related manager of the row's model. */
function relationOk(ctx: RuleContext, inst: InstanceInfo, member: QueryingMember): boolean {
  if (member.selfRoot === undefined) return true;
  const rel = ctx.django.relation(inst.model, member.selfRoot);
  return rel?.kind === "m2m" || rel?.kind === "generic" || (rel?.kind === "reverse" && rel.relation.kind !== "reverse-o2o");
}

/**
 * The read runs on every iteration: not in a branch of the loop body (an `if` test itself is fine), an
 * `except` clause, the right operand of `and`/`or`, or an inner loop's body.
 */
export function onLoopPath(node: SyntaxNode, loop: LoopInfo): boolean {
  const stop = loop.comprehension ?? loop.node;
  for (let child = node, n = node.parent; n && !sameNode(n, stop); child = n, n = n.parent) {
    switch (n.type) {
      case "if_statement":
      case "elif_clause":
      case "while_statement":
        if (!sameNode(n.childForFieldName("condition"), child)) return false;
        break;
      case "else_clause":
      case "except_clause":
      case "for_statement":
      case "match_statement":
        return false;
      case "boolean_operator":
        if (!sameNode(n.childForFieldName("left"), child)) return false;
        break;
      case "conditional_expression":
        if (!sameNode(n.namedChildren[1], child)) return false;
        break;
      default:
        break;
    }
  }
  return true;
}
