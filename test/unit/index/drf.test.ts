import { describe, expect, it } from "vitest";
import { indexFiles, py } from "./inline-project.js";
import { missingPaths, provenPaths, serializerWalk } from "../../../src/analysis/index/drf/walks.js";

const models = py`
  from django.db import models

  class Author(models.Model):
      name = models.CharField(max_length=10)

  class Book(models.Model):
      author = models.ForeignKey(Author, on_delete=models.CASCADE)
      editors = models.ManyToManyField(Author, related_name="edited")
      title = models.CharField(max_length=10)

  class Chapter(models.Model):
      book = models.ForeignKey(Book, related_name="chapters", on_delete=models.CASCADE)
`;

const serializers = py`
  from rest_framework import serializers
  from library.models import Author, Book

  class AuthorSerializer(serializers.ModelSerializer):
      class Meta:
          model = Author
          fields = ["id", "name"]

  class BookSerializer(serializers.ModelSerializer):
      author = AuthorSerializer()
      chapter_count = serializers.SerializerMethodField()

      class Meta:
          model = Book
          fields = ["id", "author", "editors", "chapters", "chapter_count"]

  class BookTitleSerializer(BookSerializer):
      author = None

      class Meta(BookSerializer.Meta):
          fields = ["id", "title"]
`;

