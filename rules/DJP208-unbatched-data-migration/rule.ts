/**
 * DJP208 unbatched-data-migration: a `RunPython` function that walks a historical model's table
 * (`apps.get_model(...)`) writing row by row (`save()`, `delete()`, `create()`, `update_or_create()`,
 * per-row `.update()`), or runs one `.update()` over the whole table, inside the migration's single
 * transaction. Tables the migration (or the change) creates are empty: silent; models the history
 * does not know: silent.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import { batchedBackfillSteps, batchedUpdateSteps } from "../../src/analysis/django/migration-recipes.js";
import { defineRule } from "../../src/analysis/rule.js";
import { codeSpan } from "../../src/analysis/markdown-safe.js";
import { literalFlag, lockedTableLevel, migrationView, tableOf } from "../../src/analysis/django/migration-ops.js";
import { parameterIdentifier, positionalArgs, keywordArg, stringValue, unwrapParens } from "../../src/analysis/django/syntax.js";
import { HAND_WRITTEN_LIMIT, literalSize } from "../../src/analysis/django/bounded-loops.js";
import type { ModelState } from "../../src/analysis/index/migrations/state.js";
import type { ModelInfo } from "../../src/analysis/index/types.js";

const MANAGERS = new Set(["objects", "_default_manager", "_base_manager"]);
const ROW_WRITES = new Set(["save", "delete"]);
const MANAGER_WRITES = new Set(["create", "get_or_create", "update_or_create", "update", "delete"]);
const NARROWING = new Set(["filter", "exclude", "get"]);

interface HistoricalModel {
  app: string;
  model: string;
}

export default defineRule({
  id: "DJP208",
  name: "unbatched-data-migration",
  category: "migrations",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "migration",
  reportsApplicability: true,
  summary: "A RunPython data migration writes an existing table row by row (or in one unbounded UPDATE) inside one transaction.",
  messages: {
    perRow:
      "Data migration {{fn}} walks {{rows}} of {{model}} and writes each one ({{write}}): one query per row, all inside the migration's transaction, so every touched row stays locked until the last one is written and the deploy waits for the whole table. Safe recipe: {{recipe}} Small lookup table? `# djperf: safe[DJP208] <reason>`.",
    unbounded:
      "Data migration {{fn}} runs one {{write}} over the whole table of {{model}}: a single statement that rewrites every row and locks them all until the migration's transaction commits. Safe recipe: {{recipe}} Small table? `# djperf: safe[DJP208] <reason>`.",
  },
  check(ctx) {
    const view = migrationView(ctx.file, ctx.index);
    if (!view) return;
    const functions = moduleFunctions(ctx.file.tree.rootNode);
    for (const op of view.ops) {
      if (op.fact.kind !== "RunPython") continue;
      ctx.applies();
      const args = op.node.childForFieldName("arguments");
      const code = keywordArg(args, "code") ?? positionalArgs(args)[0];
      const fn = code?.type === "identifier" ? functions.get(code.text) : undefined;
      if (!fn) continue;
      for (const finding of writesIn(fn)) {
        const model = finding.model;
        const state = tableOf(view, ctx.index, op, model.model.toLowerCase(), model.app);
        if (state.status === "unknown") {
          ctx.unverified(`whether the table of ${model.app}.${model.model} exists is not known: ${state.reason}`);
          continue;
        }
        if (state.status === "new") continue;
        // `filter(id__in=[…])` / `filter(slug__in=KEYS)` on a key column: the loop touches the rows the
        // code names, a handful, not the table (rotation set 10: 14 ticket ids, 7 election slugs).
        // A key of the model as written today counts too: a later migration made it unique, which succeeds only on unique values.
        const today = ctx.index.models.get(ctx.index.resolveModelLabel(`${model.app}.${model.model}`, "") ?? "");
        if (finding.keys?.some((key) => isKeyColumn(state.model, key) || (today !== undefined && isModelKey(today, key)))) continue;
        ctx.report({
          node: finding.node,
          scope: finding.scope,
          messageId: finding.kind,
          data: { fn: codeSpan(fn.childForFieldName("name")?.text ?? "?"), model: codeSpan(`${model.app}.${model.model}`), write: codeSpan(finding.write), rows: finding.filtered ? "the rows it selects" : "every row", recipe: finding.kind === "perRow" ? batchedBackfillSteps(ctx.index.versions) : batchedUpdateSteps(ctx.index.versions) },
          subject: `${finding.kind}:${model.app}.${model.model}:${finding.write}`,
          // A table the project shows to be small (hand-entered in the admin, a singleton, `small_models`): a few writes.
          ...lockedTableLevel(ctx, view, state.model, "warn", "warn"),
        });
      }
    }
  },
});

function moduleFunctions(root: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    const name = def?.type === "function_definition" ? def.childForFieldName("name")?.text : undefined;
    if (def && name) out.set(name, def);
  }
  return out;
}

interface Write {
  kind: "perRow" | "unbounded";
  node: SyntaxNode;
  scope: SyntaxNode;
  write: string;
  model: HistoricalModel;
  /** The loop walks a filtered queryset (`filter` / `exclude`): the message says "the rows it selects", not "every row". */
  filtered?: boolean;
  /**
   * Columns a `filter()` of the walked chain pins to written-out values: `col=value`, or `col__in=` a
   * literal collection (or a name bound once to one) of at most HAND_WRITTEN_LIMIT items. On a key
   * column the loop is bounded by the code.
   */
  keys?: string[];
}

