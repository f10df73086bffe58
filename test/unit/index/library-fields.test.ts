/** The columns a few well-known library abstract bases add (index/library-fields.ts). */
import { describe, expect, it } from "vitest";
import { indexFiles, py } from "./inline-project.js";

describe("library base fields", () => {
  it("adds django-extensions' and model-utils' created / modified, through an abstract project base too", async () => {
    const index = await indexFiles({
      "app/models.py": py`
        from django.db import models
        from django_extensions.db.models import TimeStampedModel
        from model_utils import models as mu

        class Base(TimeStampedModel):
            class Meta:
                abstract = True

        class Ballot(Base):
            modified = models.DateTimeField(null=True)

        class Pledge(mu.TimeStampedModel):
            text = models.TextField()
      `,
    });
    const ballot = index.models.get("app.models.Ballot");
    expect(ballot?.fields.get("created")?.kwargs.auto_now_add).toBe("True");
    // The project's own declaration wins over the library's.
    expect(ballot?.fields.get("modified")?.kwargs.auto_now).toBeUndefined();
    expect(index.models.get("app.models.Pledge")?.fields.get("modified")?.kwargs.auto_now).toBe("True");
  });

  it("knows AbstractUser's unique username, unless the project removes it", async () => {
    const index = await indexFiles({
      "accounts/models.py": py`
        from django.contrib.auth.models import AbstractUser
        from django.db import models

        class User(AbstractUser):
            pass

        class EmailUser(AbstractUser):
            username = None
            email = models.EmailField(unique=True)
      `,
    });
    expect(index.models.get("accounts.models.User")?.fields.get("username")?.kwargs.unique).toBe("True");
    expect(index.models.get("accounts.models.EmailUser")?.fields.has("username")).toBe(false);
  });
});
