from django.db import models


class TaxParameter(models.Model):
    region_id = models.IntegerField()
    rate = models.DecimalField(max_digits=5, decimal_places=2)


class Currency(models.Model):
    code = models.CharField(max_length=3)


class Invoice(models.Model):
    region_id = models.IntegerField()
    total = models.DecimalField(max_digits=12, decimal_places=2)
