/**
 * A view whose list is cut down to named keys (rotation set 8): every list return of its `get_queryset`,
 * or of one of its filter backends' `filter_queryset`, filters by a unique key of the listed model
 * (`filter(username=name)`, `filter(pk=self.request.user.pk)`, `filter(user__username=...)` through a
 * one-to-one) and holds at most one row, or takes `__in` a unique key (`filter(user__username__in=names)`)
 * and holds the rows the request names. Read from the pinned lookups (pinned-keys.ts) and the model's
 * unique keys (uniqueness.ts).
 */
import type { IndexContext } from "../context.js";
import type { FieldInfo, ModelInfo } from "../types.js";
import { isGetUserModel, isSettingsAuthUserModel } from "../django-names.js";
import type { ViewInfo } from "./types.js";
import { pinnedField, uniqueFieldSets } from "../../django/uniqueness.js";

/** Django's user models: `username` is unique on them (AbstractUser declares it `unique=True`). */
const DJANGO_USERS = new Set(["django.contrib.auth.models.AbstractUser", "django.contrib.auth.models.User"]);
const MAX_HOPS = 3;

export interface PinnedBound {
  /** `row`: at most one row; `keys`: the rows the request names. */
  kind: "row" | "keys";
  /** The lookups that pin, as written. */
  lookups: string[];
  /** Where: `get_queryset` or the filter backend's class name. */
  where: string;
}

/**
 * `model` undefined: the rows' model is not known (`get_user_model()` with Django's own user, a model
 * from a package); only the primary key (`pk`, `id`: Django allows a field named `id` only as the
 * primary key) is then known to be unique.
 */
export function pinnedBound(ctx: IndexContext, mro: readonly string[], attrs: ViewInfo["attrs"], model: ModelInfo | undefined, models: ReadonlyMap<string, ModelInfo>): PinnedBound | undefined {
  const found: PinnedBound[] = [];
  const definer = mro.find((c) => ctx.hierarchy.get(c)?.cls.querysetBody);
  const own = definer ? ctx.hierarchy.get(definer)?.cls.querysetBody?.pins : undefined;
  const fromBody = own ? classify(ctx, own, model, models) : undefined;
  if (fromBody) found.push({ ...fromBody, where: "`get_queryset`" });
  for (const backend of filterBackends(ctx, attrs)) {
    const pins = ctx.hierarchy.mro(backend).map((c) => ctx.hierarchy.get(c)?.cls).find((cls) => cls?.methods.includes("filter_queryset"))?.filterPins;
    const bound = pins ? classify(ctx, pins, model, models) : undefined;
    if (bound) found.push({ ...bound, where: `the filter backend \`${backend.slice(backend.lastIndexOf(".") + 1)}\`` });
  }
  return found.find((b) => b.kind === "row") ?? found[0];
}

/** Project classes named in the view's `filter_backends`. */
export function filterBackends(ctx: IndexContext, attrs: ViewInfo["attrs"]): string[] {
  const attr = attrs.get("filter_backends");
  const mod = attr ? ctx.hierarchy.get(attr.classQn)?.mod : undefined;
  if (attr?.value.t !== "seq" || !mod) return [];
  return attr.value.items.flatMap((item) => {
    const r = item.t === "name" ? ctx.symbols.resolveIn(mod, item.dotted) : undefined;
    return r?.kind === "class" ? [r.qn] : [];
  });
}

/** Every way the list is built pins a key (`row`), or at least takes `__in` one (`keys`). */
function classify(ctx: IndexContext, pins: readonly string[][], model: ModelInfo | undefined, models: ReadonlyMap<string, ModelInfo>): Omit<PinnedBound, "where"> | undefined {
  let kind: PinnedBound["kind"] = "row";
  const named = new Set<string>();
  for (const lookups of pins) {
    const one = lookups.find((l) => pinsOne(ctx, l, model, models)) ?? (model && pinsUniqueTogether(model, lookups) ? lookups.join(", ") : undefined);
    const many = one === undefined ? lookups.find((l) => l.endsWith("__in") && pinsOne(ctx, l.slice(0, -"__in".length), model, models)) : undefined;
    if (one === undefined && many === undefined) return undefined;
    if (one === undefined) kind = "keys";
    named.add(one ?? many ?? "");
  }
  return { kind, lookups: [...named] };
}

