# fixture-path: catalog/models.py
from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        # ok: DJP210 unique makes an index
        ordering = ["name"]


class Product(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # ruleid: DJP210
        ordering = ["-created_at", "title"]


class Event(models.Model):
    time = models.DateTimeField()

    class Meta:
        # ruleid: DJP210
        ordering = ("-time",)


class Batch(models.Model):
    number = models.IntegerField()
    sequence = models.IntegerField()

    class Meta:
        # ruleid: DJP210
        ordering = "sequence"
        indexes = [models.Index(fields=["number", "sequence"], name="batch_number_seq")]


class Tag(models.Model):
    label = models.CharField(max_length=50)
    weight = models.IntegerField()

    class Meta:
        # ok: DJP210 an index starts with label
        ordering = ["label"]
        indexes = [models.Index(fields=["label", "weight"], name="tag_label_weight")]


class Entry(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    created = models.DateTimeField(db_index=True)

    class Meta:
        # ok: DJP210 ordering by a relation orders by the related model's ordering
        ordering = ["product"]


class Note(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE)

    class Meta:
        # ok: DJP210 the primary key is indexed
        ordering = ["-id"]


class Base(models.Model):
    stamp = models.DateTimeField()

    class Meta:
        abstract = True
        # todoruleid: DJP210 an abstract base's ordering is inherited by concrete children; reported nowhere yet
        ordering = ["-stamp"]


class Pending(models.Model):
    rank = models.IntegerField()

    class Meta:
        # ok: DJP210 a related path needs the other table's index
        ordering = ["entry__created"]


class Shipment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE)
    kind = models.CharField(max_length=10)

    class Meta:
        # ok: DJP210 a later key on another table makes every query join and sort the joined rows; no index of this table serves that sort
        ordering = ["kind", "entry__product__title", "id"]


class Service(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=100)

    class Meta:
        # ok: DJP210 the composite index the advice asks for exists: one category's services are read in (category, name) order
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="unique_service_name")]


class Slot(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    position = models.IntegerField()

    class Meta:
        # ok: DJP210 unique_together led by the parent's key
        ordering = ("position",)
        unique_together = [("product", "position")]


class Draft(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    title = models.CharField(max_length=100)
    archived = models.BooleanField(default=False)

    class Meta:
        # ruleid: DJP210 a partial index serves only the rows its condition keeps
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["product", "title"], condition=models.Q(archived=False), name="unique_live_title")]


class Credential(models.Model):
    category = models.ForeignKey(Category, null=True, on_delete=models.CASCADE)
    name = models.CharField(max_length=100)

    class Meta:
        # ruleid: DJP210 a nullable parent key: rows without a parent exist, and lists span parents
        ordering = ["name"]
        unique_together = [("category", "name")]
