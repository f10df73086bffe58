/** Reads one `class_definition` into ClassFacts: bases, body assignments, Meta, methods, get_queryset. */
import type { SyntaxNode } from "../parser.js";
import { eagerFactsOf } from "./eager.js";
import { serviceOnlyAuthentication, staffOnlyCheck } from "./drf/permission-facts.js";
import { querysetBodyFacts, returnedChainFacts, returnsSerializerModel, serializerClassReturns } from "./drf/method-facts.js";
import { listRendersViewRows, listServesUnpaged, listUsesViewSerializer } from "./drf/list-facts.js";
import { FIELD_SHAPING_METHODS, removedFieldsOf } from "./drf/removed-fields.js";
import { pinnedKeysOfBody } from "./drf/pinned-keys.js";
import { boundOfBody } from "./drf/bound.js";
import { extendsSuperRepresentation } from "./drf/representation.js";
import { initSetsSource } from "./drf/own-source.js";
import { returnedChainOf } from "./returned-chains.js";
import { exprOf, lastName } from "./expr.js";
import type { Expr } from "./expr.js";
import type { ClassAttr, ClassFacts, MetaFacts } from "./facts.js";
import { formatSites, formatTemplate, inLoggingOrRaise } from "../django/formatting.js";
import { calleeName, hasSplat, positionalArgs } from "../django/syntax.js";
import { propertyRowOf } from "./property-rows.js";
import { memberQueryFactsOf } from "./member-queries.js";
import { superInitKwargs } from "./field-init.js";

/** Decorators that turn a method into an attribute read (`obj.total`, not `obj.total()`). */
const PROPERTY_DECORATORS = new Set(["property", "cached_property", "cached_attribute", "hybrid_property"]);

export function classFactsOf(node: SyntaxNode): ClassFacts | undefined {
  const name = node.childForFieldName("name")?.text;
  if (!name) return undefined;
  const facts: ClassFacts = {
    name,
    line: node.startPosition.row + 1,
    bases: basesOf(node),
    attrs: [],
    methods: [],
    properties: [],
  };
  const body = node.childForFieldName("body");
  for (const stmt of body?.namedChildren ?? []) readBodyStatement(stmt, facts);
  return facts;
}

function basesOf(node: SyntaxNode): Expr[] {
  const list = node.childForFieldName("superclasses");
  if (!list) return [];
  return list.namedChildren
    .filter((c) => c.type !== "keyword_argument" && c.type !== "comment" && c.type !== "list_splat" && c.type !== "dictionary_splat")
    .map((c) => exprOf(c));
}

function readBodyStatement(stmt: SyntaxNode, facts: ClassFacts): void {
  switch (stmt.type) {
    case "expression_statement": {
      const assign = stmt.namedChildren[0];
      if (assign?.type === "assignment") for (const attr of attrsOf(assign)) addAttr(attr, facts);
      return;
    }
    case "function_definition":
      addFunction(stmt, [], facts);
      return;
    case "decorated_definition": {
      const def = stmt.childForFieldName("definition");
      const decorators = stmt.namedChildren.filter((c) => c.type === "decorator");
      if (def?.type === "function_definition") addFunction(def, decorators, facts);
      else if (def?.type === "class_definition") readNestedClass(def, facts);
      return;
    }
    case "class_definition":
      readNestedClass(stmt, facts);
      return;
    case "import_from_statement":
      readBodyImport(stmt, facts);
      return;
    default:
      return;
  }
}

/**
 * `from credit.serializers import CreditSerializer` written in the class body (to dodge a circular
 * import): the name the class's attributes use, by its absolute dotted path. Relative imports are left out.
 */
