from django.db import models


class Record(models.Model):
    external_id = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    value = models.IntegerField(default=0)


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)


class Customer(models.Model):
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=100)

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)


class Place(models.Model):
    name = models.CharField(max_length=100, unique=True)


class Restaurant(Place):
    serves_pizza = models.BooleanField(default=False)


class Price(models.Model):
    """No unique constraint on (sku, currency): a bulk upsert has no conflict target."""

    sku = models.CharField(max_length=32)
    currency = models.CharField(max_length=3)
    amount = models.IntegerField()


class Rate(models.Model):
    sku = models.CharField(max_length=32)
    currency = models.CharField(max_length=3)
    amount = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sku", "currency"], name="one_rate")]


class Stamped(models.Model):
    key = models.CharField(max_length=32, unique=True)
    score = models.IntegerField(default=0)
    modified = models.DateTimeField(auto_now=True)


class Snapshot(models.Model):
    """No unique constraint, and one lookup column holds JSON (dicts and lists: not hashable)."""

    taken_on = models.DateField()
    payload = models.JSONField(default=dict)
