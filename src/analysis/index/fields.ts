/**
 * Model fields: which class-body assignments are fields (own and copied from abstract bases), and
 * their FieldInfo for a given concrete owner, with relation targets resolved.
 *
 * A field copied from an abstract base is resolved against the model that receives it, as Django
 * does: `"self"` is that model, `"Model"` is looked up in its app, `%(class)s` is its name.
 */
import type { ProjectClass } from "./ancestry.js";
import type { FieldCall } from "./classify.js";
import { isGetUserModel, isSettingsAuthUserModel } from "./django-names.js";
import type { Expr } from "./expr.js";
import type { ClassAttr, ModuleFacts } from "./facts.js";
import type { IndexContext } from "./context.js";
import type { FieldInfo, ModelRef } from "./types.js";

export interface FieldSpec {
  attr: ClassAttr;
  call: Extract<Expr, { t: "call" }>;
  field: FieldCall;
  /** The class whose body declares the field. */
  declaredOn: string;
  mod: ModuleFacts;
}

/** The model a field is being created for. */
export interface FieldOwner {
  qualifiedName: string;
  name: string;
  appLabel: string;
}

export interface MaterialisedField {
  info: FieldInfo;
  /** An m2m written as `ManyToManyField("self")`: symmetrical by default, so it has no reverse accessor. */
  symmetricalSelf: boolean;
}

const RELATION_KINDS = new Set(["fk", "o2o", "m2m", "generic-relation"]);

/** Own fields of a class body; `name = None` entries remove an inherited field (Django ≥ 1.10). */
export function ownFieldSpecs(ctx: IndexContext, pc: ProjectClass): { specs: FieldSpec[]; removed: Set<string> } {
  const byName = new Map<string, FieldSpec>();
  const removed = new Set<string>();
  for (const attr of pc.cls.attrs) {
    if (attr.value.t === "none") {
      removed.add(attr.name);
      byName.delete(attr.name);
      continue;
    }
    const field = attr.value.t === "call" ? ctx.classifier.fieldCall(pc.mod, attr.value) : undefined;
    if (!field || attr.value.t !== "call") continue;
    // A later assignment of the same name replaces the earlier one, as in Python.
    byName.delete(attr.name);
    byName.set(attr.name, { attr, call: attr.value, field, declaredOn: pc.qn, mod: pc.mod });
    removed.delete(attr.name);
  }
  return { specs: [...byName.values()], removed };
}

export function materialiseField(ctx: IndexContext, spec: FieldSpec, owner: FieldOwner): MaterialisedField {
  const kwargs: Record<string, string> = {};
  for (const [k, v] of spec.call.kwargs) kwargs[k] = v.text;
  // What the field's own class fixes in its `__init__` wins over what the model writes.
  Object.assign(kwargs, fixedKwargs(ctx, spec.field.projectClass));
  const { kind } = spec.field;
  const targetExpr = spec.call.kwargs.get("to") ?? spec.call.args[0];
  const info: FieldInfo = {
    name: spec.attr.name,
    fieldClass: spec.field.fieldClass,
    ...(spec.field.origin !== undefined ? { origin: spec.field.origin } : {}),
    kind,
    kwargs,
    nullable: kwargs.null === "True",
    declaredOn: spec.declaredOn,
    path: spec.mod.path,
    line: spec.attr.line,
  };
  if (RELATION_KINDS.has(kind)) {
    // No target written (a field subclass that fixes it, TaggableManager): nothing to resolve.
    info.target = targetExpr ? resolveTarget(ctx, targetExpr, spec.mod, owner) : { resolved: false, raw: "" };
  }
  const relatedName = spec.call.kwargs.get("related_name");
  if (relatedName?.t === "str") info.relatedName = expandNameTemplate(relatedName.value, owner);
  const symmetrical = spec.call.kwargs.get("symmetrical")?.text;
  const symmetricalSelf = kind === "m2m" && targetExpr?.t === "str" && targetExpr.value === "self" && symmetrical !== "False";
  return { info, symmetricalSelf };
}

/** The literal keywords the nearest project field class along the MRO passes to its Django base's `__init__`. */
function fixedKwargs(ctx: IndexContext, projectClass: string | undefined): Record<string, string> | undefined {
  if (projectClass === undefined) return undefined;
  for (const qn of ctx.classifier.hierarchy.mro(projectClass)) {
    const fixed = ctx.classifier.hierarchy.get(qn)?.cls.superInitKwargs;
    if (fixed) return fixed;
  }
  return undefined;
}

/**
 * `%(class)s` / `%(model_name)s` → lowercased model name, `%(app_label)s` → lowercased app label, as
 * Django expands related names and index / constraint names inherited from abstract bases.
 */
export function expandNameTemplate(value: string, owner: Pick<FieldOwner, "name" | "appLabel">): string {
  return value
    .replaceAll("%(class)s", owner.name.toLowerCase())
    .replaceAll("%(model_name)s", owner.name.toLowerCase())
    .replaceAll("%(app_label)s", owner.appLabel.toLowerCase());
}

const MAX_TARGET_DEPTH = 6;

export function resolveTarget(ctx: IndexContext, expr: Expr, mod: ModuleFacts, owner: FieldOwner, depth = 0): ModelRef {
  const unresolved: ModelRef = { resolved: false, raw: expr.t === "str" ? expr.value : expr.text };
  if (depth > MAX_TARGET_DEPTH) return unresolved;
  const found = (qn: string | undefined): ModelRef => (qn ? { resolved: true, model: qn } : unresolved);
  switch (expr.t) {
    case "str": {
      if (expr.value === "self") return found(owner.qualifiedName);
      const parts = expr.value.split(".");
      if (parts.length === 1) return found(ctx.labels.resolveIn(owner.appLabel, expr.value));
      return found(ctx.labels.resolve(expr.value, mod.module));
    }
    case "name": {
      const r = ctx.symbols.resolveIn(mod, expr.dotted);
      if (r?.kind === "class") return found(ctx.classifier.model(r.qn).isModel ? r.qn : undefined);
      if (r?.kind === "value") {
        const ref = resolveTarget(ctx, r.expr, r.mod, owner, depth + 1);
        return ref.resolved ? ref : unresolved;
      }
      if (r?.kind === "external" && isSettingsAuthUserModel(r.dotted)) return authUser(ctx, unresolved);
      return unresolved;
    }
    case "call": {
      if (expr.fn.t !== "name") return unresolved;
      const r = ctx.symbols.resolveIn(mod, expr.fn.dotted);
      return r?.kind === "external" && isGetUserModel(r.dotted) ? authUser(ctx, unresolved) : unresolved;
    }
    default:
      return unresolved;
  }
}

/** settings.AUTH_USER_MODEL / get_user_model(): the project's literal setting, or Django's `auth.User` when none is set. */
function authUser(ctx: IndexContext, unresolved: ModelRef): ModelRef {
  const qn = ctx.userModel ? ctx.labels.resolve(ctx.userModel, "") : undefined;
  return qn ? { resolved: true, model: qn } : unresolved;
}
