/** Django's own models (auth.User, Group, Permission, ContentType) as the index describes them. */
import { describe, expect, it } from "vitest";
import { describeField } from "../../../src/analysis/index/summary.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexFiles, py } from "./inline-project.js";

const USER = "django.contrib.auth.models.User";

function target(index: ProjectIndex, qn: string, field: string): string | undefined {
  const f = index.models.get(qn)?.fields.get(field);
  return f ? describeField(f, qn) : undefined;
}

const NOTES = py`
  from django.conf import settings
  from django.contrib.auth import get_user_model
  from django.db import models

  class Note(models.Model):
      author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
      reader = models.OneToOneField(get_user_model(), on_delete=models.CASCADE)
`;

describe("Django's own models", () => {
  it("stand for settings.AUTH_USER_MODEL and get_user_model() when the settings leave the user model unset", async () => {
    const index = await indexFiles({ "config/settings.py": 'DEBUG = False\n', "notes/models.py": NOTES });
    expect(index.userModel).toBe("auth.User");
    expect(target(index, "notes.models.Note", "author")).toBe(`fk ForeignKey -> ${USER} related_name=notes`);
    const user = index.models.get(USER);
    expect(user?.builtin).toBe(true);
    expect(user?.complete).toBe(true);
    // The project's keys add reverse accessors to Django's user; Django's own relations are there too.
    expect([...(user?.reverse.keys() ?? [])].sort()).toEqual(["note", "notes"]);
    expect(target(index, USER, "groups")).toMatch(/^m2m ManyToManyField -> django\.contrib\.auth\.models\.Group/);
    expect(index.models.get("django.contrib.auth.models.Group")?.reverse.get("user_set")?.fromModel).toBe(USER);
    expect(target(index, "django.contrib.auth.models.Permission", "content_type")).toBe("fk ForeignKey -> django.contrib.contenttypes.models.ContentType");
  });

  it("leave settings.AUTH_USER_MODEL unknown when it is not a literal, or when no settings module is in sight", async () => {
    const envDriven = await indexFiles({ "config/settings.py": 'import os\nAUTH_USER_MODEL = os.environ["USER_MODEL"]\n', "notes/models.py": NOTES });
    expect(envDriven.userModel).toBeUndefined();
    expect(target(envDriven, "notes.models.Note", "author")).toMatch(/-> \?/);
    const noSettings = await indexFiles({ "notes/models.py": NOTES });
    expect(target(noSettings, "notes.models.Note", "author")).toMatch(/-> \?/);
  });

  it("keep other names of django.contrib.auth.models the library's, and a project's own auth app found by suffix", async () => {
    const index = await indexFiles({
      "src/accounts/models.py": py`
        from django.contrib.auth.models import AbstractUser, User

        class Member(AbstractUser):
            pass

        class Staff(User):
            class Meta:
                proxy = True
      `,
      "src/crew/models.py": py`
        from django.contrib.auth import models as auth_models

        class Crew(auth_models.AbstractUser):
            pass
      `,
      "src/auth/models.py": "from django.db import models\n\nclass Token(models.Model):\n    key = models.CharField(max_length=40)\n",
      "src/tokens/models.py": py`
        from django.db import models
        from auth.models import Token

        class Grant(models.Model):
            token = models.ForeignKey(Token, on_delete=models.CASCADE)
      `,
    });
    // AbstractUser is not described: the custom user keeps unknown library columns, as before.
    expect(index.models.get("src.accounts.models.Member")?.complete).toBe(false);
    // The same through the module: `auth_models.AbstractUser`.
    expect(index.models.get("src.crew.models.Crew")?.complete).toBe(false);
    // A proxy of Django's user is a complete model with the user's columns.
    expect(index.models.get("src.accounts.models.Staff")?.fields.has("username")).toBe(true);
    expect(target(index, "src.tokens.models.Grant", "token")).toBe("fk ForeignKey -> src.auth.models.Token");
  });

  it("give no index advice on Django's own tables", async () => {
    const index = await indexFiles({
      "config/settings.py": "DEBUG = False\n",
      "shop/views.py": py`
        from django.contrib.auth.models import User

        def a(request):
            return User.objects.filter(email=request.GET["e"]).first()

        def b(request):
            return User.objects.filter(email=request.GET["e"]).exists()

        def c(request):
            return User.objects.filter(email=request.GET["e"]).count()

        def d(request):
            return User.objects.get(email=request.GET["e"])
      `,
    });
    expect(index.lookups.advice(USER)).toEqual([]);
  });
});
