/**
 * Which statements bind which names directly in one scope (module, function, lambda or class body):
 * assignments, parameters, loop targets, imports, definitions and every other way Python binds.
 */
import type { TreeCursor } from "tree-sitter";
import type { SyntaxNode } from "../parser.js";
import { parameterIdentifier } from "./syntax.js";

export type BindingKind =
  /** `name = value` (possibly chained `a = b = value`). */
  | "assign"
  | "param"
  /** Target of a `for` statement (comprehension targets live in the comprehension's scope). */
  | "loop"
  | "import"
  /** `def name` / `class name`. */
  | "def"
  /** `global name` / `nonlocal name`: the name is not local to this scope. */
  | "global"
  /** Anything else: unpacking, augmented assignment, `with … as`, `except … as`, `del`, walrus. */
  | "other";

export interface Binding {
  kind: BindingKind;
  name: string;
  /** The binding identifier; for params the parameter node; for def the definition; for import the statement. */
  node: SyntaxNode;
  /** assign: the assigned expression. */
  value?: SyntaxNode;
  /** assign: the `assignment`; loop: the `for_statement`. */
  statement?: SyntaxNode;
  /** `x: T = v` / `x: T` parameter: the `type` node. */
  annotation?: SyntaxNode;
}

const PATTERN_TYPES = new Set([
  "pattern_list",
  "tuple_pattern",
  "list_pattern",
  "tuple",
  "list",
  "expression_list",
  "parenthesized_expression",
  "list_splat_pattern",
  "list_splat",
]);

/** Identifiers bound by an assignment/for target (`a`, `a, (b, *c)`); attributes and subscripts bind nothing. */
export function targetIdentifiers(target: SyntaxNode): SyntaxNode[] {
  if (target.type === "identifier") return [target];
  if (!PATTERN_TYPES.has(target.type)) return [];
  return target.namedChildren.flatMap(targetIdentifiers);
}

/**
 * Node types `collectBindings` treats specially: they bind names, or the walk does not enter (all of)
 * their children. Every other node binds nothing and the walk enters all its named children.
 */
export const BINDING_TYPES: readonly string[] = [
  "function_definition",
  "class_definition",
  "lambda",
  "assignment",
  "augmented_assignment",
  "for_statement",
  "for_in_clause",
  "as_pattern",
  "delete_statement",
  "named_expression",
  "import_statement",
  "import_from_statement",
  "global_statement",
  "nonlocal_statement",
];
const BINDING_TYPE_SET: ReadonlySet<string> = new Set(BINDING_TYPES);

/** What a node of BINDING_TYPES binds in the scope whose code holds it (`as_pattern`: its alias targets). */
export function ownBindings(node: SyntaxNode, type: string): Binding[] {
  const out: Binding[] = [];
  const addTargets = (target: SyntaxNode, kind: BindingKind, statement?: SyntaxNode): void => {
    for (const t of targetIdentifiers(target)) out.push({ kind, name: t.text, node: t, statement });
  };
  switch (type) {
    case "function_definition":
    case "class_definition": {
      const name = node.childForFieldName("name");
      if (name) out.push({ kind: "def", name: name.text, node });
      break;
    }
    case "assignment": {
      const targets: SyntaxNode[] = [];
      let current: SyntaxNode | null = node;
      let value: SyntaxNode | null = null;
      while (current?.type === "assignment") {
        const left = current.childForFieldName("left");
        if (left) targets.push(left);
        value = current.childForFieldName("right");
        current = value;
      }
      const annotation = node.childForFieldName("type") ?? undefined;
      // `x: int` without a value declares a type but binds nothing.
      if (!value) break;
      for (const left of targets) {
        if (left.type === "identifier") out.push({ kind: "assign", name: left.text, node: left, value, statement: node, annotation });
        else addTargets(left, "other", node);
      }
      break;
    }
    case "augmented_assignment": {
      const left = node.childForFieldName("left");
      if (left) addTargets(left, "other", node);
      break;
    }
    case "for_statement": {
      const left = node.childForFieldName("left");
      if (left) addTargets(left, "loop", node);
      break;
    }
    case "as_pattern":
      for (const t of node.childForFieldName("alias")?.namedChildren ?? []) addTargets(t, "other", node);
      break;
    case "delete_statement":
      for (const c of node.namedChildren) addTargets(c, "other", node);
      break;
    case "named_expression": {
      const name = node.childForFieldName("name");
      if (name) out.push({ kind: "other", name: name.text, node: name, statement: node });
      break;
    }
    case "import_statement":
    case "import_from_statement":
      for (const name of importedNames(node)) out.push({ kind: "import", name, node });
      break;
    case "global_statement":
    case "nonlocal_statement":
      for (const id of node.namedChildren) if (id.type === "identifier") out.push({ kind: "global", name: id.text, node });
      break;
    default:
      // lambda (another scope) and for_in_clause (its targets belong to the comprehension) bind nothing here.
      break;
  }
  return out;
}

