/** Golden test: library model bases, unresolvable bases, auto_prefetch. */
import { beforeAll, describe, expect, it } from "vitest";
import { summariseIndex } from "../../../src/analysis/index/summary.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexFiles, py } from "./inline-project.js";
import { indexProject } from "./load-project.js";

describe("ProjectIndex: third-party bases", () => {
  let index: ProjectIndex;
  beforeAll(async () => {
    index = await indexProject("third_party");
  });

  it("keeps library-based and unresolvable-base models, marked incomplete, without an implicit id", () => {
    const { models } = summariseIndex(index);
    expect(Object.keys(models)).toEqual([
      "catalog.models.Brand",
      "catalog.models.Gadget",
      "catalog.models.Media",
      "catalog.models.Node",
      "catalog.models.Widget",
    ]);
    expect(models["catalog.models.Brand"]).toMatchObject({ flags: ["incomplete"], fields: { name: "concrete CharField" } });
    expect(models["catalog.models.Media"]).toMatchObject({ flags: ["incomplete"], fields: { title: "concrete CharField" } });
    expect(models["catalog.models.Node"]).toMatchObject({
      flags: ["incomplete"],
      fields: { parent: "fk TreeForeignKey -> catalog.models.Node null related_name=kids" },
      reverse: { kids: "reverse-fk catalog.models.Node.parent" },
    });
    // MysteryBase comes from nowhere visible, but the body declares Django fields.
    expect(models["catalog.models.Gadget"]).toMatchObject({
      flags: ["incomplete"],
      fields: { size: "concrete IntegerField", widget: "fk ForeignKey -> catalog.models.Widget" },
    });
  });

  it("recognises auto_prefetch models as complete, with their ForeignKey", () => {
    expect(summariseIndex(index).models["catalog.models.Widget"]).toEqual({
      app: "catalog",
      flags: ["auto-prefetch"],
      bases: [],
      fields: { id: "concrete AutoField auto", brand: "fk ForeignKey -> catalog.models.Brand" },
      reverse: { gadget_set: "reverse-fk catalog.models.Gadget.widget" },
      managers: { objects: "(default)" },
      meta: { ordering: ["brand"] },
      methods: [],
      properties: [],
    });
  });

  it("does not take an unresolvable class without fields, or a plain class, for a model", () => {
    expect(index.models.has("catalog.models.Tool")).toBe(false);
    expect(index.models.has("catalog.models.Helper")).toBe(false);
    expect(index.notes).toContain(
      "catalog/models.py:29: Gadget has bases the index cannot see (MysteryBase); its fields may be incomplete",
    );
  });

  it("takes a library class from a `models` module for a model, but not Django's choices classes", async () => {
    const inline = await indexFiles({
      "jobs/models.py": py`
        from django.db import models
        from django_celery_beat.models import PeriodicTask

        class Status(models.TextChoices):
            NEW = "new"

        class NightlyTask(PeriodicTask):
            pass
      `,
    });
    expect([...inline.models.values()].filter((m) => !m.builtin).map((m) => m.qualifiedName)).toEqual(["jobs.models.NightlyTask"]);
    expect(inline.models.get("jobs.models.NightlyTask")?.complete).toBe(false);
  });
});
