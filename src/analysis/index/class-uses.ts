/**
 * How a module mentions view, serializer and paginator classes: the per-file unit of the routes index (`routes.ts`).
 * Every identifier that contains `View`, `Serializer` or `Paginat` (`OrderViewSet`, `InvoiceView`, `OrderSerializer`,
 * `LargePagination`) is sorted into one of: the class's own definition, a plain by-name import, a base of another class,
 * `super(X, self)`, the value of a class body's `serializer_class = X` or `pagination_class = X`, or a
 * `X.as_view({...})` call with the actions its mapping names; any other mention (handed to a router,
 * stored, aliased on import, named in a string) is kept as "other", a use the index cannot read.
 * Besides, the classes whose body reaches `self.list` / `super().list` outside their own `list()`
 * (a `retrieve` that answers with the list). Plain data, a function of path and text only: cached per
 * blob sha with the module's call facts.
 */
import { NAMED_NODE_TYPES, type SyntaxNode } from "../parser.js";
import { sameNode, stringValue, unwrapParens } from "../django/syntax.js";
import type { ParsedModule } from "./extract.js";

export interface ClassUses {
  /** `X.as_view(...)` calls by class name: the actions each call's mapping routes, null when not a literal mapping. */
  asView: Record<string, (string[] | null)[]>;
  /** `class Sub(..., X)`: `[Sub, X]`. */
  bases: [string, string][];
  /** Names mentioned in any other way: their uses cannot all be read. */
  other: string[];
  /**
   * `@action(..., pagination_class=X)` on a method of a class: `[X, narrow]`, `narrow` when the method's body
   * reads its rows as a few columns (`.only(...)`, `.values(...)`, `.values_list(...)` on a chain it pages).
   */
  actionPaging?: [string, boolean][];
  /** Classes (any name) whose body reaches `self.list` or `super().list` outside a `def list`. */
  reachList: string[];
  /** The view- and serializer-named classes the module defines at its top level (`class XViewSet(...)`), in order. */
  defined?: string[];
  /** Those of them under a class decorator, which may register the class (`@register`) without naming it. */
  decorated?: string[];
  /**
   * The module can find classes without naming them: `__subclasses__()`, `__init_subclass__`,
   * `inspect.getmembers`, a metaclass other than `ABCMeta` (a registry filled by class creation).
   */
  discovers?: true;
}

const VIEW_WORD = /\w*(?:View|Serializer|Paginat)\w*/g;
/** A view's class attributes (DRF's configuration): reading one off the class routes nothing. */
const VIEW_CONFIG = new Set([
  "filter_backends", "permission_classes", "authentication_classes", "throttle_classes", "renderer_classes", "parser_classes",
  "pagination_class", "serializer_class", "queryset", "ordering_fields", "ordering", "search_fields", "filterset_fields", "filterset_class",
  "lookup_field", "lookup_url_kwarg", "http_method_names",
]);
const HAS_VIEW = /View|Serializer|Paginat/;

/** Whether this index sorts the mentions of a class of this name (any other name's uses are not read). */
export function tracksClassName(name: string): boolean {
  return HAS_VIEW.test(name);
}
const REACHES_LIST = /\.list\b/;
const DISCOVERS = /__subclasses__|__init_subclass__|\bgetmembers\b|\bmetaclass\s*=\s*(?!(?:abc\.)?ABCMeta\b)/;

