from django.db import models


class Record(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    value = models.IntegerField(default=0)


class Country(models.Model):
    code = models.CharField(max_length=2, unique=True)
