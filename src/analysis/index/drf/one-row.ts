/**
 * A view whose `get_queryset` always pins a unique key of the listed model (`filter(username=name)`,
 * `filter(pk=self.request.user.pk)`) lists at most one row: paging or sorting it costs nothing
 * (rotation set 8, pinry's user search by exact username). Read from the nearest `get_queryset`'s
 * equality lookups (pinned-keys.ts) and the model's unique keys (uniqueness.ts).
 */
import type { IndexContext } from "../context.js";
import type { ModelInfo } from "../types.js";
import { pinnedField, uniqueFieldSets } from "../../django/uniqueness.js";

/** Django's user models: `username` is unique on them (AbstractUser declares it `unique=True`). */
const DJANGO_USERS = new Set(["django.contrib.auth.models.AbstractUser", "django.contrib.auth.models.User"]);

/** The lookups one of which names a unique key in every way the list is built, or undefined. */
export function pinnedUniqueKeys(ctx: IndexContext, mro: readonly string[], model: ModelInfo): string[] | undefined {
  const definer = mro.find((c) => ctx.hierarchy.get(c)?.cls.querysetBody);
  const pins = definer ? ctx.hierarchy.get(definer)?.cls.querysetBody?.pins : undefined;
  if (!pins) return undefined;
  const sets = [...uniqueFieldSets(model), ...inheritedUniqueKeys(ctx, model)];
  const named = new Set<string>();
  for (const lookups of pins) {
    const pinned = new Map<string, string>();
    for (const lookup of lookups) {
      const field = pinnedField(model, lookup) ?? (sets.some((s) => s.length === 1 && s[0] === lookup) ? lookup : undefined);
      if (field) pinned.set(field, lookup);
    }
    const set = sets.find((s) => s.every((f) => pinned.has(f)));
    if (!set) return undefined;
    for (const f of set) named.add(pinned.get(f) ?? f);
  }
  return [...named];
}

/** Unique keys a model inherits from Django's own classes, which the index does not read: the user's `username`. */
function inheritedUniqueKeys(ctx: IndexContext, model: ModelInfo): string[][] {
  const reachesUser = ctx.hierarchy.leafBases(model.qualifiedName).some((b) => b.kind === "external" && DJANGO_USERS.has(b.dotted));
  if (!reachesUser || model.fields.has("username")) return [];
  // `username = None` in a project class removes the field (an e-mail login).
  const removed = ctx.hierarchy.mro(model.qualifiedName).some((c) => ctx.hierarchy.get(c)?.cls.attrs.some((a) => a.name === "username"));
  return removed ? [] : [["username"]];
}
