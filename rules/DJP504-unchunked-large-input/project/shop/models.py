from django.db import models


class Record(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    value = models.IntegerField(default=0)
    owner_id = models.IntegerField(null=True)
    created = models.DateTimeField(auto_now_add=True)


class Page(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()


class Country(models.Model):
    code = models.CharField(max_length=2, unique=True)


class Currency(models.Model):
    """A reference table: a form lists every row in one select."""

    code = models.CharField(max_length=3, unique=True)
    rate = models.DecimalField(max_digits=12, decimal_places=6, default=1)


class PriceWeight(models.Model):
    """A weighting per country and currency, edited by staff: few rows, but nothing in the code shows it."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE)
    currency = models.ForeignKey(Currency, on_delete=models.CASCADE)
    weight = models.FloatField(default=1)


def limit_statement_size(upload):
    if upload.size > 10_000_000:
        raise ValueError("Statement too large.")


class Statement(models.Model):
    document = models.FileField(upload_to="statements/", validators=[limit_statement_size])
    scan = models.FileField(upload_to="scans/")
