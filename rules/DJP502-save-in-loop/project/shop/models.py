from django.db import models
from django_extensions.db.models import TimeStampedModel
from model_utils.models import TimeStampedModel as StampedModel


class Record(models.Model):
    external_id = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=20, default="pending")
    value = models.IntegerField(default=0)
    processed_at = models.DateTimeField(null=True)


class Order(models.Model):
    status = models.CharField(max_length=20, default="new")
    total = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def close(self):
        self.status = "closed"
        self.save(update_fields=["status", "updated_at"])

    def close_if_paid(self):
        if self.total:
            self.status = "closed"
            self.save()

    def archive(self):
        self.status = "archived"
        self.save()
        self.items.all().delete()

    def describe(self):
        return f"{self.status} {self.total}"


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    price = models.DecimalField(max_digits=10, decimal_places=2)


class Invoice(models.Model):
    number = models.CharField(max_length=20)
    paid = models.BooleanField(default=False)

    def save(self, *args, **kwargs):
        self.number = self.number.upper()
        super().save(*args, **kwargs)

    def mark_paid(self):
        self.paid = True
        self.save()


class Shipment(models.Model):
    tracking = models.CharField(max_length=40)
    delivered = models.BooleanField(default=False)


class Entry(models.Model):
    list_id = models.IntegerField()
    position = models.IntegerField()

    class Meta:
        unique_together = ("list_id", "position")


class Ballot(TimeStampedModel):
    """django-extensions adds `created` and `modified` (set on every save)."""

    bio = models.TextField(blank=True)


class Candidacy(StampedModel):
    """model-utils adds `created` and `modified` too."""

    rank = models.IntegerField(default=0)


class Ticket(models.Model):
    status = models.CharField(max_length=20, default="open")
    value = models.IntegerField(default=0)

    # The QuerySet class lives in shop/services.py (the fixture): its methods' `self` is Ticket rows.
    objects = TicketQuerySet.as_manager()  # noqa: F821
