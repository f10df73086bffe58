/** One migration module → MigrationFacts (a function of path and text only). */
import type { SyntaxNode, Tree } from "../../parser.js";
import { exprOf, type Expr } from "../expr.js";
import type { MigrationFacts, MigrationRef, OperationFact } from "./facts.js";
import { classAssignments, migrationClass, operationNodes } from "./syntax.js";

/** `shop/migrations/0002_x.py` → dir `shop/migrations`, app `shop`, name `0002_x`. */
export function migrationLocation(path: string): { dir: string; app: string; name: string } {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) : "";
  const name = path.slice(slash + 1).replace(/\.py$/, "");
  const parts = dir.split("/");
  // `app/migrations/` → app; a MIGRATION_MODULES folder (`app/db_migrations/`) → still the folder above.
  const app = parts.length >= 2 ? parts[parts.length - 2]! : (parts[0] ?? "");
  return { dir, app, name };
}

export function extractMigrationFacts(path: string, tree: Tree): MigrationFacts {
  const location = migrationLocation(path);
  const facts: MigrationFacts = { path, ...location, dependencies: [], runBefore: [], replaces: [], initial: false };
  const root = tree.rootNode;
  const cls = migrationClass(root);
  if (!cls) return { ...facts, problem: "no Migration class" };
  const assigns = classAssignments(cls);
  facts.dependencies = refsOf(assigns.get("dependencies"));
  facts.runBefore = refsOf(assigns.get("run_before"));
  facts.replaces = refsOf(assigns.get("replaces"));
  const atomic = assigns.get("atomic")?.text;
  if (atomic === "False") facts.atomic = false;
  else if (atomic === "True") facts.atomic = true;
  facts.initial = assigns.get("initial")?.text === "True";
  const ops = operationNodes(root);
  if (ops) facts.operations = ops.items.map(operationFactOf);
  else if (assigns.has("operations")) facts.problem = "operations is not a literal list";
  else facts.operations = [];
  if (root.hasError) facts.problem = "syntax errors";
  return facts;
}

export function operationFactOf(node: SyntaxNode): OperationFact {
  const expr = exprOf(node);
  const line = node.startPosition.row + 1;
  if (expr.t !== "call") return { kind: "?", args: [], kwargs: new Map(), hasSplat: false, line, text: node.text };
  const fn = expr.fn;
  const kind = fn.t === "name" ? fn.dotted.slice(fn.dotted.lastIndexOf(".") + 1) : fn.t === "attr" ? fn.attr : "?";
  return { kind, args: expr.args, kwargs: expr.kwargs, hasSplat: expr.hasSplat, line, text: node.text };
}

/** `[("shop", "0001_initial"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]`: literal pairs only. */
function refsOf(node: SyntaxNode | undefined): MigrationRef[] {
  if (!node) return [];
  const expr = exprOf(node);
  if (expr.t !== "seq") return [];
  return expr.items.flatMap((item) => {
    const pair = pairOf(item);
    return pair ? [pair] : [];
  });
}

function pairOf(item: Expr): MigrationRef | undefined {
  if (item.t !== "seq" || item.items.length !== 2) return undefined;
  const [app, name] = item.items;
  if (app?.t !== "str" || name?.t !== "str") return undefined;
  return { app: app.value, name: name.value };
}
