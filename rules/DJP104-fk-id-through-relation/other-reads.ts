/**
 * The other reads of `holder.field` in the same function, for DJP104: `x.f_id` saves a query only when
 * nothing else on the same path needs the related row. A read before (in source order) that needs it
 * filled the instance cache; a read after it on the same path loads it anyway. Key reads (`x.f.id`)
 * need no row, and truth / None tests (`if x.f:`, `x.f is not None`) are answered by `x.f_id` as well,
 * so they do not count: the finding then says to change the test too.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts, LoopInfo } from "../../src/analysis/django/types.js";
import { attributeName, dottedHead, enclosingScope, isWithin, isWriteTarget, sameNode } from "../../src/analysis/django/syntax.js";
import { runsPerIteration, statementOf } from "../../src/analysis/django/loop-scope.js";
import { targetIdentifiers } from "../../src/analysis/django/bindings.js";
import { attributesNamed, listWithin } from "../../src/analysis/django/within.js";

export interface OtherReads {
  /** Some other read needs the row and runs on this path. */
  needsRow: boolean;
  /** A truth / None test of the relation on this path (the expression that tests it). */
  guard?: SyntaxNode;
}

const BINDERS = ["assignment", "augmented_assignment", "for_statement", "named_expression", "as_pattern", "for_in_clause"];

/** `through` is `holder.field` inside `holder.field.id`; `loop` is the holder's loop, when it is a loop variable. */
export function otherReadsOf(django: DjangoFacts, through: SyntaxNode, loop: LoopInfo | undefined): OtherReads {
  const scope = enclosingScope(through);
  const text = through.text;
  // Only attributes of the same name can be the same relation as written (`x.f`): the scope's others never match.
  // With a loop around `through`, only reads in its body count (`runsPerIteration`), and only barriers
  // between two positions in the loop can separate them: the loop's range gives the same answer.
  const window = loop && isWithin(through, loop.node) && isWithin(loop.node, scope) ? loop.node : scope;
  const sameName = listWithin(attributesNamed(django, attributeName(through) ?? ""), window).filter((other) => other.endIndex - other.startIndex === text.length && other.text === text);
  const barriers = barrierPositions(django, window, through, sameName);
  // In a return / raise the path ends here: later reads are on another path, except those in the same
  // statement (`return {"id": x.f.pk, "name": x.f.name}` evaluates both).
  const statement = statementOf(through);
  const endsPath = ["return_statement", "raise_statement"].includes(statement?.type ?? "");
  const result: OtherReads = { needsRow: false };
  for (const other of sameName) {
    if (sameNode(other, through) || isWriteTarget(other)) continue;
    if (!sameNode(enclosingScope(other), scope)) continue; // a nested def or lambda runs elsewhere
    if (loop && !runsPerIteration(loop, other)) continue; // another iteration's row
    const before = other.startIndex < through.startIndex;
    if (!before && endsPath && !(statement && isWithin(other, statement))) continue;
    const [from, to] = before ? [other.startIndex, through.startIndex] : [through.startIndex, other.startIndex];
    if (barriers.some((at) => at > from && at < to) || !onSamePath(other, through, scope)) continue;
    const kind = readKind(other);
    if (kind === "row") {
      result.needsRow = true;
      return result;
    }
    if (kind !== "key") result.guard ??= kind;
  }
  return result;
}

/** Where the holder is rebound or the relation reassigned: reads on the other side see another object. */
function barrierPositions(django: DjangoFacts, scope: SyntaxNode, through: SyntaxNode, sameText: readonly SyntaxNode[]): number[] {
  const root = dottedHead(through)?.text;
  const positions: number[] = [];
  for (const node of bindersOf(django, root, scope)) {
    // A comprehension's own `for` sits between its element and its `if` clauses, yet binds the holder
    // for both: `[x.f.pk for x in xs if x.f.name]` reads one row, not two.
    if (node.type === "for_in_clause" && node.parent && isWithin(through, node.parent)) continue;
    const target = node.childForFieldName(node.type === "named_expression" ? "name" : node.type === "as_pattern" ? "alias" : "left");
    if (!target) continue;
    const ids = target.type === "as_pattern_target" ? target.namedChildren.flatMap(targetIdentifiers) : targetIdentifiers(target);
    if (ids.some((id) => id.text === root)) positions.push(target.startIndex);
  }
  for (const attr of sameText) {
    if (isWriteTarget(attr)) positions.push(attr.startIndex);
  }
  return positions;
}

/**
 * The binders of `scope` whose target text mentions `root` (`scope.descendantsOfType(BINDERS)` less
 * those that cannot bind it), from one per-file list of binders by the names in their targets.
 */
