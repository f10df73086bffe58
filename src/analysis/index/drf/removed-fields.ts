/**
 * Fields a serializer drops from its own output in `get_fields()` or `__init__`
 * (`fields = super().get_fields(); if view.action == "list": fields.pop("stats")`,
 * `self.fields.pop("x")`, `del self.fields["x"]`), with the `if` conditions that guard the removal.
 * A SerializerMethodField removed for list responses never runs per row (DJP305). Read on the tree;
 * the conditions are kept as text, and a removal whose field name is not a literal is not recorded.
 */
import type { SyntaxNode } from "../../parser.js";

export interface RemovedField {
  name: string;
  /** The guarding conditions, outermost first; `not (…)` for an `else` branch. Empty: always removed. */
  when: string[];
}

/** Methods in which removing a key of the fields mapping changes what the serializer renders. */
export const FIELD_SHAPING_METHODS = new Set(["get_fields", "__init__"]);

export function removedFieldsOf(fn: SyntaxNode): RemovedField[] {
  const body = fn.childForFieldName("body");
  if (!body) return [];
  const mappings = fieldMappings(body);
  const out: RemovedField[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      const name = removedName(child, mappings);
      if (name !== undefined) out.push({ name, when: conditionsOf(child, body) });
      visit(child);
    }
  };
  visit(body);
  return out;
}

/** `self.fields` and local names bound to it or to `super().get_fields()`. */
function fieldMappings(body: SyntaxNode): Set<string> {
  const names = new Set(["self.fields"]);
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition" || child.type === "lambda") continue;
      if (child.type === "assignment" && child.childForFieldName("left")?.type === "identifier") {
        const right = child.childForFieldName("right")?.text.replace(/\s+/g, "") ?? "";
        if (right === "self.fields" || /^super\(\w*(,self)?\)\.get_fields\(\)$/.test(right)) names.add(child.childForFieldName("left")?.text ?? "");
      }
      visit(child);
    }
  };
  visit(body);
  return names;
}

/** `m.pop("x")` / `m.pop("x", None)` / `del m["x"]` on a fields mapping: the literal name. */
function removedName(node: SyntaxNode, mappings: ReadonlySet<string>): string | undefined {
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    const first = node.childForFieldName("arguments")?.namedChildren[0];
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "pop") return undefined;
    if (!mappings.has(fn.childForFieldName("object")?.text.replace(/\s+/g, "") ?? "")) return undefined;
    return first ? literal(first) : undefined;
  }
  if (node.type === "delete_statement") {
    const target = node.namedChildren[0];
    if (target?.type !== "subscript") return undefined;
    if (!mappings.has(target.childForFieldName("value")?.text.replace(/\s+/g, "") ?? "")) return undefined;
    const key = target.childForFieldName("subscript");
    return key ? literal(key) : undefined;
  }
  return undefined;
}

function literal(node: SyntaxNode): string | undefined {
  if (node.type !== "string" || node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  const m = /^[rRbBuU]?(["'])(\w+)\1$/.exec(node.text);
  return m?.[2];
}

/** The `if` / `elif` conditions a statement sits under, outermost first (`not (…)` in an else branch). */
function conditionsOf(node: SyntaxNode, body: SyntaxNode): string[] {
  const out: string[] = [];
  for (let child: SyntaxNode = node, parent = node.parent; parent && parent.id !== body.id; child = parent, parent = parent.parent) {
    if (parent.type === "if_statement" || parent.type === "elif_clause") {
      const cond = parent.childForFieldName("condition")?.text.replace(/\s+/g, " ") ?? "?";
      if (parent.childForFieldName("consequence")?.id === child.id) out.unshift(cond);
      else if (child.type === "else_clause" || child.type === "elif_clause") out.unshift(`not (${cond})`);
    } else if (parent.type === "for_statement" || parent.type === "while_statement" || parent.type === "try_statement" || parent.type === "with_statement") {
      // Inside a loop or try the removal may not happen: it is guarded by something we do not read.
      out.unshift(`(${parent.type.replace("_statement", "")})`);
    }
  }
  return out;
}

/**
 * When a removal happens, as far as list responses go: `always` (no guard), `lists` (the guards are list
 * tests: `self.context["view"].action == "list"`, `isinstance(self.parent, ListSerializer)`, maybe with a
 * check that the view exists), `some-lists` (a list test `and`-ed with another condition: some list
 * responses keep the field), `other` (not a list test we read).
 */
export function removalScope(when: readonly string[]): "always" | "lists" | "some-lists" | "other" {
  if (when.length === 0) return "always";
  // A disjunction can hold outside lists; a conjunction only narrows.
  if (when.some((cond) => /\bor\b/.test(cond))) return "other";
  const parts = when.flatMap((cond) => cond.split(/\band\b/).map((p) => p.trim()));
  if (!parts.some((p) => LIST_TESTS.some((re) => re.test(p)))) return "other";
  return parts.every((p) => LIST_TESTS.some((re) => re.test(p)) || VIEW_PRESENT.test(p)) ? "lists" : "some-lists";
}

/** Guards that only check that the view is there (true in every request a list view serves). */
const VIEW_PRESENT = /^(?:view|self\.context\.get\(["']view["']\)|self\.context\[["']view["']\]|["']view["'] in self\.context|view is not None|self\.context\.get\(["']view["']\) is not None)$/;

const LIST_TESTS = [
  /^[\w.[\]"'()]*\.action == ["']list["']$/,
  /^[\w.[\]"'()]*\.action in [[(] ?["']list["'] ?,? ?[\])]$/,
  /^isinstance\(self\.parent, (?:serializers\.)?ListSerializer\)$/,
  /^getattr\(self\.(?:parent|root), ["']many["'](?:, False)?\)$/,
];