function readBodyImport(stmt: SyntaxNode, facts: ClassFacts): void {
  const module = stmt.childForFieldName("module_name");
  if (module?.type !== "dotted_name") return;
  for (const n of stmt.childrenForFieldName("name")) {
    const imported = n.type === "aliased_import" ? n.childForFieldName("name") : n;
    const local = n.type === "aliased_import" ? n.childForFieldName("alias")?.text : n.text;
    if (imported?.type === "dotted_name" && local) (facts.bodyImports ??= {})[local] = `${module.text}.${imported.text}`;
  }
}

function readNestedClass(node: SyntaxNode, facts: ClassFacts): void {
  if (node.childForFieldName("name")?.text !== "Meta") return;
  const meta: MetaFacts = { bases: basesOf(node), attrs: new Map() };
  for (const stmt of node.childForFieldName("body")?.namedChildren ?? []) {
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== "assignment") continue;
    for (const attr of attrsOf(assign)) meta.attrs.set(attr.name, attr.value);
  }
  facts.meta = meta;
}

/** `a = b = X` gives two attributes with the value X; tuple targets are not attribute definitions we model. */
function attrsOf(assign: SyntaxNode): ClassAttr[] {
  const names: string[] = [];
  let node: SyntaxNode | null = assign;
  while (node?.type === "assignment") {
    const left = node.childForFieldName("left");
    if (left?.type === "identifier") names.push(left.text);
    const right = node.childForFieldName("right");
    if (right?.type !== "assignment") {
      if (!right) return [];
      const value = exprOf(right);
      const line = assign.startPosition.row + 1;
      return names.map((name) => ({ name, line, value }));
    }
    node = right;
  }
  return [];
}

function addAttr(attr: ClassAttr, facts: ClassFacts): void {
  const { value } = attr;
  if (value.t === "call" && value.fn.t === "name" && /^(builtins\.)?property$/.test(value.fn.dotted)) {
    facts.properties.push(attr.name);
    return;
  }
  facts.attrs.push(attr);
}

