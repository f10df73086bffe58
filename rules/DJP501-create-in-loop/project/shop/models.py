import reversion
from django.db import models
from django_extensions.db.models import TimeStampedModel
from helusers.models import AbstractUser
from simple_history.models import HistoricalRecords
from vendorkit.models import VendorModel

from shop.history import AuditedHistoricalRecords


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Record(Timestamped):
    external_id = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    value = models.IntegerField(default=0)


class Order(models.Model):
    number = models.CharField(max_length=20)


class OrderEvent(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20)


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)


class Product(models.Model):
    sku = models.CharField(max_length=32, unique=True)
    tags = models.ManyToManyField(Tag, related_name="products")


class Invoice(models.Model):
    number = models.CharField(max_length=20)

    def save(self, *args, **kwargs):
        self.number = self.number.upper()
        super().save(*args, **kwargs)


class Shipment(models.Model):
    tracking = models.CharField(max_length=40)


class Place(models.Model):
    name = models.CharField(max_length=100)


class Restaurant(Place):
    serves_pizza = models.BooleanField(default=False)


class Category(models.Model):
    name = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="children")


class TrackedMixin(models.Model):
    # django-simple-history: every save writes a history row (bulk_create does not).
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Contract(TrackedMixin):
    title = models.CharField(max_length=100)


class AuditedBase(models.Model):
    # A project subclass of HistoricalRecords writes history rows on save just the same.
    history = AuditedHistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Clause(AuditedBase):
    text = models.TextField()


@reversion.register()
class Policy(models.Model):
    title = models.CharField(max_length=100)


class Member(models.Model):
    name = models.CharField(max_length=100)
    groups = models.ManyToManyField(Tag, related_name="members")


class Membership(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE)
    role = models.CharField(max_length=20)


class Staff(AbstractUser):
    """helusers' AbstractUser: its save() fills the unique uuid and the username."""


class Badge(VendorModel):
    """Built on a library base nobody here can read."""

    label = models.CharField(max_length=40)


class Visit(TimeStampedModel):
    """django-extensions' timestamps: their fields fill themselves in bulk_create too."""

    note = models.CharField(max_length=200)
