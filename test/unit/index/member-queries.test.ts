/** Model members that run a query about the row whenever they are read (index: queryingMembers). */
import { beforeAll, describe, expect, it } from "vitest";
import type { ModelInfo, ProjectIndex } from "../../../src/analysis/index/types.js";
import { indexFiles, py } from "./inline-project.js";

const MIXINS = py`
  from shop.models import Visit


  class VisitCountMixin:
      @property
      def visit_total(self):
          return Visit.objects.filter(room=self).count()
`;

const MODELS = py`
  from functools import lru_cache
  from django.db import models
  from shop.mixins import VisitCountMixin


  class Room(VisitCountMixin, models.Model):
      size = models.IntegerField()

      @property
      def last_visit(self):
          return Visit.objects.filter(room=self).latest("at")

      @property
      def spare(self):
          return self.spare_for(self.size)

      @staticmethod
      def spare_for(size):
          return size - Visit.objects.filter(people__lte=size).count()

      @classmethod
      def busiest(cls):
          return cls.objects.order_by("-size").first()

      @property
      def memo_total(self):
          if self._total is not None:
              return self._total
          return Visit.objects.filter(room=self).count()

      @property
      def guarded(self):
          try:
              return Visit.objects.filter(room=self).get()
          except Visit.DoesNotExist:
              return None

      @lru_cache
      def cached_total(self):
          return Visit.objects.filter(room=self).count()

      def plain_exists(self):
          return self.visit_set.exists()

      def filtered_exists(self):
          return self.visit_set.filter(people__gt=2).exists()

      def with_argument(self, people):
          return Visit.objects.filter(people=people).count()

      @property
      def chained(self):
          return self.last_visit.at

      def relocate(self, target):
          self.room = target
          fresh = Room.objects.get(pk=self.pk)
          fresh.save()

      @property
      def loop_total(self):
          return sum(Visit.objects.filter(room=self, people=n).count() for n in range(3))


  class Visit(models.Model):
      room = models.ForeignKey(Room, on_delete=models.CASCADE)
      people = models.IntegerField()
      at = models.DateTimeField()
`;

describe("queryingMembers", () => {
  let room: ModelInfo;
  beforeAll(async () => {
    const index: ProjectIndex = await indexFiles({ "shop/__init__.py": "", "shop/models.py": MODELS, "shop/mixins.py": MIXINS });
    room = index.models.get("shop.models.Room")!;
  });

  it("reads a property whose query reads self, also from a mixin in another module", () => {
    expect(room.queryingMembers?.get("last_visit")).toMatchObject({ kind: "property", label: "Visit.objects.filter().latest()", via: [] });
    expect(room.queryingMembers?.get("visit_total")).toMatchObject({ kind: "property", path: "shop/mixins.py" });
    // A try body runs on every read; only the except clause is conditional.
    expect(room.queryingMembers?.get("guarded")).toMatchObject({ label: "Visit.objects.filter().get()" });
  });

  it("follows row values handed to a static helper, and a property read by another", () => {
    expect(room.queryingMembers?.get("spare")).toMatchObject({ via: ["spare_for"], label: "Visit.objects.filter().count()" });
    expect(room.queryingMembers?.get("chained")).toMatchObject({ via: ["last_visit"] });
  });

  it("keeps a relation root only when the chain filters (a prefetch cannot answer it)", () => {
    expect(room.queryingMembers?.get("filtered_exists")).toMatchObject({ kind: "method", selfRoot: "visit_set" });
    expect(room.queryingMembers?.has("plain_exists")).toBe(false);
  });

  it("leaves out memos, writing members, decorators, loops, classmethods and queries of arguments only", () => {
    for (const name of ["memo_total", "relocate", "cached_total", "with_argument", "loop_total", "busiest", "spare_for"]) {
      expect(room.queryingMembers?.has(name), name).toBe(false);
    }
  });
});