function addFunction(def: SyntaxNode, decorators: SyntaxNode[], facts: ClassFacts): void {
  const name = def.childForFieldName("name")?.text;
  if (!name) return;
  let isProperty = false;
  const decoratorNames: string[] = [];
  for (const dec of decorators) {
    const expr = dec.namedChildren[0];
    if (!expr) continue;
    const target = exprOf(expr.type === "call" ? (expr.childForFieldName("function") ?? expr) : expr);
    const last = lastName(target);
    if (last) decoratorNames.push(last);
    // `@total.setter` re-defines an existing property; it is not a new method.
    if (last === "setter" || last === "deleter") return;
    if (last && PROPERTY_DECORATORS.has(last)) isProperty = true;
  }
  if (isProperty) facts.properties.push(name);
  else facts.methods.push(name);
  if (isProperty && returnsSerializerModel(def)) (facts.serializerModelProperties ??= []).push(name);
  if ((isProperty || takesOnlySelf(def, decoratorNames)) && readsUrlArguments(def)) (facts.urlProperties ??= []).push(name);
  else if ((isProperty || takesOnlySelf(def, decoratorNames)) && readsRequestUser(def)) (facts.userProperties ??= []).push(name);
  const row = isProperty ? propertyRowOf(def) : undefined;
  if (row) (facts.propertyRows ??= {})[name] = row;
  const hops = isProperty || takesOnlySelf(def, decoratorNames) ? selfHops(def) : [];
  if (hops.length > 0) (isProperty ? (facts.propertyHops ??= {}) : (facts.methodHops ??= {}))[name] = hops;
  if (!isProperty && name !== "save" && savesSelfUnconditionally(def)) (facts.savingMethods ??= []).push(name);
  const queries = name.startsWith("__") ? undefined : memberQueryFactsOf(def, decoratorNames, facts.name);
  if (queries) (facts.memberQueries ??= {})[name] = queries;
  const fixed = name === "__init__" ? superInitKwargs(def) : undefined;
  if (fixed) facts.superInitKwargs = fixed;
  const chain = isProperty || name === "get_queryset" ? undefined : returnedChainOf(def, decoratorNames);
  if (chain) (facts.returnedChains ??= {})[name] = chain;
  if (name === "filter_queryset" && !isProperty) {
    // `filter_queryset(self, request, queryset, view)`: the third parameter holds the rows.
    const rowsParam = def.childForFieldName("parameters")?.namedChildren[2];
    const pins = rowsParam?.type === "identifier" ? pinnedKeysOfBody(def, rowsParam.text) : undefined;
    if (pins) facts.filterPins = pins;
    // A view's own `filter_queryset(self, queryset)`: it narrows every list the view returns.
    const params = def.childForFieldName("parameters")?.namedChildren ?? [];
    const bound = params.length === 2 || (params.length === 4 && params[3]?.text === "view") ? boundOfBody(def) : undefined;
    // A filter backend's (`filter_queryset(self, request, queryset, view)`) narrows the list of every view naming it.
    if (bound && bound.bound !== "slice") facts[params.length === 2 ? "filterBound" : "backendBound"] = bound;
  }
  if (name === "get_queryset") {
    facts.getQueryset = eagerFactsOf(def);
    facts.querysetBody = querysetBodyFacts(def);
  } else if (!isProperty) {
    // Helpers a DRF get_queryset may call (`self.base_queryset()`, a manager's `for_list()`).
    const chains = returnedChainFacts(def);
    if (chains) (facts.methodChains ??= new Map()).set(name, chains);
  }
  if (name === "build_relational_field" && !isProperty) {
    const picked = relationalFieldsOf(def);
    if (picked.length > 0) facts.relationalFields = picked;
  }
  if (name === "has_permission" && !isProperty) {
    const flag = staffOnlyCheck(def);
    if (flag) facts.staffOnly = flag;
  }
  if (name === "authenticate" && !isProperty && serviceOnlyAuthentication(def)) facts.serviceAuth = true;
  if (name === "get_serializer_class") facts.serializerClassReturns = serializerClassReturns(def) ?? null;
  if (name === "list" && !isProperty) {
    facts.listRendersViewRows = listRendersViewRows(def);
    if (!listUsesViewSerializer(def)) facts.listWithoutSerializer = true;
    const unpaged = listServesUnpaged(def);
    if (unpaged !== undefined) facts.listUnpagedLine = unpaged;
    if (/\bsuper\(\s*(?:\w+\s*,\s*self\s*)?\)\s*\.\s*list\s*\(/.test(def.text)) facts.listCallsSuper = true;
  }
  if (name === "to_representation" && !isProperty) facts.representationExtends = extendsSuperRepresentation(def);
  if (name === "__init__" && !isProperty && initSetsSource(def)) facts.initSetsSource = true;
  if (FIELD_SHAPING_METHODS.has(name) && !isProperty) {
    const removed = removedFieldsOf(def);
    if (removed.length > 0) facts.removedFields = [...(facts.removedFields ?? []), ...removed];
  }
}

/** A plain method called with no argument (`row.label()`): `self` is its one parameter, no decorator. */
function takesOnlySelf(def: SyntaxNode, decoratorNames: readonly string[]): boolean {
  const params = def.childForFieldName("parameters")?.namedChildren.filter((p) => p.type !== "comment") ?? [];
  return decoratorNames.length === 0 && params.length === 1 && params[0]?.type === "identifier";
}

/**
 * `build_relational_field(self, field_name, relation_info)`: the top-level `if field_name == "x":`
 * branches that return `(SerializerClass, {...})`. A class imported inside the method
 * (`from app.serializers import NoteSerializer`) is named by its absolute dotted path.
 */
function relationalFieldsOf(def: SyntaxNode): NonNullable<ClassFacts["relationalFields"]> {
  const param = def.childForFieldName("parameters")?.namedChildren[1];
  const body = def.childForFieldName("body");
  if (param?.type !== "identifier" || !body) return [];
  const localImports = new Map<string, string>();
  for (const imp of body.descendantsOfType("import_from_statement")) {
    const module = imp.childForFieldName("module_name")?.text;
    for (const n of imp.childrenForFieldName("name")) if (module && n.type === "dotted_name") localImports.set(n.text, `${module}.${n.text}`);
  }
  const out: NonNullable<ClassFacts["relationalFields"]> = [];
  for (const stmt of body.namedChildren) {
    if (stmt.type !== "if_statement" || stmt.namedChildren.some((c) => c.type === "elif_clause" || c.type === "else_clause")) continue;
    const test = new RegExp(`^${param.text} == ["'](\\w+)["']$`).exec(stmt.childForFieldName("condition")?.text ?? "");
    const ret = stmt.childForFieldName("consequence")?.namedChildren.find((c) => c.type === "return_statement");
    const pair = ret?.namedChildren[0];
    const [cls, options] = pair?.type === "expression_list" ? pair.namedChildren : [];
    if (!test?.[1] || cls?.type !== "identifier" || options?.type !== "dictionary") continue;
    const many = options.namedChildren.some((p) => p.type === "pair" && /^["']many["']$/.test(p.childForFieldName("key")?.text ?? "") && p.childForFieldName("value")?.text === "True");
    out.push({ name: test[1], serializer: localImports.get(cls.text) ?? cls.text, many, line: stmt.startPosition.row + 1 });
  }
  return out;
}

/** The method reads `self.kwargs` (the URL's arguments), outside nested functions. */
function readsUrlArguments(def: SyntaxNode): boolean {
  const visit = (node: SyntaxNode): boolean => {
    if (node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition") return false;
    if (node.type === "attribute" && node.text.replace(/\s/g, "") === "self.kwargs") return true;
    return node.namedChildren.some(visit);
  };
  return (def.childForFieldName("body")?.namedChildren ?? []).some(visit);
}

/** The body reads the request's user or session (`self.request.user`, `self.request.session.get("org")`): who asks. */
function readsRequestUser(def: SyntaxNode): boolean {
  const visit = (node: SyntaxNode): boolean => {
    if (node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition") return false;
    if (node.type === "attribute" && /^self\.request\.(user|session)$/.test(node.text.replace(/\s/g, ""))) return true;
    return node.namedChildren.some(visit);
  };
  return (def.childForFieldName("body")?.namedChildren ?? []).some(visit);
}

/**
 * Attributes of `self` that a property walks through (`self.release.version` → `release`): if one is a
 * foreign key, reading the property loads the related row. `self.x.id` / `self.x.pk` are left out (the
 * key is on the row), and so are nested functions (they may never run). Formatting the attribute itself
 * (`f"{self.customer}"`, `str(self.customer)`, `"%s" % self.customer`, or a field path of the template:
 * `"{0.customer}".format(self)`) loads it too, to call its `__str__`; outside logging calls and `raise`.
 */
function selfHops(def: SyntaxNode): string[] {
  const self = def.childForFieldName("parameters")?.namedChildren[0];
  const body = def.childForFieldName("body");
  if (self?.type !== "identifier" || !body) return [];
  const found = new Set<string>();
  const calls: SyntaxNode[] = [];
  const interpolations: SyntaxNode[] = [];
  const operators: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    if (node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition") return;
    if (node.type === "attribute") {
      const inner = node.childForFieldName("object");
      const outer = node.childForFieldName("attribute")?.text;
      if (inner?.type === "attribute" && inner.childForFieldName("object")?.text === self.text && outer !== "id" && outer !== "pk") {
        const hop = inner.childForFieldName("attribute")?.text;
        if (hop) found.add(hop);
      }
    } else if (node.type === "call") calls.push(node);
    else if (node.type === "interpolation") interpolations.push(node);
    else if (node.type === "binary_operator") operators.push(node);
    for (const child of node.namedChildren) visit(child);
  };
  visit(body);
  for (const { value, site } of formatSites(calls, interpolations, operators)) {
    if (value.type !== "attribute" || value.childForFieldName("object")?.text !== self.text || inLoggingOrRaise(site)) continue;
    const hop = value.childForFieldName("attribute")?.text;
    if (hop) found.add(hop);
  }
  for (const call of calls) for (const hop of templatePathHops(call, self.text)) found.add(hop);
  return [...found];
}

/**
 * `"{0.debate} ({0.room!s})".format(self)` / `"{me.debate}".format(me=self)`: the first attribute of
 * each replacement field whose argument is `self` (`debate`, `room`), conversion and spec aside (the
 * attribute is read either way); `{0.x.id}` / `{0.x.pk}` are left out as for `self.x.id`.
 */
function templatePathHops(call: SyntaxNode, self: string): string[] {
  if (calleeName(call) !== "format" || inLoggingOrRaise(call)) return [];
  const template = formatTemplate(call);
  const args = call.childForFieldName("arguments");
  if (template === undefined || !args || hasSplat(args)) return [];
  const selfArgs = new Set<string>();
  positionalArgs(args).forEach((arg, i) => {
    if (arg.text === self) selfArgs.add(String(i));
  });
  for (const arg of args.namedChildren) {
    if (arg.type === "keyword_argument" && arg.childForFieldName("value")?.text === self) selfArgs.add(arg.childForFieldName("name")?.text ?? "");
  }
  const hops: string[] = [];
  for (const field of template.matchAll(/\{(\w+)\.(\w+)([^{}]*)\}/g)) {
    const rest = field[3] ?? "";
    const keyOnly = /^\.(id|pk)(?!\w)/.test(rest);
    if (field[1] !== undefined && field[2] !== undefined && selfArgs.has(field[1]) && !keyOnly) hops.push(field[2]);
  }
  return hops;
}

/**
 * The method only sets attributes of `self` (directly or under an `if`) and then calls `self.save(...)`
 * as a statement of its own top level: every call writes the row, and a bulk_update of the same
 * attributes does the same work. Methods that do anything else (other calls, loops, deletes, returns)
 * are not summarised: their save is a small part of what they cost, and bulk_update would not replace them.
 */
function savesSelfUnconditionally(def: SyntaxNode): boolean {
  const self = def.childForFieldName("parameters")?.namedChildren[0];
  if (self?.type !== "identifier") return false;
  let saves = false;
  for (const stmt of def.childForFieldName("body")?.namedChildren ?? []) {
    if (isSelfSave(stmt, self.text)) {
      if (saves) return false;
      saves = true;
      continue;
    }
    if (saves || !isAttributeSetting(stmt, self.text)) return false;
  }
  return saves;
}

function isSelfSave(stmt: SyntaxNode, self: string): boolean {
  const call = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  const fn = call?.type === "call" ? call.childForFieldName("function") : undefined;
  return fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "save" && fn.childForFieldName("object")?.text === self;
}

/** A docstring, a comment, an import, `self.x = …`, or an if/elif/else made of these. */
function isAttributeSetting(stmt: SyntaxNode, self: string): boolean {
  switch (stmt.type) {
    case "comment":
    case "pass_statement":
    case "import_statement":
    case "import_from_statement":
      return true;
    case "expression_statement": {
      const inner = stmt.namedChildren[0];
      if (inner?.type === "string") return true;
      if (inner?.type !== "assignment" && inner?.type !== "augmented_assignment") return false;
      const left = inner.childForFieldName("left");
      return left?.type === "attribute" && left.childForFieldName("object")?.text === self;
    }
    case "if_statement":
    case "elif_clause":
    case "else_clause":
    case "block":
      return stmt.namedChildren.every((c) => c === stmt.childForFieldName("condition") || isAttributeSetting(c, self));
    default:
      return false;
  }
}
