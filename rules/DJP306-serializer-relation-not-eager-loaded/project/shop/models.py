from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    region = models.ForeignKey("Region", on_delete=models.CASCADE)


class Region(models.Model):
    name = models.CharField(max_length=100)


class Tag(models.Model):
    label = models.CharField(max_length=50)


class Product(models.Model):
    title = models.CharField(max_length=100)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    owner = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="shop_orders")
    tags = models.ManyToManyField(Tag)
    notes = models.TextField()


class Item(models.Model):
    order = models.ForeignKey(Order, related_name="items", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    quantity = models.IntegerField()


# A model the index cannot read in full: its base comes from an installed package.
from accounts_pkg.models import ExternalUser  # noqa: E402


class Team(models.Model):
    name = models.CharField(max_length=50)


class Staff(ExternalUser):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)


class OrderNote(models.Model):
    order = models.ForeignKey(Order, related_name="order_notes", on_delete=models.CASCADE)
    author = models.ForeignKey(Staff, on_delete=models.CASCADE)
    text = models.TextField()



# Models on a base from an installed package: their own fields are read, the base's are not.
from etagkit.models import ETagMixin  # noqa: E402


class Invoice(ETagMixin, models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    tags = models.ManyToManyField(Tag, related_name="invoices")

    objects = models.Manager()


class Receipt(ETagMixin, models.Model):
    # No manager of its own: `objects` may be the package base's (and eager-load).
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)


class Person(models.Model):
    name = models.CharField(max_length=100)


class CompatNames:
    """A plain mixin whose properties read the one-to-one to the base person (rotation set 13)."""

    @property
    def display_name(self):
        return self.person.name


class Member(models.Model, CompatNames):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True)


class Ticket(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE)


class Staff(Person):
    """Multi-table child: `person_ptr` is built from the row's own columns, no query."""

    @property
    def label(self):
        return self.person_ptr.name
