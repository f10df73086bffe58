/** One parsed module → ModuleFacts (imports, module-level classes and assignments, save receivers). */
import type { SyntaxNode, Tree } from "../parser.js";
import { collectImports, MODULE_LEVEL_CONTAINERS } from "../imports.js";
import { returnedChainFacts } from "./drf/method-facts.js";
import { classFactsOf } from "./extract-class.js";
import { receiversOf } from "./extract-signals.js";
import { registrationsOf, registeringLibraryOf } from "./extract-registrations.js";
import { exprOf } from "./expr.js";
import { registrationCallOf, readRegistryFunction } from "./drf/registry.js";
import type { ModuleFacts } from "./facts.js";
import { readStatements } from "./settings/read.js";
import { settingsModuleRefs } from "./settings/entry-points.js";
import { wantsSettingsCode } from "./select.js";

export interface ParsedModule {
  path: string;
  text: string;
  tree: Tree;
  module: string;
  isPackage: boolean;
}

export function extractModuleFacts(mod: ParsedModule): ModuleFacts {
  const facts: ModuleFacts = {
    path: mod.path,
    module: mod.module,
    isPackage: mod.isPackage,
    imports: collectImports(mod),
    classes: new Map(),
    assigns: new Map(),
    receivers: receiversOf(mod, mod.text),
    registrations: [],
    hasErrors: mod.tree.rootNode.hasError,
  };
  for (const stmt of mod.tree.rootNode.namedChildren) readStatement(stmt, facts);
  facts.registrations = registrationsOf(mod, facts.imports.names);
  if (wantsSettingsCode(mod.path, mod.text)) facts.settingsCode = readStatements(mod.tree.rootNode, mod);
  const refs = settingsModuleRefs(mod.path, mod.text);
  if (refs.length > 0) facts.settingsRefs = refs;
  return facts;
}

/**
 * Module-level statements; like imports, definitions inside module-level `if`/`try` blocks count, and
 * so do those inside a top-level ERROR node (tree-sitter can wrap a whole module in one after an
 * unbalanced bracket).
 */
function readStatement(stmt: SyntaxNode, facts: ModuleFacts): void {
  switch (stmt.type) {
    case "class_definition":
      addClass(stmt, facts);
      return;
    case "function_definition":
      addFunction(stmt, facts);
      return;
    case "decorated_definition": {
      const def = stmt.childForFieldName("definition");
      if (def?.type === "function_definition") addFunction(def, facts);
      if (def?.type !== "class_definition") return;
      addClass(def, facts);
      const libraries = stmt.namedChildren.flatMap((d) => (d.type === "decorator" ? (registeringLibraryOf(d.namedChildren[0], facts.imports.names) ?? []) : []));
      const cls = facts.classes.get(def.childForFieldName("name")?.text ?? "");
      if (cls && libraries.length > 0) cls.registeredWith = libraries;
      return;
    }
    case "expression_statement": {
      const assign = stmt.namedChildren[0];
      const registration = assign?.type === "call" ? registrationCallOf(stmt) : undefined;
      if (registration) ((facts.registry ??= {}).calls ??= []).push(registration);
      if (assign?.type !== "assignment") return;
      const left = assign.childForFieldName("left");
      const right = assign.childForFieldName("right");
      if (left?.type === "identifier" && right && right.type !== "assignment") facts.assigns.set(left.text, exprOf(right));
      return;
    }
    default:
      if (MODULE_LEVEL_CONTAINERS.has(stmt.type)) for (const child of stmt.namedChildren) readStatement(child, facts);
      return;
  }
}

/** A module function returning a QuerySet chain (`def visible_orders(user): return Order.objects.filter(...)`). */
function addFunction(def: SyntaxNode, facts: ModuleFacts): void {
  const name = def.childForFieldName("name")?.text;
  const chains = name ? returnedChainFacts(def) : undefined;
  if (name && chains) (facts.functionChains ??= new Map()).set(name, chains);
  const registry: NonNullable<ModuleFacts["registry"]> = facts.registry ?? {};
  readRegistryFunction(def, registry);
  if (registry.getters || registry.setters) facts.registry = registry;
}

function addClass(node: SyntaxNode, facts: ModuleFacts): void {
  const cls = classFactsOf(node);
  if (cls) facts.classes.set(cls.name, cls);
}