/** `pk`, `username`, `user__username` (through a one-to-one), with `__exact` / `__iexact`: one row at most. */
function pinsOne(ctx: IndexContext, lookup: string, model: ModelInfo | undefined, models: ReadonlyMap<string, ModelInfo>): boolean {
  const parts = lookup.split("__");
  if (parts.length > 1 && (parts[parts.length - 1] === "exact" || parts[parts.length - 1] === "iexact")) parts.pop();
  if (!model) return parts.length === 1 && (parts[0] === "pk" || parts[0] === "id");
  if (parts.length === 0 || parts.length > MAX_HOPS) return false;
  let current: ModelInfo | undefined = model;
  for (const [i, part] of parts.entries()) {
    if (!current) return false;
    const field = fieldNamed(current, part);
    if (i === parts.length - 1) return field !== undefined && uniqueOn(ctx, current, field);
    // A hop keeps "one row" only through a field unique on this side (a one-to-one, a unique key).
    const info = field ? current.fields.get(field) : undefined;
    if (!field || !info?.target || !uniqueOn(ctx, current, field)) return false;
    // Django's own user model is not in the project: its `username` and primary key are unique.
    if (!info.target.resolved) return i === parts.length - 2 && isDjangoUser(ctx, info) && ["username", "pk", "id"].includes(parts[i + 1] ?? "");
    current = models.get(info.target.model);
  }
  return false;
}

/** A relation to Django's own user model: `User` imported from Django, `get_user_model()` or `AUTH_USER_MODEL` with no custom user. */
function isDjangoUser(ctx: IndexContext, field: FieldInfo): boolean {
  if (field.target?.resolved !== false) return false;
  const raw = field.target.raw;
  if (/^auth\.User$/.test(raw)) return ctx.authUserModel === undefined;
  const mod = ctx.symbols.classByQn(field.declaredOn)?.mod;
  const r = mod ? ctx.symbols.resolveIn(mod, raw) : undefined;
  if (r?.kind === "external") return DJANGO_USERS.has(r.dotted) || (isSettingsAuthUserModel(r.dotted) && ctx.authUserModel === undefined);
  if (r?.kind !== "value" || r.expr.t !== "call" || r.expr.fn.t !== "name" || ctx.authUserModel !== undefined) return false;
  const fn = ctx.symbols.resolveIn(r.mod, r.expr.fn.dotted);
  return fn?.kind === "external" && isGetUserModel(fn.dotted);
}

/**
 * The field a lookup part names: `pk`, a field, or a foreign key's attname (`customer_id`), as uniqueness.ts
 * reads them; also `id` and `username` when the model does not declare them (Django's implicit key, the
 * user's inherited column).
 */
function fieldNamed(model: ModelInfo, part: string): string | undefined {
  if (part.includes("__")) return undefined;
  if (!model.fields.has(part) && (part === "id" || part === "username")) return part;
  return pinnedField(model, part);
}

function uniqueOn(ctx: IndexContext, model: ModelInfo, field: string): boolean {
  return [...uniqueFieldSets(model), ...inheritedUniqueKeys(ctx, model)].some((set) => set.length === 1 && set[0] === field);
}

/** Every field of a unique constraint compared by equality in one filter (single fields are pinsOne's). */
function pinsUniqueTogether(model: ModelInfo, lookups: readonly string[]): boolean {
  const pinned = new Set(lookups.map((l) => l.replace(/__i?exact$/, "")).map((l) => fieldNamed(model, l) ?? l));
  return uniqueFieldSets(model).some((set) => set.length > 1 && set.every((f) => pinned.has(f)));
}

/** Unique keys a model inherits from Django's own classes, which the index does not read: the user's `username`. */
function inheritedUniqueKeys(ctx: IndexContext, model: ModelInfo): string[][] {
  const reachesUser = ctx.hierarchy.leafBases(model.qualifiedName).some((b) => b.kind === "external" && DJANGO_USERS.has(b.dotted));
  if (!reachesUser || model.fields.has("username")) return [];
  // `username = None` in a project class removes the field (an e-mail login).
  const removed = ctx.hierarchy.mro(model.qualifiedName).some((c) => ctx.hierarchy.get(c)?.cls.attrs.some((a) => a.name === "username"));
  return removed ? [] : [["username"]];
}
