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

/**
 * A removal of every name a `Meta` list holds (`for name in self.Meta.owner_only_fields: self.fields.pop(name)`):
 * the name is `@Meta.<attr>`, expanded by the index from the serializer's effective Meta (expandMetaRemovals).
 */
const META_LIST = "@Meta.";

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
      else {
        const loop = metaListLoop(child, mappings);
        if (loop) out.push({ name: `${META_LIST}${loop.attr}`, when: conditionsOf(child, body, loop.node) });
      }
      visit(child);
    }
  };
  visit(body);
  return out;
}

/**
 * `m.pop(name)` / `del m[name]` inside `for name in self.Meta.<attr>` (or `getattr(self.Meta, "<attr>")`):
 * the loop and the Meta attribute it walks.
 */
function metaListLoop(node: SyntaxNode, mappings: ReadonlySet<string>): { node: SyntaxNode; attr: string } | undefined {
  const key = removedKey(node, mappings);
  if (key?.type !== "identifier") return undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "function_definition") return undefined;
    if (p.type !== "for_statement" || p.childForFieldName("left")?.text !== key.text) continue;
    const right = p.childForFieldName("right")?.text.replace(/\s+/g, "") ?? "";
    const m = /^self\.Meta\.(\w+)$/.exec(right) ?? /^getattr\(self\.Meta,["'](\w+)["'](?:,(?:\(\)|\[\]|None))?\)$/.exec(right);
    return m?.[1] ? { node: p, attr: m[1] } : undefined;
  }
  return undefined;
}

/**
 * `@Meta.<attr>` removals as the names the serializer's effective `Meta` lists (`metaList`, undefined when
 * it is not a literal list of names: then nothing is recorded), and `hasattr(self.Meta, "<attr>")` guards
 * dropped where the Meta has the attribute (they always hold there).
 */
export function expandMetaRemovals(removed: readonly RemovedField[], metaList: (attr: string) => string[] | undefined): RemovedField[] {
  const hasAttr = (cond: string): boolean => {
    const m = /^hasattr\(self\.Meta, ?["'](\w+)["']\)$/.exec(cond);
    return m?.[1] !== undefined && metaList(m[1]) !== undefined;
  };
  const guards = (when: readonly string[]) => when.flatMap((cond) => {
    const parts = topLevelSplit(cond, "and");
    if (topLevelSplit(cond, "or").length > 1 || !parts.some(hasAttr)) return [cond];
    const kept = parts.filter((p) => !hasAttr(p));
    return kept.length > 0 ? [kept.join(" and ")] : [];
  });
  return removed.flatMap((r) => {
    const names = r.name.startsWith(META_LIST) ? metaList(r.name.slice(META_LIST.length)) ?? [] : [r.name];
    return names.map((name) => ({ name, when: guards(r.when) }));
  });
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
  const key = removedKey(node, mappings);
  return key ? literal(key) : undefined;
}

/** The key expression of `m.pop(key)` / `del m[key]` on a fields mapping. */
function removedKey(node: SyntaxNode, mappings: ReadonlySet<string>): SyntaxNode | undefined {
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "pop") return undefined;
    if (!mappings.has(fn.childForFieldName("object")?.text.replace(/\s+/g, "") ?? "")) return undefined;
    return node.childForFieldName("arguments")?.namedChildren[0] ?? undefined;
  }
  if (node.type === "delete_statement") {
    const target = node.namedChildren[0];
    if (target?.type !== "subscript") return undefined;
    if (!mappings.has(target.childForFieldName("value")?.text.replace(/\s+/g, "") ?? "")) return undefined;
    return target.childForFieldName("subscript") ?? undefined;
  }
  return undefined;
}

