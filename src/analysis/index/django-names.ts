/**
 * What the index knows about names outside the project: Django's own classes and the third-party
 * model bases common enough to recognise. Inputs are resolved dotted names (`django.db.models.Model`).
 */
import type { FieldKind } from "./types.js";

const DJANGO_MODEL = new Set([
  "django.db.models.Model",
  "django.db.models.base.Model",
  "django.contrib.gis.db.models.Model",
]);

/** auto_prefetch.Model is a thin models.Model subclass with no fields: the model stays fully known. */
export function isAutoPrefetchModel(dotted: string): boolean {
  return dotted === "auto_prefetch.Model";
}

export function isDjangoModel(dotted: string): boolean {
  return DJANGO_MODEL.has(dotted) || isAutoPrefetchModel(dotted);
}

/** Library model bases by name; their fields (and managers, save()) are not visible to the index. */
const THIRD_PARTY_MODEL_NAMES = new Set([
  "AbstractUser",
  "AbstractBaseUser",
  "PermissionsMixin",
  "MP_Node",
  "NS_Node",
  "AL_Node",
  "Page",
  "TagBase",
  "TaggedItemBase",
  "GenericTaggedItemBase",
  "CMSPlugin",
]);

export function isThirdPartyModel(dotted: string): boolean {
  const parts = dotted.split(".");
  const name = parts[parts.length - 1] ?? "";
  const module = parts.slice(0, -1);
  if (module.length === 0) return false;
  if (dotted.startsWith("django.contrib.auth.") && THIRD_PARTY_MODEL_NAMES.has(name)) return true;
  // A class a library exports from its `models` module and that a project subclasses is a model
  // (django_celery_beat.models.PeriodicTask); django.db.models also exports TextChoices and friends.
  if (module[module.length - 1] === "models" && !dotted.startsWith("django.db.")) return true;
  if (module.includes("models") && (name.endsWith("Model") || THIRD_PARTY_MODEL_NAMES.has(name))) return true;
  return /^(treebeard|wagtail|cms|taggit)\./.test(dotted) && THIRD_PARTY_MODEL_NAMES.has(name);
}

/** Bases that add no fields, methods or managers a model would care about. */
export function isHarmlessBase(dotted: string): boolean {
  return (
    dotted === "builtins.object" ||
    dotted === "abc.ABC" ||
    dotted.startsWith("typing.") ||
    dotted.startsWith("typing_extensions.")
  );
}

export function isManagerBase(dotted: string): boolean {
  return /(^|\.)(Base)?Manager$/.test(dotted) && !isFieldLikeManager(dotted);
}

export function isQuerySetBase(dotted: string): boolean {
  return /(^|\.)QuerySet$/.test(dotted);
}

/** django-taggit's manager is a relation field (an m2m through its tagged-item model), not a manager. */
function isFieldLikeManager(dotted: string): boolean {
  return /(^|\.)TaggableManager$/.test(dotted);
}

const FIELD_KINDS: Record<string, FieldKind> = {
  ForeignKey: "fk",
  ParentalKey: "fk",
  OneToOneField: "o2o",
  ManyToManyField: "m2m",
  TaggableManager: "m2m",
  GenericForeignKey: "generic-fk",
  GenericRelation: "generic-relation",
};

/** Kind of a field class by its name: Django's, plus subclasses named like them (TreeForeignKey, …). */
export function fieldKindByName(name: string): FieldKind | undefined {
  const exact = FIELD_KINDS[name];
  if (exact) return exact;
  if (name.endsWith("ForeignKey")) return "fk";
  if (name.endsWith("OneToOneField")) return "o2o";
  if (name.endsWith("ManyToManyField")) return "m2m";
  if (name.endsWith("Field")) return "concrete";
  return undefined;
}

export function isSettingsAuthUserModel(dotted: string): boolean {
  return dotted === "django.conf.settings.AUTH_USER_MODEL";
}

export function isGetUserModel(dotted: string): boolean {
  return dotted === "django.contrib.auth.get_user_model";
}

/**
 * Meta options that only a Django model's Meta has: a telling sign when a base cannot be resolved.
 * Not `abstract`: graphene types and factory_boy factories use it too.
 */
export const MODEL_META_OPTIONS = new Set([
  "proxy",
  "db_table",
  "ordering",
  "indexes",
  "constraints",
  "unique_together",
  "index_together",
  "app_label",
  "verbose_name_plural",
  "get_latest_by",
  "managed",
]);
