/** Focused cases of name and target resolution across modules. */
import { describe, expect, it } from "vitest";
import { describeField } from "../../../src/analysis/index/summary.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexFiles, py } from "./inline-project.js";

function fields(index: ProjectIndex, qn: string): Record<string, string> {
  const model = index.models.get(qn);
  if (!model) throw new Error(`no model ${qn}`);
  return Object.fromEntries([...model.fields].map(([name, f]) => [name, describeField(f, qn)]));
}

const SHOP = py`
  from django.db import models

  class Customer(models.Model):
      name = models.CharField(max_length=10)
`;

describe("relation targets", () => {
  it("resolves get_user_model(), a module alias of it, and settings.AUTH_USER_MODEL from settings/", async () => {
    const index = await indexFiles({
      "config/settings/base.py": 'AUTH_USER_MODEL = "people.Person"\n',
      "people/models.py": "from django.db import models\n\nclass Person(models.Model):\n    pass\n",
      "notes/models.py": py`
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.db import models

        User = get_user_model()

        class Note(models.Model):
            author = models.ForeignKey(get_user_model(), on_delete=models.CASCADE)
            editor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="edited_notes")
            reader = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="read_notes")
      `,
    });
    expect(index.authUserModel).toBe("people.Person");
    expect(fields(index, "notes.models.Note")).toEqual({
      id: "concrete AutoField auto",
      author: "fk ForeignKey -> people.models.Person",
      editor: "fk ForeignKey -> people.models.Person related_name=edited_notes",
      reader: "m2m ManyToManyField -> people.models.Person related_name=read_notes",
    });
    expect([...(index.models.get("people.models.Person")?.reverse.keys() ?? [])]).toEqual([
      "note_set",
      "edited_notes",
      "read_notes",
    ]);
  });

  it("resolves imported classes, relative imports and the to= keyword", async () => {
    const index = await indexFiles({
      "shop/models/__init__.py": "from .customers import Customer\n",
      "shop/models/customers.py": SHOP,
      "shop/models/orders.py": py`
        from django.db import models as m
        from .customers import Customer

        class Order(m.Model):
            customer = m.ForeignKey(to=Customer, on_delete=m.CASCADE)
      `,
      "crm/models.py": py`
        from django.db.models import CASCADE, ForeignKey, Model
        from shop.models import Customer

        class Lead(Model):
            customer = ForeignKey(Customer, on_delete=CASCADE)
            owner = ForeignKey("auth.User", on_delete=CASCADE)
      `,
    });
    expect(fields(index, "shop.models.orders.Order").customer).toBe("fk ForeignKey -> shop.models.customers.Customer");
    expect(fields(index, "crm.models.Lead")).toEqual({
      id: "concrete AutoField auto",
      customer: "fk ForeignKey -> shop.models.customers.Customer",
      owner: "fk ForeignKey -> django.contrib.auth.models.User",
    });
    expect(index.resolveModelLabel("shop.Customer", "")).toBe("shop.models.customers.Customer");
  });

  it("does not invent a reverse accessor for a non-literal related_name", async () => {
    const index = await indexFiles({
      "shop/models.py":
        SHOP +
        py`
        NAME = "orders"

        class Order(models.Model):
            customer = models.ForeignKey(Customer, related_name=NAME, on_delete=models.CASCADE)
      `,
    });
    const order = index.models.get("shop.models.Order");
    expect(order?.fields.get("customer")?.relatedName).toBeUndefined();
    expect(order?.fields.get("customer")?.kwargs.related_name).toBe("NAME");
    expect(index.models.get("shop.models.Customer")?.reverse.size).toBe(0);
  });

  it("knows project field subclasses by the Django field they extend", async () => {
    const index = await indexFiles({
      "core/fields.py": py`
        from django.db import models

        class MoneyField(models.DecimalField):
            pass

        class OwnerKey(models.ForeignKey):
            pass
      `,
      "shop/models.py":
        SHOP +
        py`
        from core.fields import MoneyField, OwnerKey

        class Invoice(models.Model):
            amount = MoneyField(max_digits=10, decimal_places=2)
            customer = OwnerKey(Customer, on_delete=models.CASCADE)
      `,
    });
    expect(fields(index, "shop.models.Invoice")).toEqual({
      id: "concrete AutoField auto",
      amount: "concrete MoneyField",
      customer: "fk OwnerKey -> shop.models.Customer",
    });
    expect(index.models.has("core.fields.MoneyField")).toBe(false);
  });
});

