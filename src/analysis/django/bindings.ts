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
 * The scope's own bindings. Walks its code once with a TreeCursor (no node objects for the many nodes
 * that bind nothing); a node object is made only for the statements that bind. Nested function, class
 * and lambda bodies are other scopes and are not entered.
 */
export function collectBindings(scope: SyntaxNode): Map<string, Binding[]> {
  const out = new Map<string, Binding[]>();
  const add = (b: Binding): void => {
    const list = out.get(b.name);
    if (list) list.push(b);
    else out.set(b.name, [b]);
  };
  const addTargets = (target: SyntaxNode, kind: BindingKind, statement?: SyntaxNode): void => {
    for (const t of targetIdentifiers(target)) add({ kind, name: t.text, node: t, statement });
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

  /** Visits the first child in `field` (the one `childForFieldName` names), if any. */
  const visitField = (cursor: TreeCursor, field: string): void => {
    if (!cursor.gotoFirstChild()) return;
    do {
      if (cursor.currentFieldName === field) {
        visit(cursor);
        break;
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };

  const visit = (cursor: TreeCursor): void => {
    switch (cursor.nodeType) {
      case "function_definition":
      case "class_definition": {
        const node = cursor.currentNode;
        const name = node.childForFieldName("name");
        if (name) add({ kind: "def", name: name.text, node });
        return; // its body is another scope
      }
      case "lambda":
        return;
      case "assignment": {
        const node = cursor.currentNode;
        const targets: SyntaxNode[] = [];
        let current: SyntaxNode | null = node;
        let value: SyntaxNode | null = null;
        let depth = 0;
        while (current?.type === "assignment") {
          const left = current.childForFieldName("left");
          if (left) targets.push(left);
          value = current.childForFieldName("right");
          current = value;
          depth++;
        }
        const annotation = node.childForFieldName("type") ?? undefined;
        // `x: int` without a value declares a type but binds nothing.
        if (!value) return;
        for (const left of targets) {
          if (left.type === "identifier") add({ kind: "assign", name: left.text, node: left, value, statement: node, annotation });
          else addTargets(left, "other", node);
        }
        // The value sits `depth` `right` fields down the chain (`a = b = value`).
        visitDown(cursor, "right", depth);
        return;
      }
      case "augmented_assignment": {
        const node = cursor.currentNode;
        const left = node.childForFieldName("left");
        if (left) addTargets(left, "other", node);
        visitField(cursor, "right");
        return;
      }
      case "for_statement": {
        const node = cursor.currentNode;
        const left = node.childForFieldName("left");
        if (left) addTargets(left, "loop", node);
        visitChildren(cursor, "left");
        return;
      }
      case "for_in_clause":
        // Targets belong to the comprehension; only the iterable runs here (walrus inside it binds here).
        visitField(cursor, "right");
        return;
      case "as_pattern": {
        const node = cursor.currentNode;
        visitChildren(cursor, "alias", () => {
          for (const t of cursor.currentNode.namedChildren) addTargets(t, "other", node);
        });
        return;
      }
      case "delete_statement": {
        const node = cursor.currentNode;
        for (const c of node.namedChildren) addTargets(c, "other", node);
        return;
      }
      case "named_expression": {
        const node = cursor.currentNode;
        const name = node.childForFieldName("name");
        if (name) add({ kind: "other", name: name.text, node: name, statement: node });
        visitField(cursor, "value");
        return;
      }
      case "import_statement":
      case "import_from_statement": {
        const node = cursor.currentNode;
        for (const name of importedNames(node)) add({ kind: "import", name, node });
        return;
      }
      case "global_statement":
      case "nonlocal_statement": {
        const node = cursor.currentNode;
        for (const id of node.namedChildren) if (id.type === "identifier") add({ kind: "global", name: id.text, node });
        return;
      }
      default:
        visitChildren(cursor);
    }
  };

  /** Follows the first `field` child `depth` times and visits the node reached. */
  const visitDown = (cursor: TreeCursor, field: string, depth: number): void => {
    let moved = 0;
    for (; moved < depth; moved++) {
      if (!gotoField(cursor, field)) break;
    }
    if (moved === depth) visit(cursor);
    for (let i = 0; i < moved; i++) cursor.gotoParent();
  };

  if (scope.type === "function_definition" || scope.type === "lambda") {
    const params = scope.childForFieldName("parameters");
    for (const p of params?.namedChildren ?? []) {
      const id = parameterIdentifier(p);
      const annotation = p.childForFieldName("type") ?? undefined;
      if (id) add({ kind: "param", name: id.text, node: p, annotation });
    }
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