function bindersOf(django: DjangoFacts, root: string | undefined, scope: SyntaxNode): readonly SyntaxNode[] {
  if (root === undefined) return [];
  const all = django.nodesOfType(BINDERS);
  let byName = bindersByName.get(all);
  if (!byName) {
    byName = new Map();
    for (const node of all) {
      const target = node.childForFieldName(node.type === "named_expression" ? "name" : node.type === "as_pattern" ? "alias" : "left");
      if (!target) continue;
      const ids = target.type === "as_pattern_target" ? target.namedChildren.flatMap(targetIdentifiers) : targetIdentifiers(target);
      for (const name of new Set(ids.map((id) => id.text))) {
        let group = byName.get(name);
        if (!group) byName.set(name, (group = []));
        group.push(node);
      }
    }
    bindersByName.set(all, byName);
  }
  const group = byName.get(root);
  return group ? listWithin(group, scope) : [];
}

const bindersByName = new WeakMap<readonly SyntaxNode[], Map<string, SyntaxNode[]>>();

/**
 * What a read of the relation needs: only its key (`x.f.id`), a test (returns the testing expression),
 * or the row itself (`x.f.name`, `str(x.f)`, passing `x.f` on).
 */
function readKind(read: SyntaxNode): "key" | "row" | SyntaxNode {
  const parent = read.parent;
  if (parent?.type === "attribute" && sameNode(parent.childForFieldName("object"), read)) {
    const tail = attributeName(parent);
    return tail === "id" || tail === "pk" ? "key" : "row";
  }
  const comparison = noneComparison(read);
  if (comparison) return comparison;
  return isTruthTested(read) ? read : "row";
}

/** `x.f is None`, `x.f is not None`, `x.f == None`, `x.f != None`: the comparison node. */
function noneComparison(read: SyntaxNode): SyntaxNode | undefined {
  const cmp = read.parent;
  if (cmp?.type !== "comparison_operator" || cmp.namedChildren.length !== 2) return undefined;
  const other = cmp.namedChildren.find((c) => !sameNode(c, read));
  const operator = cmp.children.filter((c) => !c.isNamed).map((c) => c.type).join(" ");
  return other?.type === "none" && ["is", "is not", "==", "!="].includes(operator) ? cmp : undefined;
}

/** Only the truth value of `node` is used: a condition, `not x`, `bool(x)`, an and/or operand in such a place. */
function isTruthTested(node: SyntaxNode): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case "parenthesized_expression":
      case "boolean_operator":
        continue;
      case "not_operator":
      case "if_clause":
        return true;
      case "if_statement":
      case "elif_clause":
      case "while_statement":
        return sameNode(parent.childForFieldName("condition"), child);
      case "conditional_expression":
        return sameNode(parent.namedChildren[1], child);
      case "assert_statement":
        return sameNode(parent.namedChildren[0], child);
      case "argument_list": {
        const call = parent.parent;
        const fn = call?.type === "call" ? call.childForFieldName("function") : null;
        return fn?.type === "identifier" && fn.text === "bool" && parent.namedChildren.length === 1;
      }
      default:
        return false;
    }
  }
  return false;
}

/**
 * No if/else (or conditional expression) sends `a` and `b` down different branches. Branches inside a
 * loop both may run, in different iterations (`for cmd in cmds: if …: x.f.name elif …: x.f.id`).
 */
function onSamePath(a: SyntaxNode, b: SyntaxNode, scope: SyntaxNode): boolean {
  for (let n = a.parent; n && !sameNode(n, scope); n = n.parent) {
    if (n.type !== "if_statement" && n.type !== "conditional_expression") continue;
    if (!(b.startIndex >= n.startIndex && b.endIndex <= n.endIndex)) continue;
    const branches = n.type === "if_statement" ? ifBranches(n) : n.namedChildren.filter((_, i) => i !== 1);
    const branchOf = (x: SyntaxNode): number => branches.findIndex((br) => x.startIndex >= br.startIndex && x.endIndex <= br.endIndex);
    const [ba, bb] = [branchOf(a), branchOf(b)];
    if (ba !== -1 && bb !== -1 && ba !== bb) return insideLoop(n, scope);
  }
  return true;
}

function insideLoop(node: SyntaxNode, scope: SyntaxNode): boolean {
  for (let n = node.parent; n && !sameNode(n, scope); n = n.parent) {
    if (n.type === "for_statement" || n.type === "while_statement") return true;
  }
  return false;
}

function ifBranches(ifStmt: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const consequence = ifStmt.childForFieldName("consequence");
  if (consequence) out.push(consequence);
  for (const clause of ifStmt.namedChildren) if (clause.type === "elif_clause" || clause.type === "else_clause") out.push(clause);
  return out;
}
