/**
 * The per-file unit of the repository-wide lookup count (DJP211 index advisor): every QuerySet chain
 * that starts at `Name.manager` and filters (`filter`, `exclude`, `get`, ...) with keyword lookups,
 * and every `get_queryset()` that refines `super().get_queryset()` with a filter (a manager that always
 * filters on a flag). A function of path and text only, so it is cached per blob sha like the other
 * index facts; which model `Name` is gets resolved when the index is assembled (lookup-stats.ts).
 */
import type { SyntaxNode } from "../parser.js";
import { parsePython } from "../parser.js";
import { collectImports } from "../imports.js";
import { codeKindOf, isAdminPath, isCommandPath } from "../code-kind.js";
import { moduleNameOf, type SourceText } from "../source-file.js";
import { stringValue } from "./expr.js";
import { inPrefetchQueryset } from "../django/prefetch-querysets.js";

/** One `name=value` keyword of a filter call. */
export interface LookupKw {
  /** As written: `status`, `customer__name`, `created__gte`. */
  name: string;
  /** A literal value: `True`, `False`, `'open'`, `3`; undefined for anything computed. */
  value?: string;
  /** Written in `exclude()` (or under `~Q`): the constant is negated. */
  negated: boolean;
  /**
   * The value is a class constant or a list of them (`scope__in=[Count.SCOPE_IN, Count.SCOPE_OUT]`,
   * `kind=Event.TYPE_CALL`): the column holds one of a few named states, like a choices column.
   */
  named?: true;
  /**
   * Written in one branch of an OR (`Q(ipaddr4=ip) | Q(ipaddr6=ip)`): a row matches it or the other
   * branch, so it is not filtered together with the OR's other columns.
   */
  alternative?: true;
}

/** One QuerySet chain with lookups, rooted at `root.manager`. */
export interface LookupSiteFacts {
  /** The class the manager is read from, as written: `Order`, `models.Order`. */
  root: string;
  /**
   * The manager read, or "" when the chain starts with a method called on the class itself
   * (`User.visible_to(viewer).get(...)`: `methods[0]` is a classmethod that returns a QuerySet).
   * A dotted `models.User.visible_to(...)` is read as root `models`, manager `User`: the count tries
   * both readings.
   */
  manager: string;
  /** Methods between the manager and the outermost call, innermost first (`active`, `filter`). */
  methods: string[];
  kws: LookupKw[];
  /** `get`: only single-row lookups (`get`, `get_or_create`); `list`: a filter or exclude. */
  kind: "list" | "get";
  /** 1-based line and 0-based column of the first lookup keyword. */
  line: number;
  column: number;
}

/** `def get_queryset(self): return super().get_queryset().filter(is_active=True)` in class `className`. */
export interface ManagerFilterFacts {
  className: string;
  kws: LookupKw[];
  line: number;
}

export interface LookupFileFacts {
  path: string;
  module: string;
  /** Imported names (`Order` → `shop.models.Order`) and star-imported modules, for resolving roots. */
  imports: [string, string][];
  starModules: string[];
  /** Module-level class names (a root may be a model of the same module). */
  classes: string[];
  sites: LookupSiteFacts[];
  managerFilters: ManagerFilterFacts[];
  /**
   * Classes (at any depth) whose `get_queryset` adds no filter this module can read, and the bases of
   * every class as written (last names): a manager subclass that does not define `get_queryset`
   * inherits its base's filter.
   */
  plainGetQueryset: string[];
  classBases: [string, string[]][];
}

/** Methods that narrow rows by keyword lookups. */
const SINGLE: ReadonlySet<string> = new Set(["get", "get_or_create", "update_or_create", "aget", "aget_or_create", "aupdate_or_create"]);
const FILTERS: ReadonlySet<string> = new Set(["filter", "exclude", ...SINGLE]);
/**
 * Django's shortcuts (and DRF's wrapper of the first): `get_object_or_404(Model, slug=slug)` is
 * `Model._default_manager.get(slug=slug)`, the lookup of a detail view on every request.
 */
const SHORTCUTS: ReadonlyMap<string, "get" | "filter"> = new Map([
  ["get_object_or_404", "get"], ["aget_object_or_404", "get"], ["get_list_or_404", "filter"], ["aget_list_or_404", "filter"],
]);