export function extractClassUses(mod: ParsedModule): ClassUses | undefined {
  const uses: ClassUses = { asView: {}, bases: [], other: [], reachList: [] };
  const root = mod.tree.rootNode;
  if (REACHES_LIST.test(mod.text)) uses.reachList = classesReachingList(root);
  if (DISCOVERS.test(mod.text)) uses.discovers = true;
  if (!HAS_VIEW.test(mod.text)) return uses.reachList.length > 0 || uses.discovers ? uses : undefined;
  const other = new Set<string>();
  // A cursor walk reads each node's type id and text without building a node object; only the few
  // identifiers and strings that name a view are built.
  const cursor = root.walk();
  let parentType = "";
  const parents: string[] = [];
  for (;;) {
    const type = cursor.nodeIsNamed ? (NAMED_NODE_TYPES[cursor.nodeTypeId] ?? cursor.nodeType) : "";
    if (type === "identifier" || type === "string") {
      const text = cursor.nodeText;
      if (HAS_VIEW.test(text)) {
        if (type === "identifier") addUse(uses, other, cursor.currentNode, text);
        // A string that is a statement of its own (a docstring) is never a value: it routes nothing.
        else if (parentType !== "expression_statement") for (const word of text.match(VIEW_WORD) ?? []) other.add(word);
      }
    } else if (type !== "" && cursor.gotoFirstChild()) {
      parents.push(parentType);
      parentType = type;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        uses.other = [...other];
        return uses;
      }
      parentType = parents.pop() ?? "";
    }
  }
}

function addUse(uses: ClassUses, other: Set<string>, id: SyntaxNode, name: string): void {
  const use = useOf(id);
  if (use.k === "defined") {
    const decorated = id.parent?.parent?.type === "decorated_definition";
    const holder = decorated ? id.parent?.parent?.parent : id.parent?.parent;
    if (holder?.type !== "module") return;
    (uses.defined ??= []).push(name);
    if (decorated) (uses.decorated ??= []).push(name);
  } else if (use.k === "base") uses.bases.push([use.sub, name]);
  else if (use.k === "as_view") (uses.asView[name] ??= []).push(use.actions);
  else if (use.k === "action_paging") (uses.actionPaging ??= []).push([name, use.narrow]);
  else if (use.k === "other") other.add(name);
}

type Use = { k: "accounted" } | { k: "defined" } | { k: "other" } | { k: "base"; sub: string } | { k: "as_view"; actions: string[] | null } | { k: "action_paging"; narrow: boolean };

function useOf(id: SyntaxNode): Use {
  const parent = id.parent;
  if (!parent) return { k: "other" };
  if (parent.type === "class_definition" && sameNode(parent.childForFieldName("name"), id)) return { k: "defined" };
  const imported = importUse(id, parent);
  if (imported) return imported;
  // `mod.X` reads as X where it stands.
  const expr = parent.type === "attribute" && sameNode(parent.childForFieldName("attribute"), id) ? parent : id;
  const holder = expr.parent;
  if (holder?.type === "argument_list") {
    const cls = holder.parent;
    if (cls?.type === "class_definition") {
      const sub = cls.childForFieldName("name")?.text;
      return sub ? { k: "base", sub } : { k: "other" };
    }
    if (cls?.type === "call" && cls.childForFieldName("function")?.text === "super" && sameNode(holder.namedChildren[0], expr)) return { k: "accounted" };
  }
  if (isClassBodyValue(expr, holder, "serializer_class") || isClassBodyValue(expr, holder, "pagination_class")) return { k: "accounted" };
  const paged = actionPaging(expr, holder);
  if (paged) return paged;
  if (holder?.type === "attribute" && sameNode(holder.childForFieldName("object"), expr)) {
    const attribute = holder.childForFieldName("attribute")?.text ?? "";
    const call = holder.parent;
    if (attribute === "as_view" && call?.type === "call" && sameNode(call.childForFieldName("function"), holder)) return { k: "as_view", actions: actionsOf(call) };
    // `Base.filter_backends + (...)` in a subclass: reading a class's configuration routes nothing.
    if (VIEW_CONFIG.has(attribute) && !(call?.type === "call" && sameNode(call.childForFieldName("function"), holder))) return { k: "accounted" };
  }
  return { k: "other" };
}

/**
 * `serializer_class = X` / `pagination_class = X` in a class body: the view renders with X / pages with X
 * (the DRF index reads which view). The same keyword in a call (`@action(pagination_class=X)`) is another use.
 */
function isClassBodyValue(expr: SyntaxNode, holder: SyntaxNode | null, attr: string): boolean {
  if (holder?.type !== "assignment" || !sameNode(holder.childForFieldName("right"), expr) || holder.childForFieldName("left")?.text !== attr) return false;
  return holder.parent?.type === "expression_statement" && holder.parent.parent?.type === "block" && holder.parent.parent.parent?.type === "class_definition";
}

