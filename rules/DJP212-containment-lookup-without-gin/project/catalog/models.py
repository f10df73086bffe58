from django.contrib.postgres.fields import ArrayField, HStoreField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
import jsonfield

from catalog.fields import BadgeArrayField, ReferenceField


class Product(models.Model):
    name = models.CharField(max_length=200)
    tags = ArrayField(models.CharField(max_length=30), default=list)
    attributes = models.JSONField(default=dict)
    labels = ArrayField(models.CharField(max_length=30), default=list)
    extra = HStoreField(default=dict)
    search = SearchVectorField(null=True)
    colours = ArrayField(models.CharField(max_length=20), default=list)
    badges = BadgeArrayField(models.CharField(max_length=20), default=list)

    class Meta:
        indexes = [GinIndex(fields=["labels"], name="product_labels_gin")]


class Review(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    text = models.TextField()
    flags = models.JSONField(default=dict)
    code = models.CharField(max_length=20, unique=True)
    posted_at = models.DateTimeField(db_index=True)
    reference = ReferenceField("rv")
    # A generic relation's object id: a key kept as a plain UUID.
    target_object_id = models.UUIDField(null=True, db_index=True)


class Receipt(models.Model):
    # A third-party JSONField: JSON text in a text column.
    payload = jsonfield.JSONField()