export function readLookupFacts(source: SourceText): LookupFileFacts {
  const { module, isPackage } = moduleNameOf(source.path);
  const tree = parsePython(source.text);
  const imports = collectImports({ tree, module, isPackage });
  const facts: LookupFileFacts = { path: source.path, module, imports: [...imports.names], starModules: imports.starModules, classes: [], sites: [], managerFilters: [], plainGetQueryset: [], classBases: [] };
  for (const stmt of tree.rootNode.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    const name = cls?.type === "class_definition" ? cls.childForFieldName("name")?.text : undefined;
    if (name) facts.classes.push(name);
  }
  // Tests and seed scripts filter on whatever they create: their lookups say nothing about production queries.
  const file = { ...source, tree, module, isPackage, lines: source.text.split(/\r?\n|\r/) };
  if (codeKindOf(file, imports.names) !== undefined) return facts;
  // Commands and admin pages run by hand or for staff: their lookups are not the site's traffic. A
  // manager defined there still filters wherever it is used.
  const bySiteTraffic = !isCommandPath(source.path) && !isAdminPath(source.path);
  // A QuerySet passed to a shortcut is counted with the shortcut's keywords, as one site.
  const passed = new Set<number>();
  walk(tree.rootNode, (node) => {
    if (node.type === "call" && isChainTop(node)) {
      // A Prefetch queryset runs with the parents' keys added: the relation's index serves it, not its own filters.
      if (!bySiteTraffic || passed.has(node.id) || inPrefetchQueryset(node)) return;
      const shortcut = shortcutSiteOf(node);
      if (shortcut) passed.add(shortcut.passed.id);
      const site = shortcut?.site ?? siteOf(node);
      if (site) facts.sites.push(site);
    } else if (node.type === "function_definition" && node.childForFieldName("name")?.text === "get_queryset") {
      const filter = managerFilterOf(node);
      if (filter) facts.managerFilters.push(filter);
      else {
        const owner = enclosingClassName(node);
        if (owner) facts.plainGetQueryset.push(owner);
      }
    } else if (node.type === "class_definition") {
      const name = node.childForFieldName("name")?.text;
      const bases = (node.childForFieldName("superclasses")?.namedChildren ?? []).filter((b) => b.type === "identifier" || b.type === "attribute").map((b) => b.text.split(".").pop() ?? "");
      if (name && bases.length > 0) facts.classBases.push([name, bases]);
    }
  });
  return facts;
}

function walk(node: SyntaxNode, visit: (node: SyntaxNode) => void): void {
  visit(node);
  for (const child of node.namedChildren) walk(child, visit);
}

/** The outermost call of a method chain (not itself the object of a further `.method(...)` call). */
function isChainTop(call: SyntaxNode): boolean {
  const parent = call.parent;
  return !(parent?.type === "attribute" && parent.childForFieldName("object")?.id === call.id && parent.parent?.type === "call");
}

interface Chain {
  /** The node the chain starts at (below the first method call). */
  base: SyntaxNode;
  methods: string[];
  kws: (LookupKw & { node: SyntaxNode })[];
  kinds: Set<string>;
}

/** Walks `a.b(...).c(...)` down to the object the first method is called on. */
function chainOf(top: SyntaxNode): Chain | undefined {
  const chain: Chain = { base: top, methods: [], kws: [], kinds: new Set() };
  let node: SyntaxNode = top;
  // `super().get_queryset()` is the base of a manager's refinement; any other call ends the chain too.
  while (node.type === "call" && !isSuperGetQueryset(node)) {
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute") break;
    const method = fn.childForFieldName("attribute")?.text ?? "";
    chain.methods.unshift(method);
    if (FILTERS.has(method)) {
      chain.kinds.add(method);
      chain.kws.unshift(...keywordsOf(node.childForFieldName("arguments"), method === "exclude"));
    }
    const object = fn.childForFieldName("object");
    if (!object) return undefined;
    node = object;
  }
  chain.base = node;
  return chain;
}

