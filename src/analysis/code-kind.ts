/**
 * Test and seed code recognised by content, where its path says nothing (`utils/make_db.py`,
 * `tools/generate.py`): a module that imports a test framework or a fake-data library, or a
 * management command whose help text says it loads sample, dummy or test data. Rules skip such files
 * by default like the path-based excludes (src/config/schema.ts): a per-row create in a seed script is
 * not a production cost (issue: accuracy, false-positive class 1).
 */
import type { ParsedFile } from "./source-file.js";
import { stringValue } from "./django/syntax.js";

export type CodeKind = "tests" | "sample and seed data";

/** Import prefixes of test frameworks and fake-data libraries (module-level imports only). */
const TEST_IMPORTS = ["unittest", "pytest", "django.test", "rest_framework.test", "hypothesis", "selenium", "splinter"];
const SEED_IMPORTS = ["faker", "factory", "model_bakery", "model_mommy", "mixer", "autofixture"];

/** A command's help text about generated or throwaway data. */
const SEED_HELP = /\b(dummy|fake|sample data|sample \w+ data|test data|testing|random data|demo data|development data|dev data)\b/i;

/** A Django management command module: code an operator runs by hand, once or rarely. */
export function isCommandPath(path: string): boolean {
  return /(^|\/)management\/commands\/[^/]+\.py$/.test(path);
}

/**
 * A standalone script: a module under a `scripts/` folder (django-extensions' `runscript` folder, or a
 * repository's one-off maintenance scripts). Someone runs it by hand; the site's traffic never does.
 */
export function isScriptPath(path: string): boolean {
  return /(^|\/)scripts\/.+\.py$/.test(path);
}

/** A Django admin module: `admin.py` or a module of an `admin/` package (staff pages, not the site's traffic). */
export function isAdminPath(path: string): boolean {
  return /(^|\/)admin(\.py$|\/[^/]+\.py$)/.test(path);
}

/**
 * `admin.py` or any module under an `admin/` package, its subpackages included (an admin panel's
 * `conf/admin/forms/analytics.py`): code only staff reach. Rules that lower a level for staff-only
 * code use it; the index keeps `isAdminPath`'s narrower set of files it reads for registrations.
 */
export function isAdminTreePath(path: string): boolean {
  return /(^|\/)admin(\.py$|\/.+\.py$)/.test(path);
}

export function codeKindOf(file: ParsedFile, imports: ReadonlyMap<string, string>): CodeKind | undefined {
  for (const dotted of imports.values()) {
    // unittest.mock is used by production code that wraps libraries; the rest of unittest is not.
    if (dotted.startsWith("unittest.mock")) continue;
    if (TEST_IMPORTS.some((p) => dotted === p || dotted.startsWith(`${p}.`))) return "tests";
    if (SEED_IMPORTS.some((p) => dotted === p || dotted.startsWith(`${p}.`))) return "sample and seed data";
  }
  return isCommandPath(file.path) && seedCommandHelp(file) ? "sample and seed data" : undefined;
}

/** `class Command(...): help = "Populate the database with dummy data"`. */
function seedCommandHelp(file: ParsedFile): boolean {
  for (const stmt of file.tree.rootNode.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type !== "class_definition" || cls.childForFieldName("name")?.text !== "Command") continue;
    for (const member of cls.childForFieldName("body")?.namedChildren ?? []) {
      const assign = member.type === "expression_statement" ? member.namedChildren[0] : undefined;
      if (assign?.type !== "assignment" || assign.childForFieldName("left")?.text !== "help") continue;
      const value = assign.childForFieldName("right");
      const text = value ? (stringValue(value) ?? value.text) : "";
      if (SEED_HELP.test(text)) return true;
    }
  }
  return false;
}
