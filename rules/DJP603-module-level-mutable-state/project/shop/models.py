from django.db import models


class TaxParameter(models.Model):
    region_id = models.IntegerField(unique=True)
    rate = models.DecimalField(max_digits=5, decimal_places=2)
