/**
 * What names a module imports, from its syntax tree: local name → dotted target. Relative imports are
 * resolved against the module's own package. Star imports are recorded under "*" (resolution is the
 * index's job). Only module-level imports count; imports inside functions are added by scope users.
 */
import type { SyntaxNode } from "./parser.js";

export interface ImportingModule {
  tree: { rootNode: SyntaxNode };
  module: string;
  isPackage: boolean;
}

export interface ImportTable {
  /** `Order` → `shop.models.Order`; `models` → `django.db.models`; `np` → `numpy`. */
  names: Map<string, string>;
  /** Modules star-imported (`from .models import *` → `shop.models`). */
  starModules: string[];
}

export function collectImports(mod: ImportingModule, within?: SyntaxNode): ImportTable {
  const table: ImportTable = { names: new Map(), starModules: [] };
  const root = within ?? mod.tree.rootNode;
  for (const stmt of root.namedChildren) addImport(stmt, mod, table);
  return table;
}

/**
 * Nodes whose statements still run at module level: `if`/`try` blocks (TYPE_CHECKING, import fallbacks)
 * and the ERROR node tree-sitter may wrap a whole module in after an unbalanced bracket.
 */
export const MODULE_LEVEL_CONTAINERS: ReadonlySet<string> = new Set([
  "if_statement",
  "try_statement",
  "else_clause",
  "elif_clause",
  "except_clause",
  "finally_clause",
  "block",
  "ERROR",
]);

/** Adds the imports of one statement; also descends into module-level `if`/`try` blocks (TYPE_CHECKING, fallbacks). */
export function addImport(stmt: SyntaxNode, mod: ImportingModule, table: ImportTable): void {
  switch (stmt.type) {
    case "import_statement":
      for (const name of stmt.childrenForFieldName("name")) {
        if (name.type === "aliased_import") {
          const target = name.childForFieldName("name")?.text;
          const alias = name.childForFieldName("alias")?.text;
          if (target && alias) table.names.set(alias, target);
        } else {
          // `import a.b.c` binds `a`.
          const first = name.text.split(".")[0];
          if (first) table.names.set(first, first);
        }
      }
      return;
    case "import_from_statement": {
      const moduleNode = stmt.childForFieldName("module_name");
      if (!moduleNode) return;
      const from = resolveRelative(moduleNode.text, mod);
      if (from === undefined) return;
      if (stmt.namedChildren.some((c) => c.type === "wildcard_import")) {
        table.starModules.push(from);
        return;
      }
      for (const name of stmt.childrenForFieldName("name")) {
        if (name.type === "aliased_import") {
          const target = name.childForFieldName("name")?.text;
          const alias = name.childForFieldName("alias")?.text;
          if (target && alias) table.names.set(alias, join(from, target));
        } else {
          table.names.set(name.text, join(from, name.text));
        }
      }
      return;
    }
    default:
      if (MODULE_LEVEL_CONTAINERS.has(stmt.type)) for (const child of stmt.namedChildren) addImport(child, mod, table);
      return;
  }
}

function join(a: string, b: string): string {
  return a === "" ? b : `${a}.${b}`;
}

/** `.models` in package `shop` → `shop.models`; `..core` in module `shop.views.orders` → `shop.core`. */
export function resolveRelative(spec: string, mod: { module: string; isPackage: boolean }): string | undefined {
  const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
  if (dots === 0) return spec;
  const parts = mod.module.split(".").filter(Boolean);
  // A plain module's package is its parent; a package (__init__) is its own package.
  const pkg = mod.isPackage ? parts : parts.slice(0, -1);
  const up = dots - 1;
  if (up > pkg.length) return undefined;
  const base = pkg.slice(0, pkg.length - up);
  const rest = spec.slice(dots);
  return [...base, ...(rest ? rest.split(".") : [])].join(".");
}
