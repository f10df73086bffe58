/**
 * The model state a migration history replays to (what Django's ProjectState holds, as far as static
 * text shows it): per app, models with their table, fields (class + keyword arguments), indexes,
 * constraints and unique/index_together. Each model remembers the migration that created it, which
 * tells a new table (created by the pull request) from an existing one.
 */
import type { Expr } from "../expr.js";
import type { OperationFact } from "./facts.js";
import { nestedOperations, opArg, opString } from "./operations.js";

export interface FieldState {
  name: string;
  /** Last dotted name of the field class (`ForeignKey`, `CharField`). */
  fieldClass: string;
  /** The class as the migration names it (`models.CharField`, `oscar.models.fields.NullCharField`). */
  fieldPath?: string;
  /** Positional arguments (a ForeignKey's target) and keyword arguments, as Expr snapshots. */
  args: Expr[];
  kwargs: Map<string, Expr>;
  text: string;
  /**
   * Path of the migration that gave the column its current name (CreateModel, AddField, RenameField;
   * AlterField keeps it): a column a pull request's own migrations introduced is unknown to the previous release.
   */
  addedIn?: string;
}

export interface IndexState {
  name?: string;
  fields: string[];
  /** `Index`, `GinIndex`, `UniqueConstraint`, `CheckConstraint`, … */
  kind: string;
  hasCondition: boolean;
}

export interface ModelState {
  /** As written in CreateModel (`Order`). */
  name: string;
  app: string;
  fields: Map<string, FieldState>;
  indexes: IndexState[];
  constraints: IndexState[];
  uniqueTogether: string[][];
  indexTogether: string[][];
  dbTable?: string;
  /** Path of the migration whose CreateModel made it (for a models.py fallback: the models module). */
  createdIn: string;
  /**
   * Set when the history had no state for the model and models.py of the analysed revision stood in
   * (src/analysis/django/models-fallback.ts): the table exists, but its fields and indexes are the
   * *new* ones, so rules that compare a field with its previous definition must stay silent.
   */
  fromModels?: true;
  /**
   * The model has no table of its own: a proxy (`options={"proxy": True}`) or an unmanaged model
   * (`"managed": False`). Its operations run no SQL, so no lock, rewrite or drop rule applies.
   */
  noTable?: "proxy" | "unmanaged";
}

/** app label → lower-case model name → state. */
export class ProjectState {
  readonly apps = new Map<string, Map<string, ModelState>>();

  model(app: string, name: string): ModelState | undefined {
    return this.apps.get(app)?.get(name.toLowerCase());
  }

  clone(): ProjectState {
    const copy = new ProjectState();
    for (const [app, models] of this.apps) {
      const m = new Map<string, ModelState>();
      for (const [k, v] of models) {
        m.set(k, { ...v, fields: new Map(v.fields), indexes: [...v.indexes], constraints: [...v.constraints], uniqueTogether: [...v.uniqueTogether], indexTogether: [...v.indexTogether] });
      }
      copy.apps.set(app, m);
    }
    return copy;
  }

  private modelsOf(app: string): Map<string, ModelState> {
    let models = this.apps.get(app);
    if (!models) this.apps.set(app, (models = new Map()));
    return models;
  }

