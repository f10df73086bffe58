/**
 * Is this file a Django migration? By path (`…/migrations/0001_x.py`) or, for projects that move
 * migrations elsewhere with MIGRATION_MODULES (`db_migrations/`), by content: a module-level
 * `class Migration(migrations.Migration)`. ORM and bulk rules skip migrations (they run once, on data
 * the migration rules judge); migration rules run on them.
 */
import type { SyntaxNode } from "./parser.js";
import { isMigrationPath } from "./source-file.js";

export function isMigrationModule(file: { path: string; tree: { rootNode: SyntaxNode } }): boolean {
  if (isMigrationPath(file.path)) return true;
  for (const stmt of file.tree.rootNode.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type !== "class_definition" || cls.childForFieldName("name")?.text !== "Migration") continue;
    const bases = cls.childForFieldName("superclasses")?.namedChildren ?? [];
    if (bases.some((b) => b.text === "migrations.Migration" || b.text === "Migration")) return true;
  }
  return false;
}