describe("DRF graph", () => {
  it("links views to serializers and models across files", async () => {
    const index = await indexFiles({
      "library/models.py": models,
      "api/serializers.py": serializers,
      "api/views.py": py`
        from rest_framework import viewsets, generics
        from library.models import Book
        from .serializers import BookSerializer, BookTitleSerializer

        class BookViewSet(viewsets.ModelViewSet):
            queryset = Book.objects.select_related("author").prefetch_related("editors")
            serializer_class = BookSerializer

        class Titles(generics.ListAPIView):
            serializer_class = BookTitleSerializer

            def get_queryset(self):
                qs = Book.objects.filter(title__isnull=False)
                return qs.order_by("title")

        class Custom(generics.ListAPIView):
            serializer_class = BookSerializer

            def get_queryset(self):
                return Book.objects.visible_to(self.request.user)

        class Picks(generics.ListAPIView):
            queryset = Book.objects.all()

            def get_serializer_class(self):
                if self.request.user.is_staff:
                    return BookSerializer
                return BookTitleSerializer
      `,
    });
    const views = index.drf.viewsIn("api/views.py");
    expect(views.map((v) => v.name).sort()).toEqual(["BookViewSet", "Custom", "Picks", "Titles"]);
    const book = views.find((v) => v.name === "BookViewSet");
    expect(book?.listCapable).toBe(true);
    expect(book?.serializer).toEqual({ qn: "api.serializers.BookSerializer", line: 7, path: "api/views.py" });
    expect(book && !("unresolved" in book.queryset) && book.queryset.model).toBe("library.models.Book");
    expect(book && !("unresolved" in book.queryset) && book.queryset.loads.loads).toEqual(["author", "editors"]);

    const titles = views.find((v) => v.name === "Titles");
    expect(titles && !("unresolved" in titles.queryset) && titles.queryset.origin.kind).toBe("get_queryset");
    expect(views.find((v) => v.name === "Custom")?.queryset).toEqual({ unresolved: "get_queryset calls visible_to (may eager-load)" });
    expect(views.find((v) => v.name === "Picks")?.serializer).toMatchObject({ unresolved: "get_serializer_class returns one of several serializers" });

    const ser = index.drf.serializers.get("api.serializers.BookSerializer");
    expect(ser?.model).toBe("library.models.Book");
    expect(ser?.declared.get("author")).toMatchObject({ kind: "nested", serializer: "api.serializers.AuthorSerializer" });
    expect(ser?.declared.get("chapter_count")).toMatchObject({ kind: "method", methodName: "get_chapter_count" });
    // A subclass's `author = None` removes the field; Meta(Base.Meta) keeps the model.
    const titleSer = index.drf.serializers.get("api.serializers.BookTitleSerializer");
    expect(titleSer?.declared.has("author")).toBe(false);
    expect(titleSer?.model).toBe("library.models.Book");
    expect(titleSer?.fields).toEqual(["id", "title"]);
  });

  it("lists walked relation paths and the ones a queryset misses", async () => {
    const index = await indexFiles({ "library/models.py": models, "api/serializers.py": serializers });
    const walk = serializerWalk(index, "api.serializers.BookSerializer", "library.models.Book");
    expect(walk.paths.map((p) => [p.path, p.many])).toEqual([
      ["author", false],
      ["editors", true],
      ["chapters", true],
    ]);
    const loads = { loads: ["author"], toAttrs: [], selectsAll: false, opaque: [], dynamicLoads: false };
    expect(missingPaths(walk.paths, loads).map((p) => p.path)).toEqual(["editors", "chapters"]);
    expect(missingPaths(walk.paths, { ...loads, opaque: ["editors"], toAttrs: ["chapters"] }).map((p) => p.path)).toEqual([]);
  });

  it("proves paths up to a relation to a model it cannot read, and nothing past it", async () => {
    const index = await indexFiles({
      "people/models.py": py`
        from django.db import models
        from outside_pkg.models import ExternalUser

        class Team(models.Model):
            name = models.CharField(max_length=10)

        class Member(ExternalUser):
            team = models.ForeignKey(Team, on_delete=models.CASCADE)

        class Note(models.Model):
            author = models.ForeignKey(Member, on_delete=models.CASCADE)
      `,
      "api/serializers.py": py`
        from rest_framework import serializers
        from people.models import Member, Note, Team

        class TeamSerializer(serializers.ModelSerializer):
            class Meta:
                model = Team
                fields = ["id"]

        class MemberSerializer(serializers.ModelSerializer):
            team = TeamSerializer()
            class Meta:
                model = Member
                fields = ["id", "team"]

        class NoteSerializer(serializers.ModelSerializer):
            author = MemberSerializer()
            class Meta:
                model = Note
                fields = ["id", "author"]
      `,
    });
    const walk = serializerWalk(index, "api.serializers.NoteSerializer", "people.models.Note");
    expect(walk.blind).toEqual([]);
    expect(walk.partial.map((p) => p.prefix)).toEqual(["author__"]);
    expect(walk.paths.map((p) => p.path)).toEqual(["author", "author__team"]);
    expect(provenPaths(walk).map((p) => p.path)).toEqual(["author"]);
    // Rendered from the unreadable model itself, the relations it declares are walked; what its base adds is unchecked
    // (DJP306 still stays silent on a list of such a model whose `objects` is Django's implicit one: the base may declare it).
    const top = serializerWalk(index, "api.serializers.MemberSerializer", "people.models.Member");
    expect(top.blind).toEqual([]);
    expect(top.paths.map((p) => p.path)).toEqual(["team"]);
    expect(top.unchecked).toEqual(["fields `Member` may get from base classes the index could not read"]);
  });

  it("walks the relation to a self-rendering nested serializer and the fields declared beside a foreign base, nothing more", async () => {
    const index = await indexFiles({
      "desk/models.py": py`
        from django.db import models

        class Shelf(models.Model):
            name = models.CharField(max_length=10)

        class Label(models.Model):
            text = models.CharField(max_length=10)

        class Binder(models.Model):
            shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)
            labels = models.ManyToManyField(Label)

        class Sheet(models.Model):
            binder = models.ForeignKey(Binder, related_name="sheets", on_delete=models.CASCADE)
            label = models.ForeignKey(Label, on_delete=models.CASCADE)
      `,
      "desk/serializers.py": py`
        from rest_framework import serializers
        from stickers.serializers import StickerMixin
        from desk.models import Binder, Label, Shelf, Sheet

        class ShelfSerializer(serializers.ModelSerializer):
            class Meta:
                model = Shelf
                fields = ["id"]

        class SheetCardSerializer(serializers.ModelSerializer):
            class Meta:
                model = Sheet
                fields = ["id", "label"]
                depth = 1

            def to_representation(self, sheet):
                return sheet.label.text

        class BinderSerializer(StickerMixin, serializers.ModelSerializer):
            shelf = ShelfSerializer()
            sheets = SheetCardSerializer(many=True)

            class Meta:
                model = Binder
                fields = ["id", "shelf", "sheets", "labels"]
      `,
    });
    const walk = serializerWalk(index, "desk.serializers.BinderSerializer", "desk.models.Binder");
    expect(walk.blind).toEqual([]);
    // labels comes from Meta, which the foreign base may build: not walked; sheets__label is past a to_representation.
    expect(walk.paths.map((p) => p.path).sort()).toEqual(["sheets", "shelf"]);
    expect(walk.partial.map((p) => p.prefix)).toEqual(["sheets__"]);
    expect(walk.unchecked).toHaveLength(1);
    expect(provenPaths(walk).map((p) => p.path).sort()).toEqual(["sheets", "shelf"]);
    // At the top, a to_representation override leaves the whole rendering unknown.
    expect(serializerWalk(index, "desk.serializers.SheetCardSerializer", "desk.models.Sheet").blind).toHaveLength(1);
  });

  it("reads which to_representation overrides render the declared fields first, and which fields pick their own source", async () => {
    const index = await indexFiles({
      "desk/models.py": py`
        from django.db import models

        class Shelf(models.Model):
            name = models.CharField(max_length=10)

        class Binder(models.Model):
            shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)
      `,
      "desk/serializers.py": py`
        from rest_framework import serializers
        from desk.models import Binder, Shelf

        class ShelfSerializer(serializers.ModelSerializer):
            class Meta:
                model = Shelf
                fields = ["id"]

        class Base(serializers.ModelSerializer):
            shelf = ShelfSerializer()

            class Meta:
                model = Binder
                fields = ["id", "shelf"]

        class Documented(Base):
            def to_representation(self, instance):
                """Adds a label."""
                data = super(Documented, self).to_representation(instance)
                data["label"] = "x"
                return data

        class Returned(Base):
            def to_representation(self, binder):
                return super().to_representation(binder)

        class Guarded(Base):
            def to_representation(self, instance):
                if not instance.pk:
                    return {}
                return super().to_representation(instance)

        class Rebound(Base):
            def to_representation(self, instance):
                instance = instance.copy()
                return super().to_representation(instance)

        class OnTopOfExtends(Returned):
            def to_representation(self, instance):
                return {"id": instance.pk}

        class WholeField(serializers.Field):
            def __init__(self, **kwargs):
                kwargs.setdefault("source", "*")
                super().__init__(**kwargs)

        class PassedOn(serializers.CharField):
            def __init__(self, **kwargs):
                super().__init__(source="shelf.name", **kwargs)

        class Fields(Base):
            shelf = WholeField()
            name = PassedOn()
      `,
    });
    const representation = (name: string) => index.drf.serializers.get(`desk.serializers.${name}`)?.representation;
    expect(representation("Base")).toBeUndefined();
    expect(representation("Documented")).toBe("extends");
    expect(representation("Returned")).toBe("extends");
    expect(representation("Guarded")).toBe("replaces");
    expect(representation("Rebound")).toBe("replaces");
    expect(representation("OnTopOfExtends")).toBe("replaces");
    const walk = serializerWalk(index, "desk.serializers.Documented", "desk.models.Binder");
    expect(walk.blind).toEqual([]);
    expect(walk.paths.map((p) => p.path)).toEqual(["shelf"]);
    expect(walk.unchecked).toEqual(["what `Documented.to_representation` adds"]);
    const fields = index.drf.serializers.get("desk.serializers.Fields")?.declared;
    expect(fields?.get("shelf")?.ownSource).toBe("init");
    expect(fields?.get("name")?.ownSource).toBe("init");
    expect(serializerWalk(index, "desk.serializers.Fields", "desk.models.Binder").paths).toEqual([]);
  });
});