function siteOf(top: SyntaxNode): LookupSiteFacts | undefined {
  const chain = chainOf(top);
  if (!chain) return undefined;
  const { root, manager } = rootOf(chain);
  // `cls.objects` in a classmethod: the class it is defined on (a model, or a mixin the index cannot resolve).
  const rootName = root?.type === "identifier" && root.text === "cls" ? enclosingClassName(root) : root && isDottedName(root) ? root.text : undefined;
  if (!root || manager === undefined || !rootName) return undefined;
  // A method called on the class (manager ""): only a chain that goes on from it.
  if (manager === "" && chain.methods.length < 2) return undefined;
  // A custom manager may filter in its get_queryset (`Product.active.all()`, also as `objects`): its
  // uses count without keywords, once a method is called on it.
  if (chain.kws.length === 0 && chain.methods.length === 0) return undefined;
  const first = chain.kws[0]?.node ?? top;
  return {
    root: rootName,
    manager,
    methods: chain.methods,
    kws: chain.kws.map(withoutNode),
    kind: chain.kinds.size > 0 && [...chain.kinds].every((k) => SINGLE.has(k)) ? "get" : "list",
    line: first.startPosition.row + 1,
    column: first.startPosition.column,
  };
}

/** `Model.manager…` (root `Model`, manager `manager`) or `Model.method(…)…` (root `Model`, manager ""). */
function rootOf(chain: Chain): { root?: SyntaxNode | null; manager?: string } {
  if (chain.base.type === "attribute") return { root: chain.base.childForFieldName("object"), manager: chain.base.childForFieldName("attribute")?.text };
  return chain.base.type === "identifier" ? { root: chain.base, manager: "" } : {};
}

/**
 * `get_object_or_404(Model, kw=…)` or `get_object_or_404(Model.objects.filter(…), kw=…)`: a site whose
 * keywords are the shortcut's and the passed chain's. `passed` is the first argument, counted here.
 */
function shortcutSiteOf(call: SyntaxNode): { site?: LookupSiteFacts; passed: SyntaxNode } | undefined {
  const fn = call.childForFieldName("function");
  const name = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  const method = name === undefined ? undefined : SHORTCUTS.get(name);
  const args = call.childForFieldName("arguments");
  const first = args?.namedChildren[0];
  if (!method || !args || !first || first.type === "keyword_argument") return undefined;
  const kws = keywordsOf(args, false);
  const at = kws[0]?.node ?? call;
  const place = { line: at.startPosition.row + 1, column: at.startPosition.column };
  const kind = method === "get" ? "get" : "list";
  if (isDottedName(first)) {
    if (kws.length === 0) return { passed: first };
    return { passed: first, site: { root: first.text, manager: "_default_manager", methods: [method], kws: kws.map(withoutNode), kind, ...place } };
  }
  const inner = first.type === "call" ? siteOf(first) : undefined;
  if (!inner) return undefined;
  const all = [...inner.kws, ...kws.map(withoutNode)];
  return { passed: first, site: { ...inner, methods: [...inner.methods, method], kws: all, kind: method === "get" ? "get" : inner.kind, ...(kws.length > 0 ? place : {}) } };
}

function enclosingClassName(node: SyntaxNode): string | undefined {
  let at: SyntaxNode | null = node.parent;
  while (at && at.type !== "class_definition") at = at.parent;
  return at?.childForFieldName("name")?.text;
}

function isDottedName(node: SyntaxNode): boolean {
  if (node.type === "identifier") return node.text !== "self" && node.text !== "cls";
  if (node.type !== "attribute") return false;
  const object = node.childForFieldName("object");
  return object !== null && isDottedName(object);
}

/** A `get_queryset` whose return refines `super().get_queryset()` with filters, in a class. */
function managerFilterOf(fn: SyntaxNode): ManagerFilterFacts | undefined {
  let cls = fn.parent;
  while (cls && cls.type !== "class_definition") cls = cls.parent;
  const className = cls?.childForFieldName("name")?.text;
  const body = fn.childForFieldName("body");
  if (!className || !body) return undefined;
  const returns = body.namedChildren.filter((s) => s.type === "return_statement");
  // One plain return: a branch-dependent filter is not "always".
  if (returns.length !== 1) return undefined;
  const value = returns[0]!.namedChildren[0];
  const chain = value?.type === "call" ? chainOf(value) : undefined;
  if (!chain || chain.kws.length === 0 || !(isSuperGetQueryset(chain.base) || isQuerySetOfOwnModel(chain.base))) return undefined;
  return { className, kws: chain.kws.map(withoutNode), line: fn.startPosition.row + 1 };
}

/** The keyword as stored in the facts (the syntax node stays behind). */
function withoutNode({ node: _node, ...kw }: LookupKw & { node: SyntaxNode }): LookupKw {
  return kw;
}