/** The primary key (`pk`, an `id` that is the key or not a column of the state) or a `unique=True` column. */
function isKeyColumn(model: ModelState, column: string): boolean {
  if (column === "pk") return true;
  const field = model.fields.get(column);
  if (!field) return column === "id" && ![...model.fields.values()].some((f) => literalFlag(f, "primary_key") === true);
  return literalFlag(field, "primary_key") === true || literalFlag(field, "unique") === true;
}

/** A `unique=True` or primary-key field of the project's model (models.py). */
function isModelKey(model: ModelInfo, column: string): boolean {
  const field = model.fields.get(column);
  return field?.kind === "concrete" && (field.kwargs["unique"] === "True" || field.kwargs["primary_key"] === "True");
}

/** The columns `filter(...)` calls of a queryset chain pin to written-out values (see Write.keys). */
function pinnedColumns(node: SyntaxNode): string[] {
  const out: string[] = [];
  for (let n: SyntaxNode | null = unwrapParens(node); n?.type === "call"; ) {
    const fn = n.childForFieldName("function");
    if (fn?.type !== "attribute") break;
    if (fn.childForFieldName("attribute")?.text === "filter") {
      for (const arg of n.childForFieldName("arguments")?.namedChildren ?? []) {
        if (arg.type !== "keyword_argument") continue;
        const name = arg.childForFieldName("name")?.text ?? "";
        const value = arg.childForFieldName("value");
        if (!value || name.includes("__") && !name.endsWith("__in")) continue;
        if (name.endsWith("__in")) {
          const column = name.slice(0, -"__in".length);
          const size = literalSize(value, 0);
          if (!column.includes("__") && size !== undefined && size <= HAND_WRITTEN_LIMIT) out.push(column);
        } else out.push(name);
      }
    }
    n = fn.childForFieldName("object");
  }
  return out;
}

/** Names bound to `apps.get_model("app", "Model")` (or `"app.Model"`) in the function, by the first parameter's name. */
function historicalModels(fn: SyntaxNode): Map<string, HistoricalModel> {
  const params = fn.childForFieldName("parameters")?.namedChildren.filter((p) => p.type !== "comment") ?? [];
  // `apps` or `apps: Apps` (annotated): the registry's name either way.
  const first = params[0];
  const appsName = first && (first.type === "identifier" || first.type === "typed_parameter") ? parameterIdentifier(first)?.text : undefined;
  const out = new Map<string, HistoricalModel>();
  if (!appsName) return out;
  // The apps parameter's name rides along under a key no identifier can have.
  out.set(APPS_KEY, { app: appsName, model: "" });
  for (const assign of descendants(fn, "assignment")) {
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type !== "identifier" || right?.type !== "call") continue;
    const model = getModelCall(right, appsName);
    if (model) out.set(left.text, model);
  }
  return out;
}

const APPS_KEY = " apps";

/** `apps.get_model("app", "Model")` / `apps.get_model("app.Model")` with literal strings. */
function getModelCall(call: SyntaxNode, appsName: string | undefined): HistoricalModel | undefined {
  const callee = call.childForFieldName("function");
  if (!appsName || callee?.type !== "attribute" || callee.childForFieldName("object")?.text !== appsName || callee.childForFieldName("attribute")?.text !== "get_model") return undefined;
  const strings = positionalArgs(call.childForFieldName("arguments")).map(stringValue);
  if (strings.length === 2 && strings[0] && strings[1]) return { app: strings[0], model: strings[1] };
  if (strings.length === 1 && strings[0]?.includes(".")) {
    const [app, model] = strings[0].split(".");
    if (app && model) return { app, model };
  }
  return undefined;
}

