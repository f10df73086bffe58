/**
 * DJP101's admin variant: a `list_display` column of a ModelAdmin that reads `obj.fk.x` runs once per
 * row of the change list (up to `list_per_page`, 100 by default), and each call loads the related row
 * unless the change list's queryset selects it. What the change list selects, and when that cannot be
 * seen (a `get_queryset` override, a base this file does not define, a non-literal value: the rule is
 * then silent), is read by src/analysis/django/admin-classes.ts.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";
import type { Fix } from "../../src/analysis/finding.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { rangeOf } from "../../src/analysis/positions.js";
import { propertyHops, readsOnlyPk, relationHops, type Hop } from "../../src/analysis/django/hops.js";
import { maximalPaths } from "../../src/analysis/django/eager-fix.js";
import { changeListOf, firstValue, type Selected } from "../../src/analysis/django/admin-classes.js";
import { defaultManager } from "../../src/analysis/django/querysets.js";
import { classMembers, isWithin, parameterNodes } from "../../src/analysis/django/syntax.js";

interface AdminClass {
  cls: SyntaxNode;
  /** The class, then the same-file classes it inherits from (lookup order). */
  chain: SyntaxNode[];
  name: string;
  model: ModelInfo;
  /** Column names in list_display order (strings, or names of module-level functions). */
  columns: { name: string; node: SyntaxNode }[];
  listDisplay: SyntaxNode;
  /** The `list_select_related = …` statement of the class itself, if any. */
  ownSelectRelated?: SyntaxNode;
  selected: Selected;
  /** Columns that are FK/O2O fields of the model (Django's automatic select_related() trigger). */
  fkColumns: string[];
  /** `list_per_page = N` written as a literal on the class or a same-file base. */
  perPage?: number;
}

interface AdminColumnRead {
  admin: AdminClass;
  column: string;
  hop: Hop;
}

/** A change-list page this short makes an N+1 of a few queries. */
const SHORT_PAGE = 25;

export function checkAdminChangeLists(ctx: RuleContext<{ block_in_views: boolean }>): void {
  // A mixin's column serves several admins: one finding per read is enough.
  const reported = new Set<number>();
  for (const stmt of ctx.file.tree.rootNode.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type !== "class_definition") continue;
    const admin = adminClass(ctx, cls);
    if (admin) reportColumns(ctx, admin, reported);
  }
}

function adminClass(ctx: RuleContext<{ block_in_views: boolean }>, cls: SyntaxNode): AdminClass | undefined {
  const list = changeListOf(ctx.django, cls);
  if (!list?.listDisplay) return undefined;
  const perPage = Number(firstValue(list.chain, "list_per_page")?.value.text);
  return {
    cls,
    chain: list.chain,
    name: cls.childForFieldName("name")?.text ?? "",
    model: list.model,
    columns: list.listDisplay.columns,
    listDisplay: list.listDisplay.statement,
    ...(list.ownSelectRelated ? { ownSelectRelated: list.ownSelectRelated } : {}),
    selected: list.selected,
    fkColumns: list.fkColumns,
    ...(Number.isInteger(perPage) && perPage > 0 ? { perPage } : {}),
  };
}

/** The function a column names: a method of the admin (`obj` is its second parameter) or a module-level function. */
function columnFunction(ctx: RuleContext<{ block_in_views: boolean }>, admin: AdminClass, column: { name: string; node: SyntaxNode }): { fn: SyntaxNode; param: string } | undefined {
  if (column.node.type === "string") {
    for (const m of admin.chain.flatMap((c) => classMembers(c))) {
      if (m.type !== "function_definition" || m.childForFieldName("name")?.text !== column.name) continue;
      const def = m;
      const params = parameterNodes(def);
      return params.length === 2 ? { fn: def, param: params[1]!.name } : undefined;
    }
    return undefined;
  }
  for (const stmt of ctx.file.tree.rootNode.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type !== "function_definition" || def.childForFieldName("name")?.text !== column.name) continue;
    const params = parameterNodes(def);
    return params.length === 1 ? { fn: def, param: params[0]!.name } : undefined;
  }
  return undefined;
}

