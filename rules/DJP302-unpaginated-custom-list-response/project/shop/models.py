from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)


class Order(models.Model):
    customer = models.ForeignKey(Customer, related_name="orders", on_delete=models.CASCADE)
    status = models.CharField(max_length=20)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    quantity = models.IntegerField()


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=20)


class Site(models.Model):
    name = models.CharField(max_length=100)
    orders = models.ManyToManyField(Order, related_name="delivery_sites")


class SiteOnOrder(models.Model):
    site = models.ForeignKey(Site, related_name="sites_on_order", on_delete=models.CASCADE)
    order = models.ForeignKey(Order, on_delete=models.CASCADE)
