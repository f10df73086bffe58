/**
 * App labels as Django assigns them: an AppConfig labels its whole package (sub-packages included,
 * except one with migrations of its own: an app) with `label`, or else the last part of `name`; `test/` folders that are apps stay in the index and
 * are analysed, while `tests/`, `unittests/` and test modules are not.
 */
import { describe, expect, it } from "vitest";
import { selectIndexPaths, testSuiteFolders } from "../../../src/analysis/index/select.js";
import { isTestPath } from "../../../src/analysis/django/contexts.js";
import { isPathIncluded } from "../../../src/config/resolve.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { indexFiles, py } from "./inline-project.js";

const MAKER = py`
  from django.db import models


  class Maker(models.Model):
      name = models.CharField(max_length=80)
`;

const PART = py`
  from django.db import models


  class Part(models.Model):
      maker = models.ForeignKey("core.Maker", on_delete=models.CASCADE)
`;

const CORE_APPS = py`
  from django.apps import AppConfig


  class CoreConfig(AppConfig):
      name = "core"
`;

describe("AppLabels: an AppConfig without label", () => {
  it("labels every module under its package with the last part of its name", async () => {
    const index = await indexFiles({
      "core/__init__.py": "",
      "core/apps.py": CORE_APPS,
      "core/makers/models.py": MAKER,
      "core/parts/models.py": PART,
    });
    expect(index.models.get("core.makers.models.Maker")?.appLabel).toBe("core");
    expect(index.models.get("core.parts.models.Part")?.appLabel).toBe("core");
    const maker = index.models.get("core.parts.models.Part")?.fields.get("maker");
    expect(maker?.target).toEqual({ resolved: true, model: "core.makers.models.Maker" });
    expect(index.models.get("core.makers.models.Maker")?.reverse.has("part_set")).toBe(true);
  });

  it("does not label a sub-package with migrations of its own: that is an app with its own label", async () => {
    const index = await indexFiles({
      "src/core/__init__.py": "",
      "src/core/apps.py": CORE_APPS,
      "src/core/makers/__init__.py": "",
      "src/core/makers/models.py": MAKER,
      "src/core/makers/migrations/__init__.py": "",
      "src/core/makers/migrations/0001_initial.py": py`
        from django.db import migrations, models


        class Migration(migrations.Migration):
            initial = True
            operations = [migrations.CreateModel(name="Maker", fields=[("id", models.AutoField(primary_key=True))])]
      `,
      "src/core/parts/models.py": PART.replace("core.Maker", "makers.Maker"),
    });
    expect(index.models.get("src.core.makers.models.Maker")?.appLabel).toBe("makers");
    expect(index.models.get("src.core.parts.models.Part")?.appLabel).toBe("core");
    expect(index.resolveModelLabel("makers.Maker", "")).toBe("src.core.makers.models.Maker");
    expect(index.models.get("src.core.parts.models.Part")?.fields.get("maker")?.target).toEqual({ resolved: true, model: "src.core.makers.models.Maker" });
  });

  it("uses the last dotted part of a long name, and an explicit label over it", async () => {
    const index = await indexFiles({
      "src/platform/billing/apps.py": py`
        from django.apps import AppConfig


        class BillingConfig(AppConfig):
            name = "platform.billing"
      `,
      "src/platform/billing/invoices/models.py": MAKER.replace("Maker", "Invoice"),
      "src/platform/stock/apps.py": py`
        from django.apps import AppConfig


        class StockConfig(AppConfig):
            name = "platform.stock"
            label = "inventory"
      `,
      "src/platform/stock/items/models.py": MAKER.replace("Maker", "Item"),
    });
    expect(index.models.get("src.platform.billing.invoices.models.Invoice")?.appLabel).toBe("billing");
    expect(index.models.get("src.platform.stock.items.models.Item")?.appLabel).toBe("inventory");
  });

  it("ignores a base config without name, and keeps the package guess without any config", async () => {
    const index = await indexFiles({
      "common/apps.py": py`
        from django.apps import AppConfig


        class BaseConfig(AppConfig):
            default_auto_field = "django.db.models.BigAutoField"
      `,
      "common/widgets/models.py": MAKER.replace("Maker", "Widget"),
      "shop/models.py": MAKER.replace("Maker", "Order"),
    });
    expect(index.models.get("common.widgets.models.Widget")?.appLabel).toBe("widgets");
    expect(index.models.get("shop.models.Order")?.appLabel).toBe("shop");
  });
});

describe("test folders", () => {
  it("keeps a test/ folder that is a Django app and drops test suites", () => {
    const paths = [
      "dojo/test/models.py",
      "dojo/test/views.py",
      "dojo/models.py",
      "tools/test/models/__init__.py",
      "lib/test/base.py",
      "lib/test/helpers/mixins.py",
      "unittests/dojo_test_case.py",
      "unittests/models.py",
      "shop/tests/models.py",
    ];
    expect([...testSuiteFolders(paths)]).toEqual(["lib/test/"]);
    expect(selectIndexPaths(paths)).toEqual(["dojo/test/models.py", "dojo/models.py", "tools/test/models/__init__.py", "dojo/test/views.py"]);
  });
});

describe("default excludes and test contexts agree on test code", () => {
  it("analyses an app named test/, skips unittests/ and tests/", () => {
    const cases: [string, boolean][] = [
      ["dojo/test/views.py", true],
      ["dojo/test/models.py", true],
      ["unittests/dojo_test_case.py", false],
      ["unittests/tools/helpers.py", false],
      ["shop/tests/factories.py", false],
      ["shop/test/test_views.py", false],
      ["shop/conftest.py", false],
    ];
    for (const [path, analysed] of cases) {
      expect(isPathIncluded(DEFAULT_CONFIG, path), path).toBe(analysed);
      expect(isTestPath(path), path).toBe(!analysed);
    }
  });
});