function reportColumns(ctx: RuleContext<{ block_in_views: boolean }>, admin: AdminClass, reported: Set<number>): void {
  const reads: AdminColumnRead[] = [];
  const walked = new Set<string>(admin.fkColumns);
  // Columns run in list_display order on the same row object: the first read of a relation loads it
  // into the instance cache, later columns reading it cost nothing.
  const seen = new Set<string>();
  const read = (column: string, hops: Hop[]): void => {
    if (hops.length === 0) return;
    walked.add(hops[hops.length - 1]!.path);
    const lazy = firstLazyHop(admin, hops);
    if (!lazy || seen.has(lazy.path)) return;
    seen.add(lazy.path);
    reads.push({ admin, column, hop: lazy });
  };
  for (const column of admin.columns) {
    const target = columnFunction(ctx, admin, column);
    if (!target) {
      // `list_display = ("customer_name",)` naming a property of the model that walks `self.customer`.
      if (column.node.type === "string") for (const hop of propertyHops(ctx.index, admin.model, column.name, column.node)) read(column.name, [hop]);
      continue;
    }
    for (const attr of attributesOn(ctx, target.fn, target.param)) {
      const hops = relationHops(ctx.django, ctx.index, admin.model, attr);
      const last = hops[hops.length - 1];
      if (last && readsOnlyPk(last)) hops.pop();
      if (hops.length > 0) read(column.name, hops);
      // `obj.customer_name` in a column method: the property's own hops.
      else for (const hop of propertyHops(ctx.index, admin.model, attr.childForFieldName("attribute")?.text ?? "", attr)) read(column.name, [hop]);
    }
  }
  const paths = maximalPaths([...walked]);
  let fixGiven = false;
  for (const read of reads) {
    if (reported.has(read.hop.node.id)) continue;
    reported.add(read.hop.node.id);
    const fix: Fix | undefined = fixGiven ? undefined : selectRelatedFix(admin, paths);
    fixGiven ||= fix !== undefined;
    ctx.report({
      node: read.hop.node,
      scope: admin.cls,
      causes: [admin.listDisplay, ...(admin.ownSelectRelated ? [admin.ownSelectRelated] : [])],
      messageId: "admin-column",
      data: {
        access: read.hop.node.text,
        column: read.column,
        admin: admin.name,
        relation: `${read.hop.model.name}.${read.hop.name}`,
        model: admin.model.name,
        advice: adviceFor(admin, paths),
        rows: admin.perPage === undefined ? "up to list_per_page rows, 100 by default" : `up to ${admin.perPage} rows, its \`list_per_page\``,
      },
      subject: `${admin.model.qualifiedName} admin ${read.column} ${read.hop.path}`,
      model: admin.model.qualifiedName,
      ...(fix ? { fix } : {}),
      // A short page (`list_per_page = 10`) costs a few queries on an internal page: right, not worth a comment.
      // `walks`: a table the project shows to be small (only staff type its rows in the admin, listed whole
      // in one widget, small_models) lowers it to info, as DJP102's and DJP103's change-list columns (round 15).
      impact:
        admin.perPage !== undefined && admin.perPage <= SHORT_PAGE
          ? { level: "low" as const, reason: `the change list shows at most ${admin.perPage} rows a page` }
          : { level: "normal" as const, walks: admin.model.qualifiedName },
    });
  }
}

/** `param.x` reads in the function's own body (not in nested functions), when `param` is never rebound. */
function attributesOn(ctx: RuleContext<{ block_in_views: boolean }>, fn: SyntaxNode, param: string): SyntaxNode[] {
  const body = fn.childForFieldName("body");
  if (!body) return [];
  const out: SyntaxNode[] = [];
  for (const id of ctx.django.nodesOfType("identifier")) {
    if (id.text !== param || !isWithin(id, body)) continue;
    const scope = ctx.django.bindingScopeOf(id);
    if (scope && scope.id !== fn.id) continue;
    const parent = id.parent;
    if (parent?.type === "assignment" && parent.childForFieldName("left")?.id === id.id) return []; // rebound
    if (parent?.type === "attribute" && parent.childForFieldName("object")?.id === id.id) out.push(parent);
  }
  return out;
}

/**
 * The first hop the change list's queryset does not load. That queryset starts at the model's default
 * manager (`ModelAdmin.get_queryset` calls `_default_manager.get_queryset()`), so what the manager's own
 * `get_queryset` eager-loads is loaded too, whatever `list_select_related` adds to it.
 */
function firstLazyHop(admin: AdminClass, hops: Hop[]): Hop | undefined {
  const { selected } = admin;
  const manager = defaultManager(admin.model);
  const covers = (paths: readonly string[], hop: Hop) => paths.some((p) => p === hop.path || p.startsWith(`${hop.path}__`));
  let nonNull = true;
  for (const hop of hops) {
    if (hop.backReference) continue;
    if (hop.model.autoPrefetch && hop.field) return undefined;
    nonNull &&= hop.field !== undefined && !hop.nullable;
    if ((selected.kind === "non-null" || manager?.selectsAllRelated) && nonNull) continue;
    if (selected.kind === "paths" && covers(selected.paths, hop)) continue;
    if (manager && covers(manager.eagerLoads, hop)) continue;
    return hop;
  }
  return undefined;
}

function adviceFor(admin: AdminClass, paths: string[]): string {
  const tuple = `list_select_related = (${paths.map((p) => JSON.stringify(p)).join(", ")}${paths.length === 1 ? "," : ""})`;
  if (admin.selected.kind === "paths") return `add the path to \`list_select_related\` on ${admin.name}: \`${tuple}\``;
  return `set \`${tuple}\` on ${admin.name}`;
}

/**
 * Adds `list_select_related = (...)` after `list_display` when the class has none. Safe only when the
 * change list selected nothing before: with Django's automatic select_related() (a FK column), a tuple
 * would stop following chains that `__str__` methods of those columns may walk.
 */
function selectRelatedFix(admin: AdminClass, paths: string[]): Fix | undefined {
  if (admin.ownSelectRelated || admin.selected.kind !== "none") return undefined;
  // list_display set by a mixin: the mixin may serve admins of other models, where the paths are wrong.
  if (!isWithin(admin.listDisplay, admin.cls)) return undefined;
  const statement = admin.listDisplay;
  const range = rangeOf(statement);
  const indent = " ".repeat(statement.startPosition.column);
  const tuple = `(${paths.map((p) => JSON.stringify(p)).join(", ")}${paths.length === 1 ? "," : ""})`;
  const end = { line: range.end.line, column: range.end.column };
  return {
    safety: "safe",
    title: `Select ${paths.join(", ")} with the change list's rows`,
    edits: [{ range: { start: end, end }, newText: `\n${indent}list_select_related = ${tuple}` }],
  };
}