/** A queryset chain over a historical model: `M.objects.filter(...).iterator()` → the model and the method names. */
function chainOf(node: SyntaxNode, models: Map<string, HistoricalModel>): { model: HistoricalModel; methods: string[] } | undefined {
  const methods: string[] = [];
  let n = unwrapParens(node);
  for (;;) {
    if (n.type === "call") {
      const fn = n.childForFieldName("function");
      if (fn?.type !== "attribute") return undefined;
      methods.unshift(fn.childForFieldName("attribute")?.text ?? "");
      n = fn.childForFieldName("object")!;
      continue;
    }
    if (n.type === "attribute") {
      const obj = n.childForFieldName("object");
      const attr = n.childForFieldName("attribute")?.text ?? "";
      // A historical model's class attributes are its fields and the managers marked
      // `use_in_migrations = True` (`Election.private_objects`): followed by queryset methods, a manager.
      if (obj?.type === "identifier" && (MANAGERS.has(attr) || (methods.length > 0 && models.has(obj.text) && obj.text !== APPS_KEY))) {
        const model = models.get(obj.text);
        return model ? { model, methods } : undefined;
      }
      // `apps.get_model("dojo", "Finding").objects…` without a name in between.
      if (obj?.type === "call" && MANAGERS.has(attr)) {
        const model = getModelCall(obj, models.get(APPS_KEY)?.app);
        return model ? { model, methods } : undefined;
      }
      return undefined;
    }
    return undefined;
  }
}

function writesIn(fn: SyntaxNode): Write[] {
  const models = historicalModels(fn);
  if (!models.has(APPS_KEY)) return [];
  const out: Write[] = [];
  const assigned = new Map<string, SyntaxNode>();
  for (const assign of descendants(fn, "assignment")) {
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type === "identifier" && right) assigned.set(left.text, right);
  }
  for (const loop of descendants(fn, "for_statement")) {
    const right = loop.childForFieldName("right");
    const left = loop.childForFieldName("left");
    if (!right || left?.type !== "identifier") continue;
    const source = right.type === "identifier" ? assigned.get(right.text) : right;
    const chain = source ? chainOf(source, models) : undefined;
    // A scan of the table: not a `.get()`/slice, not a `values_list` of ids fed elsewhere.
    if (!chain || chain.methods.includes("get") || chain.methods.some((m) => m === "values" || m === "values_list")) continue;
    const body = loop.childForFieldName("body");
    if (!body) continue;
    const write = perRowWrite(body, left.text, models);
    const filtered = chain.methods.some((m) => NARROWING.has(m));
    const keys = source ? pinnedColumns(source) : [];
    if (write) out.push({ kind: "perRow", node: write.node, scope: loop, write: write.text, model: chain.model, ...(filtered ? { filtered } : {}), ...(keys.length > 0 ? { keys } : {}) });
  }
  for (const call of descendants(fn, "call")) {
    const callee = call.childForFieldName("function");
    const method = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : undefined;
    if (method === "bulk_update" && !insideLoop(call, fn)) {
      // `bulk_update(whole_queryset, fields)` without batch_size: every row loaded, one giant UPDATE.
      const args = call.childForFieldName("arguments");
      const objs = positionalArgs(args)[0] ?? keywordArg(args, "objs");
      const source = objs?.type === "identifier" ? assigned.get(objs.text) : undefined;
      const manager = chainOf(call, models);
      const scanned = source ? chainOf(source, models) : undefined;
      if (manager && scanned && !keywordArg(args, "batch_size") && !scanned.methods.some((m) => m === "get" || m === "values" || m === "values_list")) {
        out.push({ kind: "unbounded", node: call, scope: call, write: ".bulk_update() without batch_size", model: scanned.model });
      }
      continue;
    }
    if (method !== "update" || insideLoop(call, fn)) continue;
    const chain = chainOf(call, models);
    if (!chain || chain.methods.slice(0, -1).some((m) => NARROWING.has(m))) continue;
    out.push({ kind: "unbounded", node: call, scope: call, write: ".update()", model: chain.model });
  }
  return out;
}

function perRowWrite(body: SyntaxNode, loopVar: string, models: Map<string, HistoricalModel>): { node: SyntaxNode; text: string } | undefined {
  for (const call of descendants(body, "call")) {
    const callee = call.childForFieldName("function");
    if (callee?.type !== "attribute") continue;
    const method = callee.childForFieldName("attribute")?.text ?? "";
    const obj = callee.childForFieldName("object");
    if (obj?.type === "identifier" && obj.text === loopVar && ROW_WRITES.has(method)) return { node: call, text: `${loopVar}.${method}()` };
    if (MANAGER_WRITES.has(method) && obj && chainOf(call, models)) return { node: call, text: `.${method}()` };
  }
  return undefined;
}

function insideLoop(node: SyntaxNode, stop: SyntaxNode): boolean {
  for (let n = node.parent; n && n.id !== stop.id; n = n.parent) if (n.type === "for_statement" || n.type === "while_statement") return true;
  return false;
}

function descendants(node: SyntaxNode, type: string): SyntaxNode[] {
  return node.descendantsOfType(type);
}