/** `SoftDeleteQuerySet(self.model, using=self._db)`: a QuerySet built on the manager's own model. */
function isQuerySetOfOwnModel(node: SyntaxNode): boolean {
  if (node.type !== "call" || node.childForFieldName("function")?.type !== "identifier") return false;
  const args = node.childForFieldName("arguments")?.namedChildren ?? [];
  const model = args[0]?.type === "keyword_argument" ? args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "model")?.childForFieldName("value") : args[0];
  return model?.text === "self.model";
}

/** `super().get_queryset()` / `super(Cls, self).get_queryset()`. */
function isSuperGetQueryset(node: SyntaxNode): boolean {
  if (node.type !== "call") return false;
  const fn = node.childForFieldName("function");
  if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "get_queryset") return false;
  const object = fn.childForFieldName("object");
  return object?.type === "call" && object.childForFieldName("function")?.text === "super";
}

/** Keyword arguments of a filter call, and of `Q(...)` expressions among its positional arguments. */
function keywordsOf(args: SyntaxNode | null, negated: boolean): (LookupKw & { node: SyntaxNode })[] {
  if (!args) return [];
  const out: (LookupKw & { node: SyntaxNode })[] = [];
  for (const arg of args.namedChildren) {
    if (arg.type === "keyword_argument") {
      const name = arg.childForFieldName("name")?.text;
      const valueNode = arg.childForFieldName("value");
      const value = valueNode ? literalOf(valueNode) : undefined;
      if (name) out.push({ name, negated, node: arg, ...(value !== undefined ? { value } : {}), ...(valueNode && isNamedConstant(valueNode) ? { named: true as const } : {}) });
    } else out.push(...qKeywords(arg, negated));
  }
  return out;
}

function qKeywords(node: SyntaxNode, negated: boolean): (LookupKw & { node: SyntaxNode })[] {
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
    return name === "Q" ? keywordsOf(node.childForFieldName("arguments"), negated) : [];
  }
  if (node.type === "unary_operator") return node.namedChildren.flatMap((c) => qKeywords(c, !negated));
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.type === "|") {
    return node.namedChildren.flatMap((c) => qKeywords(c, negated)).map((kw) => ({ ...kw, alternative: true as const }));
  }
  if (node.type === "binary_operator" || node.type === "parenthesized_expression" || node.type === "boolean_operator") {
    return node.namedChildren.flatMap((c) => qKeywords(c, negated));
  }
  return [];
}

/**
 * `Model.SOME_STATE`, `Order.Status.OPEN` (a choices class nested in the model), an enum member's value
 * `Privacy.public.value`, or a list, tuple or set of them.
 */
function isNamedConstant(node: SyntaxNode): boolean {
  if (node.type === "list" || node.type === "tuple" || node.type === "set") return node.namedChildren.length > 0 && node.namedChildren.every(isNamedConstant);
  if (node.type !== "attribute") return false;
  const object = node.childForFieldName("object");
  const attr = node.childForFieldName("attribute")?.text ?? "";
  // `Privacy.public.value`: the value of a member of a class (an Enum) named in CapWords.
  if (attr === "value" && object?.type === "attribute") {
    const owner = object.childForFieldName("object");
    return owner !== null && isClassPath(owner) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(object.childForFieldName("attribute")?.text ?? "");
  }
  // `Model.STATE`, `Order.Status.OPEN`, or a class constant read through `self` / `cls` (`scope__in=self.SCOPES`).
  if (!/^[A-Z][A-Z0-9_]*$/.test(attr) || !object) return false;
  return (object.type === "identifier" && /^(self|cls)$/.test(object.text)) || isClassPath(object);
}

/** `Order`, `Order.Status`: a name, or a dotted path of names, in CapWords. */
function isClassPath(node: SyntaxNode): boolean {
  if (node.type === "identifier") return /^[A-Z][A-Za-z0-9]*$/.test(node.text);
  if (node.type !== "attribute") return false;
  const object = node.childForFieldName("object");
  return object !== null && isClassPath(object) && /^[A-Z][A-Za-z0-9]*$/.test(node.childForFieldName("attribute")?.text ?? "");
}

/** `True`, `False`, `None`, a number, or a quoted string literal. */
function literalOf(node: SyntaxNode): string | undefined {
  if (node.type === "true" || node.type === "false" || node.type === "none" || node.type === "integer") return node.text;
  const s = stringValue(node);
  return s === undefined ? undefined : JSON.stringify(s);
}
