from django.db import models


class Supplier(models.Model):
    name = models.CharField(max_length=200)


class Record(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    value = models.IntegerField(default=0)
    supplier = models.ForeignKey(Supplier, related_name="records", on_delete=models.CASCADE, null=True)


class Account(models.Model):
    balance = models.IntegerField(default=0)
    is_staff = models.BooleanField(default=False)
