from django.conf import settings
from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=20, unique=True)


class Coupon(models.Model):
    code = models.CharField(max_length=20, unique=True)


class Legacy(models.Model):
    uuid = models.UUIDField(primary_key=True)
    id = models.IntegerField()


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    coupon = models.ForeignKey(Coupon, null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    billing_customer = models.ForeignKey(
        Customer, to_field="code", on_delete=models.PROTECT, related_name="billed_orders"
    )
    status = models.CharField(max_length=20)
    legacy = models.ForeignKey(Legacy, null=True, on_delete=models.SET_NULL)

    def customer_key(self):
        return self.customer_id


class Shipment(models.Model):
    order = models.OneToOneField(Order, on_delete=models.CASCADE)
    tracking = models.CharField(max_length=40)
