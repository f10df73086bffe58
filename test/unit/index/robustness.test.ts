/** The index never throws on odd code, terminates on cycles, and copes with thousands of files. */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { projectModelCount } from "../../../src/analysis/index/builtin-models.js";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { indexFiles, py } from "./inline-project.js";

describe("odd code", () => {
  it("keeps what it can read from a file with syntax errors, and notes it", async () => {
    const index = await indexFiles({
      "shop/models.py": py`
        from django.db import models

        class Good(models.Model):
            name = models.CharField(max_length=10)

        class Broken(models.Model:
            x = models.CharField(

        def f(:
            pass
      `,
    });
    expect(index.models.get("shop.models.Good")?.fields.has("name")).toBe(true);
    expect(index.notes).toContain("shop/models.py: syntax errors; facts read from the recovered parts");
  });

  it("recovers classes and imports when an unbalanced bracket wraps the module in an ERROR node", async () => {
    const index = await indexFiles({
      "shop/models.py": py`
        from django.db import models

        class Customer(models.Model):
            name = models.CharField(max_length=10)

        class Order(models.Model):
            customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
            total = models.IntegerField(default=((((((((((((1))))))))))))

            class Meta:
                ordering = "name"
      `,
    });
    expect(index.models.has("shop.models.Customer")).toBe(true);
    expect(index.models.has("shop.models.Order")).toBe(true);
  });

  it("terminates on cyclic bases, self-inheritance and import cycles", async () => {
    const index = await indexFiles({
      "a/models.py": py`
        from django.db import models
        from b.models import *
        from b.models import Loop

        class A(Loop):
            x = models.IntegerField()

        class Itself(Itself):
            pass

        class Child(A, models.Model):
            pass
      `,
      "b/models.py": py`
        from a.models import *
        from a.models import A as Loop
        from .models import Ghost
      `,
      "c/models.py": "from .models import Nothing\nclass X(Nothing):\n    pass\n",
    });
    expect(index.models.has("a.models.Child")).toBe(true);
    expect(index.resolveQualified("b.models.Ghost")).toBeUndefined();
    expect(index.resolveQualified("b.models.Loop")).toBe("a.models.A");
  });

  it("resolves through star-import cycles among many modules without exploring them again and again", async () => {
    const files: Record<string, string> = {};
    const names = Array.from({ length: 12 }, (_, i) => `m${i}`);
    for (const name of names) {
      files[`pkg/models/${name}.py`] = names.filter((n) => n !== name).map((n) => `from .${n} import *\n`).join("");
    }
    files["pkg/models/m11.py"] += "from django.db import models\nclass Found(models.Model):\n    pass\n";
    files["pkg/models/__init__.py"] = "from .m0 import *\n";
    files["app/models.py"] = py`
      from django.db import models
      from pkg.models import Found, Missing

      class User(models.Model):
          found = models.ForeignKey(Found, on_delete=models.CASCADE)
          missing = models.ForeignKey(Missing, on_delete=models.CASCADE)
    `;
    const index = await indexFiles(files);
    const user = index.models.get("app.models.User");
    expect(user?.fields.get("found")?.target).toEqual({ resolved: true, model: "pkg.models.m11.Found" });
    expect(user?.fields.get("missing")?.target).toEqual({ resolved: false, raw: "Missing" });
  });

  it("skips splats, tuple targets, non-Python files and empty files without failing", async () => {
    const index = await indexFiles({
      "requirements.txt": "Django==5.0\n",
      "empty/models.py": "",
      "odd/models.py": py`
        from django.db import models

        BASES = (models.Model,)

        class Splat(*BASES):
            pass

        class Meta_(models.Model, metaclass=type):
            a, b = models.CharField(), 1
            c = d = models.IntegerField(null=True)
            e: int = models.IntegerField()
            f = models.ForeignKey(**{"to": "x.Y"})
            g = models.ForeignKey()
            h = models.CharField(max_length=((((((((((((1)))))))))))))

            class Meta:
                ordering = "name"
                indexes = [models.Index(Lower("name"), name="lower_name")]
      `,
    });
    expect(index.modules.has("requirements")).toBe(false);
    const model = index.models.get("odd.models.Meta_");
    expect([...(model?.fields.keys() ?? [])]).toEqual(["id", "c", "d", "e", "f", "g", "h"]);
    expect(model?.fields.get("c")?.nullable).toBe(true);
    expect(model?.fields.get("f")?.target).toEqual({ resolved: false, raw: "" });
    expect(model?.meta.ordering).toEqual(["name"]);
    expect(model?.meta.indexes).toEqual([{ kind: "Index", fields: [], name: "lower_name", hasCondition: false }]);
    expect(index.models.has("odd.models.Splat")).toBe(false);
  });
});

describe("scale", () => {
  it("indexes 5,000 files: 1,000 apps with models, views and helpers", async () => {
    const sources: SourceText[] = [];
    for (let i = 0; i < 1000; i++) {
      const prev = i === 0 ? "app0.Thing" : `app${i - 1}.Thing`;
      sources.push({
        path: `apps/app${i}/models.py`,
        text: py`
          from django.db import models

          class Thing(models.Model):
              name = models.CharField(max_length=10)
              link = models.ForeignKey("PREV", null=True, on_delete=models.SET_NULL)

          class Other(models.Model):
              thing = models.ForeignKey(Thing, related_name="others", on_delete=models.CASCADE)
        `.replace("PREV", prev),
      });
      for (const name of ["views", "urls", "forms", "admin"]) {
        sources.push({ path: `apps/app${i}/${name}.py`, text: `def ${name}_${i}(request):\n    return ${i}\n` });
      }
    }
    expect(sources).toHaveLength(5000);
    const index = await buildProjectIndex(sources);
    expect(projectModelCount(index)).toBe(2000);
    expect(index.modules.size).toBe(5000);
    expect(index.models.get("apps.app500.models.Thing")?.fields.get("link")?.target).toEqual({
      resolved: true,
      model: "apps.app499.models.Thing",
    });
    expect([...(index.models.get("apps.app999.models.Thing")?.reverse.keys() ?? [])]).toEqual(["others"]);
  });
});
