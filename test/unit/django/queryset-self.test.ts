import { describe, expect, it } from "vitest";
import { makeIndex, nodeAt, parsedFile } from "../../helpers/models.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";

// Ticket's manager is built from TicketQuerySet; Shared is the manager class of two models.
const index = makeIndex([
  { name: "Ticket", module: "desk.models", fields: { status: {} }, managers: { objects: { className: "TicketQuerySet.as_manager()" } } },
  { name: "Note", module: "desk.models", fields: { body: {} }, managers: { objects: { className: "models.Manager.from_queryset(NoteQuerySet)()" } } },
  { name: "A", module: "desk.models", fields: { x: {} }, managers: { objects: { className: "SharedQuerySet.as_manager()" } } },
  { name: "B", module: "desk.models", fields: { x: {} }, managers: { objects: { className: "SharedQuerySet.as_manager()" } } },
]);

function facts(body: string) {
  const file = parsedFile("desk/querysets.py", "from django.db import models\n" + body);
  return { file, facts: createDjangoFacts(file, index) };
}

describe("querySetOf: self in a project QuerySet class", () => {
  it("is a QuerySet of the one model whose manager is built from the class, its loading the caller's", () => {
    const { file, facts: f } = facts("class TicketQuerySet(models.QuerySet):\n    def close(self):\n        for t in self.filter(status='open'):\n            t.save()\n");
    const qs = f.querySetOf(nodeAt(file, "self.filter(status='open')"));
    expect(qs?.model.qualifiedName).toBe("desk.models.Ticket");
    expect(qs?.fromCaller).toBe(true);
    expect(qs && f.coverage(qs).unknown).toBe(true);
    expect(f.instanceOf(nodeAt(file, "t.save", { nth: 0 }).childForFieldName("object")!)?.model.name).toBe("Ticket");
  });

  it("reads Manager.from_queryset(QS)()", () => {
    const { file, facts: f } = facts("class NoteQuerySet(models.QuerySet):\n    def tidy(self):\n        return self.exclude(body='')\n");
    expect(f.querySetOf(nodeAt(file, "self.exclude(body='')"))?.model.name).toBe("Note");
  });

  it("stays unknown for a class no model uses, one several models share, or one that is no QuerySet", () => {
    const unused = facts("class OtherQuerySet(models.QuerySet):\n    def tidy(self):\n        return self.all()\n");
    expect(unused.facts.querySetOf(nodeAt(unused.file, "self.all()"))).toBeUndefined();
    const shared = facts("class SharedQuerySet(models.QuerySet):\n    def tidy(self):\n        return self.all()\n");
    expect(shared.facts.querySetOf(nodeAt(shared.file, "self.all()"))).toBeUndefined();
    const plain = facts("class TicketQuerySet(Helper):\n    def tidy(self):\n        return self.all()\n");
    expect(plain.facts.querySetOf(nodeAt(plain.file, "self.all()"))).toBeUndefined();
  });
});
