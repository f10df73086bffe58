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
