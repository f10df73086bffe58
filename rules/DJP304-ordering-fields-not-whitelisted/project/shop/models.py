from django.db import models


class Country(models.Model):
    code = models.CharField(max_length=2)


class Order(models.Model):
    reference = models.CharField(max_length=20)
    customer = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="orders")