  /**
   * Applies one operation of migration `path` in `app` to the state. Returns false for an operation
   * whose effect on state cannot be read (then the caller marks the model unknown).
   */
  apply(app: string, path: string, op: OperationFact): boolean {
    const models = this.modelsOf(app);
    const modelName = (opString(op, "model_name") ?? opString(op, "name"))?.toLowerCase();
    switch (op.kind) {
      case "CreateModel": {
        const name = opString(op, "name");
        if (!name) return false;
        const model: ModelState = { name, app, fields: new Map(), indexes: [], constraints: [], uniqueTogether: [], indexTogether: [], createdIn: path };
        const fields = opArg(op, "fields");
        if (fields?.t === "seq") {
          for (const item of fields.items) {
            if (item.t !== "seq" || item.items.length !== 2) continue;
            const [fname, fexpr] = item.items;
            if (fname?.t === "str" && fexpr) {
              const f = fieldStateOf(fname.value, fexpr);
              if (f) model.fields.set(fname.value.toLowerCase(), { ...f, addedIn: path });
            }
          }
        }
        applyOptions(model, opArg(op, "options"));
        models.set(name.toLowerCase(), model);
        return true;
      }
      case "DeleteModel":
        if (modelName) models.delete(modelName);
        return modelName !== undefined;
      case "RenameModel": {
        const oldName = opString(op, "old_name")?.toLowerCase();
        const newName = opString(op, "new_name");
        const model = oldName ? models.get(oldName) : undefined;
        if (!oldName || !newName || !model) return false;
        models.delete(oldName);
        models.set(newName.toLowerCase(), { ...model, name: newName });
        return true;
      }
      case "SeparateDatabaseAndState": {
        // State follows state_operations only; database_operations never change Django's state.
        const state = nestedOperations(op, "state_operations");
        if (!state) return false;
        return state.every((inner) => this.apply(app, path, inner));
      }
      case "RunSQL": {
        const state = nestedOperations(op, "state_operations");
        if (!state) return false;
        return state.every((inner) => this.apply(app, path, inner));
      }
    }
    const model = modelName ? models.get(modelName) : undefined;
    if (!model) return !MODEL_OPERATIONS.has(op.kind);
    return applyToModel(model, op, path);
  }
}

/** Operations that name a model of the app (a missing model then means the state is not known). */
const MODEL_OPERATIONS: ReadonlySet<string> = new Set([
  "AlterModelTable", "AlterModelOptions", "AlterUniqueTogether", "AlterIndexTogether", "AddField", "AlterField", "RemoveField", "RenameField",
  "AddIndex", "AddIndexConcurrently", "RemoveIndex", "RemoveIndexConcurrently", "RenameIndex", "AddConstraint", "AddConstraintNotValid", "RemoveConstraint",
]);

function applyToModel(model: ModelState, op: OperationFact, path: string): boolean {
  switch (op.kind) {
    case "AddField":
    case "AlterField": {
      const name = opString(op, "name");
      const field = opArg(op, "field");
      const f = name && field ? fieldStateOf(name, field) : undefined;
      if (!name || !f) return false;
      const addedIn = op.kind === "AddField" ? path : model.fields.get(name.toLowerCase())?.addedIn;
      model.fields.set(name.toLowerCase(), { ...f, ...(addedIn !== undefined ? { addedIn } : {}) });
      return true;
    }
    case "RemoveField": {
      const name = opString(op, "name");
      if (name) model.fields.delete(name.toLowerCase());
      return name !== undefined;
    }
    case "RenameField": {
      const from = opString(op, "old_name")?.toLowerCase();
      const to = opString(op, "new_name");
      const f = from ? model.fields.get(from) : undefined;
      if (!from || !to || !f) return false;
      model.fields.delete(from);
      model.fields.set(to.toLowerCase(), { ...f, name: to, addedIn: path });
      return true;
    }
    case "AlterModelTable": {
      const table = opArg(op, "table");
      if (table?.t === "str") model.dbTable = table.value;
      else delete model.dbTable;
      return true;
    }
    case "AlterModelOptions":
      // Ordering, verbose names, permissions: none of them changes the table; `managed` decides whether there is one.
      applyManaged(model, opArg(op, "options"));
      return true;
    case "AlterUniqueTogether":
      model.uniqueTogether = togetherOf(opArg(op, "unique_together"));
      return true;
    case "AlterIndexTogether":
      model.indexTogether = togetherOf(opArg(op, "index_together"));
      return true;
    case "AddIndex":
    case "AddIndexConcurrently": {
      const index = indexStateOf(opArg(op, "index"));
      if (index) model.indexes.push(index);
      return index !== undefined;
    }
    case "RemoveIndex":
    case "RemoveIndexConcurrently": {
      const name = opString(op, "name");
      model.indexes = model.indexes.filter((i) => i.name !== name);
      return name !== undefined;
    }
    case "RenameIndex": {
      const newName = opString(op, "new_name");
      const oldName = opString(op, "old_name");
      const index = model.indexes.find((i) => i.name === oldName);
      if (index && newName) index.name = newName;
      return true;
    }
    case "AddConstraint":
    case "AddConstraintNotValid": {
      const c = indexStateOf(opArg(op, "constraint"));
      if (c) model.constraints.push(c);
      return c !== undefined;
    }
    case "RemoveConstraint": {
      const name = opString(op, "name");
      model.constraints = model.constraints.filter((i) => i.name !== name);
      return name !== undefined;
    }
  }
  return true;
}

