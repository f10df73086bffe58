from django.db import models


class Customer(models.Model):
    email = models.CharField(max_length=200)
    code = models.CharField(max_length=20, unique=True, null=True)
    # Made unique by a migration after the data migrations of the fixture.
    handle = models.CharField(max_length=30, unique=True, null=True)


class Order(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
