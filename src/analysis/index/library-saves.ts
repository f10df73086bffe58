/**
 * What the save() of a few well-known library model bases does beyond the INSERT / UPDATE. The index
 * cannot read a library's source: a model built on helusers' AbstractUser looked like it had no save()
 * override, and DJP501 advised bulk_create for it, which skips the save() that sets the unique uuid and
 * username (rotation set 14, a command creating one user per customer profile). Only bases whose save()
 * is documented and stable are listed, with what it does; `SAVE_NEUTRAL` lists library bases whose save()
 * (if any) does nothing a bulk write would lose. Any other library base is code the index cannot see.
 */

/** Library base (resolved dotted name) → what its save() does, as a clause ("sets uuid and username"). */
const LIBRARY_SAVES: ReadonlyMap<string, string> = new Map([
  ["helusers.models.AbstractUser", "sets the unique uuid and the username made from it (through clean())"],
  ["polymorphic.models.PolymorphicModel", "sets polymorphic_ctype, which polymorphic queries read"],
  ["mptt.models.MPTTModel", "places the row in the tree (lft, rght, tree_id, level)"],
  ["ordered_model.models.OrderedModel", "gives the row the next order number"],
  ["ordered_model.models.OrderedModelBase", "gives the row the next order number"],
  ["parler.models.TranslatableModel", "saves the row's translations"],
  ["parler.models.TranslatableModelMixin", "saves the row's translations"],
  ["django_lifecycle.LifecycleModel", "runs the model's lifecycle hooks"],
  ["django_lifecycle.models.LifecycleModel", "runs the model's lifecycle hooks"],
  ["django_lifecycle.LifecycleModelMixin", "runs the model's lifecycle hooks"],
  ["django_lifecycle.mixins.LifecycleModelMixin", "runs the model's lifecycle hooks"],
  ["taggit.models.TagBase", "makes the slug from the name"],
  ["django_extensions.db.models.ActivatorModel", "sets activate_date"],
  ["solo.models.SingletonModel", "pins the primary key to the singleton's"],
]);

/**
 * Library bases whose save() adds nothing a bulk write loses: Django's own user bases (AbstractBaseUser's
 * save() only tells password validators about a password set with set_password), the timestamp and status
 * bases of django-extensions and model-utils (their fields' pre_save runs in bulk_create too).
 */
const SAVE_NEUTRAL: ReadonlySet<string> = new Set([
  "django.contrib.auth.models.AbstractUser",
  "django.contrib.auth.models.AbstractBaseUser",
  "django.contrib.auth.base_user.AbstractBaseUser",
  "django.contrib.auth.models.PermissionsMixin",
  "django_extensions.db.models.TimeStampedModel",
  "django_extensions.db.models.TitleDescriptionModel",
  "django_extensions.db.models.TitleSlugDescriptionModel",
  "model_utils.models.TimeStampedModel",
  "model_utils.models.StatusModel",
  "model_utils.models.TimeFramedModel",
  "model_utils.models.SoftDeletableModel",
  "model_utils.models.UUIDModel",
]);

/** What the library base's save() does, when it is a listed one. */
export function librarySaveOf(base: string): string | undefined {
  return LIBRARY_SAVES.get(base);
}

/** A library base whose save() the index can say nothing about (neither listed as saving more nor as neutral). */
export function isUnseenSaveBase(base: string): boolean {
  return !LIBRARY_SAVES.has(base) && !SAVE_NEUTRAL.has(base);
}
