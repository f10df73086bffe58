/** A parsed Python file as rules and index builders see it. */
import type { Tree } from "./parser.js";

export interface SourceText {
  /** Repository-relative POSIX path, e.g. `shop/models.py`. */
  path: string;
  text: string;
}

export interface ParsedFile extends SourceText {
  tree: Tree;
  /** Dotted module name derived from the path (`shop/models/__init__.py` → `shop.models`). */
  module: string;
  /** True for `__init__.py`: relative imports resolve against the module itself. */
  isPackage: boolean;
  /** Lines of `text`, without line terminators; `lines[0]` is line 1. */
  lines: string[];
}

export function moduleNameOf(path: string): { module: string; isPackage: boolean } {
  const noExt = path.replace(/\.pyi?$/, "");
  const parts = noExt.split("/").filter((p) => p.length > 0);
  const isPackage = parts[parts.length - 1] === "__init__";
  if (isPackage) parts.pop();
  return { module: parts.join("."), isPackage };
}

/**
 * The name Python imports a module by: its path-derived name (`src.shop.tasks`) without the leading
 * folders that are no package, a source root put on `sys.path` (`src/` holds no `__init__.py`, so the
 * module is `shop.tasks`). `known` holds the module names the index read, packages (`__init__.py`)
 * among them. Only a package proven above the module starts a cut: when the index read no
 * `__init__.py` of its folder, the path-derived name stays (nothing shows where the root is).
 */
export function importableModuleName(module: string, known: ReadonlySet<string>): string {
  const parts = module.split(".");
  let root = parts.length - 1;
  while (root >= 1 && known.has(parts.slice(0, root).join("."))) root--;
  return root === parts.length - 1 ? module : parts.slice(root).join(".");
}

export function isMigrationPath(path: string): boolean {
  return /(^|\/)migrations\/[^/]+\.py$/.test(path) && !path.endsWith("/__init__.py");
}

/**
 * Migration modules the history reads: `migrations/*.py`, and numbered modules in a folder ending in
 * `migrations` that MIGRATION_MODULES points at (`dojo/db_migrations/0280_x.py`).
 */
export function isMigrationHistoryPath(path: string): boolean {
  return isMigrationPath(path) || /(^|\/)\w+migrations\/\d{4}[^/]*\.py$/.test(path);
}
