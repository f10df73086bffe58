from django.contrib.auth.models import User
from django.db import models


class Member(User):
    class Meta:
        proxy = True


class Country(models.Model):
    code = models.CharField(max_length=2)


class Project(models.Model):
    name = models.CharField(max_length=20)


class Order(models.Model):
    reference = models.CharField(max_length=20)
    customer = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="orders")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True)
    public = models.BooleanField(default=False)