/** A function's or lambda's parameters (they come first in its bindings). */
export function parameterBindings(fn: SyntaxNode): Binding[] {
  const out: Binding[] = [];
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    const id = parameterIdentifier(p);
    const annotation = p.childForFieldName("type") ?? undefined;
    if (id) out.push({ kind: "param", name: id.text, node: p, annotation });
  }
  return out;
}

export function addBinding(map: Map<string, Binding[]>, b: Binding): void {
  const list = map.get(b.name);
  if (list) list.push(b);
  else map.set(b.name, [b]);
}

/**
 * The scope's own bindings, walking its code with a TreeCursor: this defines what binds where (the
 * per-file version in file-bindings.ts reproduces it from positions). Nested function, class and
 * lambda bodies are other scopes and are not entered.
 */
export function collectBindings(scope: SyntaxNode): Map<string, Binding[]> {
  const out = new Map<string, Binding[]>();
  const addAll = (list: Binding[]): void => {
    for (const b of list) addBinding(out, b);
  };

  /**
   * Visits every named child of the cursor's node in order, except the first one in field `skip`,
   * which goes to `onSkipped` instead (at its place in the order, so bindings keep source order).
   */
  const visitChildren = (cursor: TreeCursor, skip?: string, onSkipped?: () => void): void => {
    if (!cursor.gotoFirstChild()) return;
    let skipping = skip;
    do {
      if (!cursor.nodeIsNamed) continue;
      if (skipping !== undefined && cursor.currentFieldName === skipping) {
        skipping = undefined;
        onSkipped?.();
        continue;
      }
      visit(cursor);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };

  /** Visits the node reached by following the first `field` child while the node is of type `through` (once at least). */
  const visitField = (cursor: TreeCursor, field: string, through?: string): void => {
    let moved = 0;
    let reached = false;
    while (gotoField(cursor, field)) {
      moved++;
      if (cursor.nodeType !== through) {
        reached = true;
        break;
      }
    }
    if (reached) visit(cursor);
    for (let i = 0; i < moved; i++) cursor.gotoParent();
  };

  const visit = (cursor: TreeCursor): void => {
    const type = cursor.nodeType;
    if (!BINDING_TYPE_SET.has(type)) {
      visitChildren(cursor);
      return;
    }
    const node = cursor.currentNode;
    if (type !== "as_pattern") addAll(ownBindings(node, type));
    switch (type) {
      case "assignment":
        // `a = b = value`: the value ends the chain of `right`s; no value (`x: int`), no visit.
        visitField(cursor, "right", "assignment");
        break;
      case "augmented_assignment":
      case "for_in_clause": // targets belong to the comprehension; only the iterable runs here
        visitField(cursor, "right");
        break;
      case "named_expression":
        visitField(cursor, "value");
        break;
      case "for_statement":
        visitChildren(cursor, "left");
        break;
      case "as_pattern":
        visitChildren(cursor, "alias", () => addAll(ownBindings(node, type)));
        break;
      default:
        // definitions and lambdas are other scopes; del, import, global bind without running code here.
        break;
    }
  };

  if (scope.type === "function_definition" || scope.type === "lambda") {
    addAll(parameterBindings(scope));
    const body = scope.childForFieldName("body");
    if (body) visit(body.walk());
  } else if (scope.type === "class_definition") {
    const body = scope.childForFieldName("body");
    if (body) visit(body.walk());
  } else {
    visitChildren(scope.walk());
  }
  return out;
}

/** Moves the cursor to the node's first child in `field`; false (cursor unmoved) when there is none. */
function gotoField(cursor: TreeCursor, field: string): boolean {
  if (!cursor.gotoFirstChild()) return false;
  do {
    if (cursor.currentFieldName === field) return true;
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return false;
}

/** Local names an import statement binds (`import a.b` binds `a`; `from x import y as z` binds `z`). */
function importedNames(stmt: SyntaxNode): string[] {
  const names: string[] = [];
  for (const name of stmt.childrenForFieldName("name")) {
    if (name.type === "aliased_import") {
      const alias = name.childForFieldName("alias")?.text;
      if (alias) names.push(alias);
    } else {
      const first = stmt.type === "import_statement" ? name.text.split(".")[0] : name.text;
      if (first) names.push(first);
    }
  }
  return names;
}
