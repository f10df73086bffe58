from django.db import models


class Record(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    value = models.IntegerField(default=0)
    owner_id = models.IntegerField(null=True)
    created = models.DateTimeField(auto_now_add=True)


class Country(models.Model):
    code = models.CharField(max_length=2, unique=True)
