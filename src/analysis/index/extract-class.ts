/** Reads one `class_definition` into ClassFacts: bases, body assignments, Meta, methods, get_queryset. */
import type { SyntaxNode } from "../parser.js";
import { eagerFactsOf } from "./eager.js";
import { querysetBodyFacts, serializerClassReturns } from "./drf/method-facts.js";
import { exprOf, lastName } from "./expr.js";
import type { Expr } from "./expr.js";
import type { ClassAttr, ClassFacts, MetaFacts } from "./facts.js";

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
    default:
      return;
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
  for (const dec of decorators) {
    const expr = dec.namedChildren[0];
    if (!expr) continue;
    const target = exprOf(expr.type === "call" ? (expr.childForFieldName("function") ?? expr) : expr);
    const last = lastName(target);
    // `@total.setter` re-defines an existing property; it is not a new method.
    if (last === "setter" || last === "deleter") return;
    if (last && PROPERTY_DECORATORS.has(last)) isProperty = true;
  }
  if (isProperty) facts.properties.push(name);
  else facts.methods.push(name);
  if (!isProperty && name !== "save" && savesSelfUnconditionally(def)) (facts.savingMethods ??= []).push(name);
  if (name === "get_queryset") {
    facts.getQueryset = eagerFactsOf(def);
    facts.querysetBody = querysetBodyFacts(def);
  }
  if (name === "get_serializer_class") facts.serializerClassReturns = serializerClassReturns(def) ?? null;
}

/** `self.save(...)` is a statement directly in the method's body: it runs on every call that returns normally. */
function savesSelfUnconditionally(def: SyntaxNode): boolean {
  const self = def.childForFieldName("parameters")?.namedChildren[0];
  if (self?.type !== "identifier") return false;
  for (const stmt of def.childForFieldName("body")?.namedChildren ?? []) {
    // A return before the save makes it conditional on the path taken.
    if (stmt.type === "return_statement" || stmt.type === "raise_statement") return false;
    if (stmt.type !== "expression_statement") continue;
    const call = stmt.namedChildren[0];
    const fn = call?.type === "call" ? call.childForFieldName("function") : undefined;
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "save") continue;
    if (fn.childForFieldName("object")?.text === self.text) return true;
  }
  return false;
}
