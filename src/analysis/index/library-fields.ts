/**
 * Fields that a few well-known library abstract bases add to the models built on them. The index cannot
 * read a library's source, so a model on `django_extensions.db.models.TimeStampedModel` looked like it had
 * no `modified` column, and the bulk-write advice (DJP502) left out a column `save()` sets on every call
 * (rotation set 11, WhoCanIVoteFor PostElection). Only columns with a fixed, documented meaning are listed;
 * a model on such a base stays incomplete when it has other bases the index cannot see.
 */
import type { FieldInfo } from "./types.js";

interface LibraryField {
  name: string;
  fieldClass: string;
  /** The library's field class, as imported. */
  origin: string;
  kwargs: Record<string, string>;
  nullable?: boolean;
}

/** `created` / `modified` as django-extensions declares them: set on insert, and on every save. */
const EXTENSIONS_TIMESTAMPS: LibraryField[] = [
  { name: "created", fieldClass: "CreationDateTimeField", origin: "django_extensions.db.fields.CreationDateTimeField", kwargs: { auto_now_add: "True" } },
  { name: "modified", fieldClass: "ModificationDateTimeField", origin: "django_extensions.db.fields.ModificationDateTimeField", kwargs: { auto_now: "True" } },
];

/** model-utils' AutoCreatedField / AutoLastModifiedField: a default of now, and now again on every save (as auto_now). */
const MODEL_UTILS_TIMESTAMPS: LibraryField[] = [
  { name: "created", fieldClass: "AutoCreatedField", origin: "model_utils.fields.AutoCreatedField", kwargs: { auto_now_add: "True" } },
  { name: "modified", fieldClass: "AutoLastModifiedField", origin: "model_utils.fields.AutoLastModifiedField", kwargs: { auto_now: "True" } },
];

const TITLE: LibraryField = { name: "title", fieldClass: "CharField", origin: "django.db.models.CharField", kwargs: {} };
const DESCRIPTION: LibraryField = { name: "description", fieldClass: "TextField", origin: "django.db.models.TextField", kwargs: { null: "True" }, nullable: true };

const LIBRARY_FIELDS: ReadonlyMap<string, readonly LibraryField[]> = new Map([
  ["django_extensions.db.models.TimeStampedModel", EXTENSIONS_TIMESTAMPS],
  ["django_extensions.db.models.TitleDescriptionModel", [TITLE, DESCRIPTION]],
  [
    "django_extensions.db.models.TitleSlugDescriptionModel",
    [TITLE, { name: "slug", fieldClass: "AutoSlugField", origin: "django_extensions.db.fields.AutoSlugField", kwargs: {} }, DESCRIPTION],
  ],
  ["model_utils.models.TimeStampedModel", MODEL_UTILS_TIMESTAMPS],
  [
    "model_utils.models.StatusModel",
    [
      { name: "status", fieldClass: "StatusField", origin: "model_utils.fields.StatusField", kwargs: {} },
      { name: "status_changed", fieldClass: "MonitorField", origin: "model_utils.fields.MonitorField", kwargs: {} },
    ],
  ],
  [
    "model_utils.models.TimeFramedModel",
    [
      { name: "start", fieldClass: "DateTimeField", origin: "django.db.models.DateTimeField", kwargs: { null: "True" }, nullable: true },
      { name: "end", fieldClass: "DateTimeField", origin: "django.db.models.DateTimeField", kwargs: { null: "True" }, nullable: true },
    ],
  ],
  ["model_utils.models.SoftDeletableModel", [{ name: "is_removed", fieldClass: "BooleanField", origin: "django.db.models.BooleanField", kwargs: {} }]],
  // Django's own abstract user: only its unique key, which tells a filter by username yields one row.
  ["django.contrib.auth.models.AbstractUser", [{ name: "username", fieldClass: "CharField", origin: "django.db.models.CharField", kwargs: { unique: "True" } }]],
]);

/** The fields `base` (a resolved dotted name) adds, as declared on `model` (its path and line): none for a base not listed. */
export function libraryBaseFields(base: string, model: { qualifiedName: string; path: string; line: number }): FieldInfo[] {
  return (LIBRARY_FIELDS.get(base) ?? []).map((f) => ({
    name: f.name,
    fieldClass: f.fieldClass,
    origin: f.origin,
    kind: "concrete",
    kwargs: { ...f.kwargs },
    nullable: f.nullable ?? false,
    declaredOn: base,
    path: model.path,
    line: model.line,
  }));
}
