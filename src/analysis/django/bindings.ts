/**
 * Which statements bind which names directly in one scope (module, function, lambda or class body):
 * assignments, parameters, loop targets, imports, definitions and every other way Python binds.
 */
import type { SyntaxNode } from "../parser.js";
import { parameterIdentifier, sameNode } from "./syntax.js";

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

  const visit = (node: SyntaxNode): void => {
    switch (node.type) {
      case "function_definition":
      case "class_definition": {
        const name = node.childForFieldName("name");
        if (name) add({ kind: "def", name: name.text, node });
        return; // its body is another scope
      }
      case "lambda":
        return;
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
        if (!value) return;
        for (const left of targets) {
          if (left.type === "identifier") add({ kind: "assign", name: left.text, node: left, value, statement: node, annotation });
          else addTargets(left, "other", node);
        }
        visit(value);
        return;
      }
      case "augmented_assignment": {
        const left = node.childForFieldName("left");
        if (left) addTargets(left, "other", node);
        const right = node.childForFieldName("right");
        if (right) visit(right);
        return;
      }
      case "for_statement": {
        const left = node.childForFieldName("left");
        if (left) addTargets(left, "loop", node);
        for (const c of node.namedChildren) if (!sameNode(c, left)) visit(c);
        return;
      }
      case "for_in_clause": {
        // Targets belong to the comprehension; only the iterable runs here (walrus inside it binds here).
        const right = node.childForFieldName("right");
        if (right) visit(right);
        return;
      }
      case "as_pattern": {
        const alias = node.childForFieldName("alias");
        for (const c of node.namedChildren) {
          if (sameNode(c, alias)) for (const t of c.namedChildren) addTargets(t, "other", node);
          else visit(c);
        }
        return;
      }
      case "delete_statement":
        for (const c of node.namedChildren) addTargets(c, "other", node);
        return;
      case "named_expression": {
        const name = node.childForFieldName("name");
        if (name) add({ kind: "other", name: name.text, node: name, statement: node });
        const value = node.childForFieldName("value");
        if (value) visit(value);
        return;
      }
      case "import_statement":
      case "import_from_statement":
        for (const name of importedNames(node)) add({ kind: "import", name, node });
        return;
      case "global_statement":
      case "nonlocal_statement":
        for (const id of node.namedChildren) if (id.type === "identifier") add({ kind: "global", name: id.text, node });
        return;
      default:
        for (const c of node.namedChildren) visit(c);
    }
  };

  if (scope.type === "function_definition" || scope.type === "lambda") {
    const params = scope.childForFieldName("parameters");
    for (const p of params?.namedChildren ?? []) {
      const id = parameterIdentifier(p);
      const annotation = p.childForFieldName("type") ?? undefined;
      if (id) add({ kind: "param", name: id.text, node: p, annotation });
    }
    const body = scope.childForFieldName("body");
    if (body) visit(body);
  } else if (scope.type === "class_definition") {
    const body = scope.childForFieldName("body");
    if (body) visit(body);
  } else {
    for (const c of scope.namedChildren) visit(c);
  }
  return out;
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
