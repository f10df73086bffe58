/** Models whose every save does more than write the row: bulk writes would bypass it. */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { saveHooksOf } from "../../../src/analysis/django/bulk-writes.js";

const CORE = `from django.db import models
from simple_history.models import HistoricalRecords


class Audited(models.Model):
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
`;

const SHOP = `import reversion
from auditlog.registry import auditlog
from django.db import models
from core.models import Audited


@reversion.register()
class Order(models.Model):
    total = models.IntegerField()


class Invoice(Audited):
    number = models.IntegerField()


class Line(models.Model):
    qty = models.IntegerField()


class Note(models.Model):
    text = models.TextField()


class Plain(models.Model):
    x = models.IntegerField()


auditlog.register(Line)
`;

const APPS = `from django.apps import AppConfig
from simple_history import register


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from shop.models import Note
        register(Note)
`;

describe("ProjectIndex: save tracking", () => {
  it("knows history, audit and search registrations, decorators and inherited HistoricalRecords", async () => {
    const index = await buildProjectIndex([
      { path: "core/models.py", text: CORE },
      { path: "shop/models.py", text: SHOP },
      { path: "shop/apps.py", text: APPS },
    ]);
    const tracking = (name: string) => index.models.get(`shop.models.${name}`)?.tracking;
    expect(tracking("Order")).toEqual(["django-reversion"]);
    expect(tracking("Invoice")).toEqual(["django-simple-history"]);
    expect(tracking("Line")).toEqual(["django-auditlog"]);
    expect(tracking("Note")).toEqual(["django-simple-history"]);
    expect(tracking("Plain")).toEqual([]);
    expect(saveHooksOf(index.models.get("shop.models.Plain")!, index)).toBeUndefined();
    expect(saveHooksOf(index.models.get("shop.models.Order")!, index)).toBe("is tracked by django-reversion");
  });

  it("counts a receiver without a sender as a hook of every model", async () => {
    const index = await buildProjectIndex([
      { path: "shop/models.py", text: "from django.db import models\n\nclass Plain(models.Model):\n    x = models.IntegerField()\n" },
      { path: "shop/signals.py", text: "from django.db.models.signals import post_save\nfrom django.dispatch import receiver\n\n\n@receiver(post_save)\ndef log_every_save(sender, instance, **kwargs):\n    pass\n" },
    ]);
    expect(index.globalSaveReceivers).toEqual(["shop/signals.py:5"]);
    expect(saveHooksOf(index.models.get("shop.models.Plain")!, index)).toBe("runs save receivers registered for every model (shop/signals.py:5)");
  });
});
