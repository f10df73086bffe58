from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    status = models.CharField(max_length=20)
    notes = models.TextField(blank=True)
    payload = models.JSONField(default=dict)

    @property
    def summary(self):
        return self.notes[:80]


class Tag(models.Model):
    name = models.CharField(max_length=50)


class Queue(models.Model):
    name = models.CharField(max_length=100)
    # Text columns with a B-tree index on them alone: identifiers, short by construction.
    alias = models.TextField(null=True, unique=True)
    code = models.TextField(db_index=True)
