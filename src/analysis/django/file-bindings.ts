/**
 * Every scope's bindings in a file at once, from the file's binding nodes (BINDING_TYPES, one list in
 * source order) and their positions, instead of walking each scope's code node by node.
 *
 * It reproduces `collectBindings` (bindings.ts), which defines what binds where: a binding node counts
 * for the innermost scope whose body holds it, unless a binding node between them keeps the walk out
 * (an assignment enters only its value, a `for` skips its target, a definition or lambda enters nothing,
 * …). Ranges decide "inside": sibling ranges never overlap, so a range covering a non-empty node means
 * the node lies within. Bindings are added in source order, as the walk adds them.
 */
import type { SyntaxNode } from "../parser.js";
import { addBinding, ownBindings, parameterBindings, type Binding } from "./bindings.js";
import { covers, spanOf } from "./state.js";

type Range = { start: number; end: number };

/** What the walk does with the code below a binding node (read when a binding node below asks). */
interface Rule {
  /** The walk enters only this child (an assignment's value, a walrus's value, an iterable); null: none. */
  only?: Range | null;
  /** The walk enters every child but this one (a `for` target, a `with … as` alias). */
  except?: Range;
}

/** A binding node on the way down. */
interface Open extends Range {
  node: SyntaxNode;
  type: string;
  /** A function, lambda or class: its body is its own scope, and the enclosing walk stops here. */
  scope?: { bindings: Map<string, Binding[]>; body?: Range };
  /** Most binding nodes hold no other one, so their rule is read only when needed. */
  rule?: Rule;
}

/** Bindings per scope node id (the module's under its own id); undefined when positions cannot decide (empty nodes). */
export function collectFileBindings(root: SyntaxNode, found: readonly SyntaxNode[]): Map<number, Map<string, Binding[]>> | undefined {
  const byScope = new Map<number, Map<string, Binding[]>>();
  const moduleBindings = new Map<string, Binding[]>();
  byScope.set(root.id, moduleBindings);
  const stack: Open[] = [];
  // Rules of the inner links of assignment chains, found when their outermost link was read (ruleOf).
  const chainRules = new Map<number, Rule>();
  // `with x as y`: y is bound where the alias stands, after whatever the expression before it binds.
  const pending: { at: number; into: Map<string, Binding[]>; bindings: Binding[] }[] = [];
  const flushUpTo = (position: number): void => {
    while (pending.length > 0 && pending[0]!.at <= position) {
      const { into, bindings } = pending.shift()!;
      for (const b of bindings) addBinding(into, b);
    }
  };

  for (const node of found) {
    const type = node.type;
    // descendantsOfType("lambda") also lists the `lambda` keyword tokens: they bind and hold nothing.
    if (type === "lambda" && !node.isNamed) continue;
    const open: Open = spanOf(node, type);
    if (open.start === open.end) return undefined;
    while (stack.length > 0 && !covers(stack[stack.length - 1]!, open.start, open.end)) stack.pop();
    flushUpTo(open.start);
    const into = scopeReaching(stack, open, moduleBindings, chainRules);
    if (type === "function_definition" || type === "lambda" || type === "class_definition") {
      open.scope = scopeOf(node, type);
      byScope.set(node.id, open.scope.bindings);
    }
    if (into) {
      const own = ownBindings(node, type);
      if (type !== "as_pattern") for (const b of own) addBinding(into, b);
      else if (own.length > 0) {
        pending.push({ at: ruleOf(open, chainRules).except?.start ?? open.start, into, bindings: own });
        pending.sort((a, b) => a.at - b.at);
      }
    }
    stack.push(open);
  }
  flushUpTo(Number.POSITIVE_INFINITY);
  return byScope;
}

/** The bindings of the scope whose walk reaches `span`, or undefined when no walk does. */
function scopeReaching(stack: readonly Open[], span: Range, moduleBindings: Map<string, Binding[]>, chainRules: Map<number, Rule>): Map<string, Binding[]> | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const open = stack[i]!;
    if (open.scope) return open.scope.body && covers(open.scope.body, span.start, span.end) ? open.scope.bindings : undefined;
    const rule = ruleOf(open, chainRules);
    if (rule.only !== undefined && (rule.only === null || !covers(rule.only, span.start, span.end))) return undefined;
    if (rule.except && covers(rule.except, span.start, span.end)) return undefined;
  }
  return moduleBindings;
}

/** A definition's or lambda's own scope: its parameters first, then what its body binds. */
function scopeOf(node: SyntaxNode, type: string): NonNullable<Open["scope"]> {
  const bindings = new Map<string, Binding[]>();
  if (type !== "class_definition") for (const b of parameterBindings(node)) addBinding(bindings, b);
  const body = node.childForFieldName("body");
  return { bindings, ...(body ? { body: spanOf(body, "") } : {}) };
}

/** How the walk treats the code under a (non-scope) binding node (see collectBindings). */
function ruleOf(open: Open, chainRules: Map<number, Rule>): Rule {
  if (open.rule) return open.rule;
  const { node } = open;
  if (open.type === "assignment") {
    const shared = chainRules.get(node.id);
    if (shared) return (open.rule = shared);
  }
  const child = (field: string): Range | null => {
    const c = node.childForFieldName(field);
    return c ? spanOf(c, "") : null;
  };
  switch (open.type) {
    case "assignment": {
      // `a = b = value`: only the value at the end of the chain runs here. The inner assignments of a
      // chain come next in source order and share that value: one walk down the chain serves them all
      // (a walk per link was quadratic in the chain's length, issue 12).
      const links: SyntaxNode[] = [];
      let value = node.childForFieldName("right");
      while (value?.type === "assignment") {
        links.push(value);
        value = value.childForFieldName("right");
      }
      open.rule = { only: value ? spanOf(value, "") : null };
      for (const link of links) chainRules.set(link.id, open.rule);
      break;
    }
    case "augmented_assignment":
    case "for_in_clause":
      open.rule = { only: child("right") };
      break;
    case "named_expression":
      open.rule = { only: child("value") };
      break;
    case "for_statement":
    case "as_pattern": {
      const skipped = child(open.type === "for_statement" ? "left" : "alias");
      open.rule = skipped ? { except: skipped } : {};
      break;
    }
    default:
      // del, import, global/nonlocal: nothing below them runs as code of this scope.
      open.rule = { only: null };
  }
  return open.rule;
}