/** Chain methods that read a few columns per row instead of model instances with every column. */
const NARROW = new Set(["only", "values", "values_list"]);

/**
 * `@action(..., pagination_class=X)` decorating a method in a class body: the action pages with X. `narrow`
 * when the method calls `paginate_queryset` and some call chain in its body narrows the rows (`.only()`,
 * `.values()`, `.values_list()`).
 */
function actionPaging(expr: SyntaxNode, holder: SyntaxNode | null): Use | undefined {
  if (holder?.type !== "keyword_argument" || holder.childForFieldName("name")?.text !== "pagination_class" || !sameNode(holder.childForFieldName("value"), expr)) return undefined;
  const call = holder.parent?.parent;
  const decorator = call?.parent;
  if (call?.type !== "call" || decorator?.type !== "decorator" || lastPart(call.childForFieldName("function")?.text ?? "") !== "action") return undefined;
  const def = decorator.parent?.childForFieldName("definition");
  if (def?.type !== "function_definition" || decorator.parent?.parent?.parent?.type !== "class_definition") return undefined;
  let pages = false;
  let narrow = false;
  for (const attr of def.childForFieldName("body")?.descendantsOfType("attribute") ?? []) {
    const name = attr.childForFieldName("attribute")?.text ?? "";
    if (attr.parent?.type !== "call" || !sameNode(attr.parent.childForFieldName("function"), attr)) continue;
    if (name === "paginate_queryset") pages = true;
    if (NARROW.has(name)) narrow = true;
  }
  return { k: "action_paging", narrow: pages && narrow };
}

function lastPart(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf(".") + 1);
}

/** A plain `from m import X` is no use; `X as Y` hides the class's uses behind another name. */
function importUse(id: SyntaxNode, parent: SyntaxNode): Use | undefined {
  if (parent.type !== "dotted_name") return undefined;
  const stmt = parent.parent;
  if (stmt?.type === "import_statement") return { k: "accounted" };
  if (stmt?.type === "aliased_import") return { k: "other" };
  if (stmt?.type !== "import_from_statement") return undefined;
  if (sameNode(stmt.childForFieldName("module_name"), parent)) return { k: "accounted" };
  return parent.namedChildCount === 1 ? { k: "accounted" } : { k: "other" };
}

/** `as_view({"get": "retrieve", "patch": "partial_update"})`: the action names; null when any part is not a literal. */
function actionsOf(call: SyntaxNode): string[] | null {
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  const first = args[0] ? unwrapParens(args[0]) : undefined;
  if (first?.type !== "dictionary") return null;
  if (args.slice(1).some((a) => a.type !== "keyword_argument" || a.childForFieldName("name")?.text === "actions")) return null;
  const actions: string[] = [];
  for (const pair of first.namedChildren) {
    if (pair.type !== "pair") return null;
    const key = pair.childForFieldName("key");
    const value = pair.childForFieldName("value");
    const action = value ? stringValue(value) : undefined;
    if (!key || stringValue(key) === undefined || action === undefined) return null;
    actions.push(action);
  }
  return actions;
}

/** Classes whose body reaches `self.list` / `super().list` anywhere but inside a `def list`. */
function classesReachingList(root: SyntaxNode): string[] {
  const found = new Set<string>();
  for (const attr of root.descendantsOfType("attribute")) {
    if (attr.childForFieldName("attribute")?.text !== "list") continue;
    const object = attr.childForFieldName("object");
    const text = object?.text ?? "";
    if (text !== "self" && text !== "cls" && !text.startsWith("super(")) continue;
    let fn: SyntaxNode | null = attr.parent;
    while (fn && fn.type !== "function_definition") fn = fn.parent;
    if (!fn || fn.childForFieldName("name")?.text === "list") continue;
    let cls: SyntaxNode | null = fn.parent;
    while (cls && cls.type !== "class_definition") cls = cls.parent;
    const name = cls?.childForFieldName("name")?.text;
    if (name) found.add(name);
  }
  return [...found];
}
