/**
 * Django's own models that projects use without defining them: `auth.User`, `auth.Group`,
 * `auth.Permission` and `contenttypes.ContentType`. A project on the default user model loops over users
 * and their profiles (`user.profile`, `user.groups`) as often as over its own rows, and without these the
 * index knew neither the model nor the reverse accessors the project's foreign keys add to it.
 *
 * They are described here as small Python modules (djperf's own summary of the columns, relations and
 * managers Django declares, not Django's source) and read by the same extractor as project files, so
 * every rule sees them as ordinary models. They are marked `builtin`: name resolution never matches them
 * by suffix, a name they do not declare (`AbstractUser`, `UserManager`) stays a library name, and
 * per-model advice that would need a migration of Django's own tables (the index advisor) skips them.
 * A project that ships a module of the same name (a vendored Django) keeps its own.
 */
import type { SourceText } from "../source-file.js";
import type { ProjectIndex } from "./types.js";

const AUTH_MODELS = `
from django.db import models


class Permission(models.Model):
    name = models.CharField(max_length=255)
    content_type = models.ForeignKey("contenttypes.ContentType", models.CASCADE)
    codename = models.CharField(max_length=100)

    class Meta:
        unique_together = [["content_type", "codename"]]
        ordering = ["content_type__app_label", "content_type__model", "codename"]


class Group(models.Model):
    name = models.CharField(max_length=150, unique=True)
    permissions = models.ManyToManyField(Permission, blank=True)


class User(models.Model):
    password = models.CharField(max_length=128)
    last_login = models.DateTimeField(blank=True, null=True)
    is_superuser = models.BooleanField(default=False)
    groups = models.ManyToManyField(Group, blank=True, related_name="user_set", related_query_name="user")
    user_permissions = models.ManyToManyField(Permission, blank=True, related_name="user_set", related_query_name="user")
    username = models.CharField(max_length=150, unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField()
`;

const CONTENTTYPES_MODELS = `
from django.db import models


class ContentType(models.Model):
    app_label = models.CharField(max_length=100)
    model = models.CharField(max_length=100)

    class Meta:
        unique_together = [["app_label", "model"]]
`;

/** The modules, as sources the index reads like project files. */
export const BUILTIN_MODEL_SOURCES: readonly SourceText[] = [
  { path: "django/contrib/auth/models.py", text: AUTH_MODELS },
  { path: "django/contrib/contenttypes/models.py", text: CONTENTTYPES_MODELS },
];

/** How many models the project itself declares (Django's own left out). */
export function projectModelCount(index: Pick<ProjectIndex, "models">): number {
  let n = 0;
  for (const model of index.models.values()) if (!model.builtin) n++;
  return n;
}