export function fieldStateOf(name: string, e: Expr): FieldState | undefined {
  if (e.t !== "call") return undefined;
  const fn = e.fn;
  const fieldClass = fn.t === "name" ? fn.dotted.slice(fn.dotted.lastIndexOf(".") + 1) : fn.t === "attr" ? fn.attr : undefined;
  if (!fieldClass) return undefined;
  return { name, fieldClass, ...(fn.t === "name" ? { fieldPath: fn.dotted } : {}), args: e.args, kwargs: e.kwargs, text: e.text };
}

/** `models.Index(fields=[...], name=...)`, `UniqueConstraint(fields=..., name=...)`, `GinIndex(...)`. */
export function indexStateOf(e: Expr | undefined): IndexState | undefined {
  if (e?.t !== "call") return undefined;
  const fn = e.fn;
  const kind = fn.t === "name" ? fn.dotted.slice(fn.dotted.lastIndexOf(".") + 1) : fn.t === "attr" ? fn.attr : "?";
  const fieldsExpr = e.kwargs.get("fields");
  const fields = fieldsExpr?.t === "seq" ? fieldsExpr.items.flatMap((i) => (i.t === "str" ? [i.value] : [])) : [];
  const name = e.kwargs.get("name");
  return { kind, fields, hasCondition: e.kwargs.has("condition"), ...(name?.t === "str" ? { name: name.value } : {}) };
}

function togetherOf(e: Expr | undefined): string[][] {
  if (e?.t !== "seq") return [];
  // `("a", "b")` alone is one set; `{("a", "b"), ...}` is read as "other" and yields nothing.
  if (e.items.every((i) => i.t === "str")) return [e.items.map((i) => (i.t === "str" ? i.value : ""))];
  return e.items.flatMap((i) => (i.t === "seq" ? [i.items.flatMap((s) => (s.t === "str" ? [s.value] : []))] : []));
}

/**
 * CreateModel `options={...}`: the table name and the indexes, constraints and unique/index_together
 * the model is created with, so that a later operation on the same model sees them (an index the
 * table already has, a unique_together replaced by AlterUniqueTogether). Options that are not a dict
 * display (a name, `**kwargs`) are left out: the model then has no recorded indexes, which makes the
 * index rules quieter, never louder.
 */
/** `managed: False` in a model's options: Django creates, alters and drops no table for it. */
function applyManaged(model: ModelState, options: Expr | undefined): void {
  const managed = options?.t === "other" ? options.entries?.get("managed")?.text : undefined;
  if (managed === "False" && model.noTable === undefined) model.noTable = "unmanaged";
  else if (managed === "True" && model.noTable === "unmanaged") delete model.noTable;
}

function applyOptions(model: ModelState, options: Expr | undefined): void {
  const entries = options?.t === "other" ? options.entries : undefined;
  if (!entries) return;
  const table = entries.get("db_table");
  if (table?.t === "str") model.dbTable = table.value;
  if (entries.get("proxy")?.text === "True") model.noTable = "proxy";
  applyManaged(model, options);
  const indexes = entries.get("indexes");
  if (indexes?.t === "seq") model.indexes = indexes.items.flatMap((i) => indexStateOf(i) ?? []);
  const constraints = entries.get("constraints");
  if (constraints?.t === "seq") model.constraints = constraints.items.flatMap((i) => indexStateOf(i) ?? []);
  if (entries.has("unique_together")) model.uniqueTogether = togetherOf(entries.get("unique_together"));
  if (entries.has("index_together")) model.indexTogether = togetherOf(entries.get("index_together"));
}
