from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.auth.models import AbstractUser
from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)

    def paid_orders(self):
        return self.orders.filter(status="paid").order_by("-id")

    def every_order(self):
        return self.orders.all()


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=20, default="new")


class Device(models.Model):
    claim_code = models.CharField(max_length=20, unique=True, null=True)
    owner = models.ForeignKey(Customer, on_delete=models.CASCADE)
    name = models.CharField(max_length=50)
    serial = models.CharField(max_length=50)

    class Meta:
        unique_together = ("owner", "name")
        constraints = [models.UniqueConstraint(fields=["owner", "serial"], name="one_serial_per_owner")]



class Remark(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    resolved = models.BooleanField(default=False)


class Ticket(models.Model):
    title = models.CharField(max_length=100)
    remarks = GenericRelation(Remark)


class Member(AbstractUser):
    """Django's AbstractUser declares username unique."""

    nickname = models.CharField(max_length=50)


class Site(models.Model):
    host = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=100)
    state = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name"], condition=~models.Q(state="gone"), name="live_name")]


class SiteInfo(models.Model):
    site = models.OneToOneField(Site, on_delete=models.CASCADE)
    owner = models.ForeignKey(Customer, on_delete=models.CASCADE)