function literal(node: SyntaxNode): string | undefined {
  if (node.type !== "string" || node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  const m = /^[rRbBuU]?(["'])(\w+)\1$/.exec(node.text);
  return m?.[2];
}

/**
 * The `if` / `elif` conditions a statement sits under, outermost first (`not (…)` in an else branch).
 * `metaLoop`: the loop over a Meta list that names the removed field, not a guard.
 */
function conditionsOf(node: SyntaxNode, body: SyntaxNode, metaLoop?: SyntaxNode): string[] {
  const out: string[] = [];
  for (let child: SyntaxNode = node, parent = node.parent; parent && parent.id !== body.id; child = parent, parent = parent.parent) {
    if (parent.id === metaLoop?.id) continue;
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
 * When a removal happens, as far as list responses go:
 * - `always`: no guard;
 * - `lists`: in every list response (`self.context["view"].action == "list"`,
 *   `isinstance(self.parent, ListSerializer)`, maybe with a check that the view exists);
 * - `given-lists`: in lists the serializer is handed as its instance (a view's list, `Serializer(rows,
 *   many=True)`: `isinstance(self.instance, (list, QuerySet))`, `self.instance and …`), not in a nested
 *   `many=True` field, whose serializer gets no instance;
 * - `queryset-lists`: only when the instance is a QuerySet (`isinstance(self.instance, QuerySet)`): an
 *   unpaginated list (a page is a list);
 * - `some-lists`: a list test `and`-ed with another condition: some list responses keep the field;
 * - `other`: no list test we read.
 * A disjunction holds when one of its parts does, a conjunction when all do.
 */
export type RemovalScope = "always" | "lists" | "given-lists" | "queryset-lists" | "some-lists" | "other";

export function removalScope(when: readonly string[]): RemovalScope {
  if (when.length === 0) return "always";
  const seen = { listTest: false };
  const truth = Math.min(...when.map((cond) => truthInLists(cond, seen)));
  if (truth === Truth.All) return "lists";
  if (truth === Truth.Given) return "given-lists";
  if (truth === Truth.QuerySet) return "queryset-lists";
  return seen.listTest ? "some-lists" : "other";
}

/** In which list responses a condition surely holds (ordered: a wider set is a larger number). */
const enum Truth { Unknown = 0, QuerySet = 1, Given = 2, All = 3 }

function truthInLists(raw: string, seen: { listTest: boolean }): Truth {
  const cond = stripParens(raw.trim());
  const disjuncts = topLevelSplit(cond, "or");
  if (disjuncts.length > 1) return Math.max(...disjuncts.map((d) => truthInLists(d, seen)));
  const conjuncts = topLevelSplit(cond, "and");
  if (conjuncts.length > 1) return Math.min(...conjuncts.map((c) => truthInLists(c, seen)));
  if (VIEW_PRESENT.test(cond)) return Truth.All;
  if (INSTANCE_PRESENT.test(cond)) return Truth.Given;
  const atom = LIST_TESTS.find((t) => t.re.test(cond));
  if (atom) seen.listTest = true;
  return atom?.truth ?? Truth.Unknown;
}

/** Guards that only check that the view is there (true in every request a list view serves). */
const VIEW_PRESENT = /^(?:view|self\.context\.get\(["']view["']\)|self\.context\[["']view["']\]|["']view["'] in self\.context|view is not None|self\.context\.get\(["']view["']\) is not None)$/;
/** The serializer was handed something to render: true when it renders a list of rows it was given. */
const INSTANCE_PRESENT = /^self\.instance(?: is not None)?$/;

const LIST_TESTS: { re: RegExp; truth: Truth }[] = [
  { re: /^[\w.[\]"'()]*\.action == ["']list["']$/, truth: Truth.All },
  { re: /^[\w.[\]"'()]*\.action in [[(] ?["']list["'] ?,? ?[\])]$/, truth: Truth.All },
  { re: /^isinstance\(self\.parent, (?:serializers\.)?ListSerializer\)$/, truth: Truth.All },
  { re: /^getattr\(self\.(?:parent|root), ["']many["'](?:, False)?\)$/, truth: Truth.All },
  { re: /^isinstance\(self\.instance, \((?:list, [\w.]*QuerySet|[\w.]*QuerySet, list)\)\)$/, truth: Truth.Given },
  { re: /^isinstance\(self\.instance, [\w.]*QuerySet\)$/, truth: Truth.QuerySet },
];

/** `(a or b)` → `a or b`, when the parentheses enclose the whole text. */
function stripParens(text: string): string {
  if (!text.startsWith("(") || !text.endsWith(")")) return text;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    if (depth === 0 && i < text.length - 1) return text;
  }
  return stripParens(text.slice(1, -1).trim());
}

/** `a and (b and c) and d` split on `and` outside brackets and strings. */
function topLevelSplit(text: string, op: "and" | "or"): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (depth === 0 && text.startsWith(` ${op} `, i)) {
      out.push(text.slice(start, i).trim());
      start = i + op.length + 2;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}