describe("app labels", () => {
  it("labels a models/models.py module by the app package that holds the models package", async () => {
    const index = await indexFiles({
      "site/extras/models/__init__.py": "from .models import *\n",
      "site/extras/models/models.py": py`
        from django.db import models

        class Bookmark(models.Model):
            pass
      `,
      "site/core/models.py": py`
        from django.db import models

        class Tagged(models.Model):
            bookmark = models.ForeignKey(to="extras.Bookmark", on_delete=models.CASCADE)
      `,
    });
    expect(index.models.get("site.extras.models.models.Bookmark")?.appLabel).toBe("extras");
    expect(index.models.get("site.core.models.Tagged")?.fields.get("bookmark")?.target).toEqual({
      resolved: true,
      model: "site.extras.models.models.Bookmark",
    });
  });
});

describe("Meta and inheritance details", () => {
  it("reads Meta.app_label, index_together, GinIndex, unique_together lists and literal ordering only", async () => {
    const index = await indexFiles({
      "misc/models.py": py`
        from django.contrib.postgres.indexes import GinIndex
        from django.db import models
        from django.db.models import F

        class Event(models.Model):
            kind = models.CharField(max_length=10)
            data = models.JSONField()
            at = models.DateTimeField()
            pk_field = models.BigAutoField(primary_key=True)

            class Meta:
                app_label = "timeline"
                ordering = ["-at", F("kind").asc()]
                index_together = [["kind", "at"]]
                unique_together = [("kind", "at"), ("kind", "data")]
                indexes = [GinIndex(fields=["data"], name="event_data_gin")]
      `,
    });
    const event = index.models.get("misc.models.Event");
    expect(event?.appLabel).toBe("timeline");
    expect(event?.meta).toEqual({
      ordering: ["-at"],
      dbTable: undefined,
      indexes: [
        { kind: "GinIndex", fields: ["data"], name: "event_data_gin", hasCondition: false },
        { kind: "unique_together", fields: ["kind", "at"], hasCondition: false },
        { kind: "unique_together", fields: ["kind", "data"], hasCondition: false },
        { kind: "index_together", fields: ["kind", "at"], hasCondition: false },
      ],
    });
    // An explicit primary key: no implicit id.
    expect(event?.fields.has("id")).toBe(false);
    expect(index.resolveModelLabel("timeline.Event", "")).toBe("misc.models.Event");
  });

  it("drops an abstract field a child sets to None, and lets a child override it", async () => {
    const index = await indexFiles({
      "core/models.py": py`
        from django.db import models

        class Base(models.Model):
            slug = models.SlugField()
            title = models.CharField(max_length=10)

            class Meta:
                abstract = True
      `,
      "pages/models.py": py`
        from django.db import models
        from core.models import Base

        class Page(Base):
            slug = None
            title = models.TextField()
      `,
    });
    expect(fields(index, "pages.models.Page")).toEqual({ id: "concrete AutoField auto", title: "concrete TextField" });
  });
});

describe("save signals", () => {
  it("collects receivers for several signals and lazy senders", async () => {
    const index = await indexFiles({
      "shop/models.py":
        SHOP +
        py`
        class Order(models.Model):
            pass

        class Refund(models.Model):
            pass
      `,
      "shop/receivers.py": py`
        from django.apps import apps
        from django.db.models import signals
        from django.db.models.signals import post_delete, post_save, pre_save
        from django.dispatch import receiver

        @receiver([pre_save, post_save], sender="shop.Order")
        def on_order(sender, **kwargs):
            pass

        @receiver(post_delete, sender="shop.Customer")
        def on_delete(sender, **kwargs):
            pass

        signals.post_save.connect(on_order, apps.get_model("shop", "Refund"))
      `,
    });
    expect([...index.modelsWithSaveSignals].sort()).toEqual(["shop.models.Order", "shop.models.Refund"]);
  });
});

describe("settings", () => {
  it("leaves AUTH_USER_MODEL unknown when settings modules disagree", async () => {
    const index = await indexFiles({
      "config/settings/base.py": 'AUTH_USER_MODEL = "a.User"\n',
      "config/settings/prod.py": 'AUTH_USER_MODEL = "b.User"\n',
      "config/local_settings.py": 'AUTH_USER_MODEL = env("USER_MODEL")\n',
    });
    expect(index.authUserModel).toBeUndefined();
    expect(index.notes).toContain(
      "AUTH_USER_MODEL differs between settings modules (a.User in config/settings/base.py, b.User in config/settings/prod.py); left unknown",
    );
    expect(index.notes).toContain('config/local_settings.py: AUTH_USER_MODEL is not a literal (env("USER_MODEL")); ignored');
  });
});
