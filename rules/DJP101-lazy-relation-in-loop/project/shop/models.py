import auto_prefetch
from django.db import models

from .labels import ProductLabelMixin


class Company(models.Model):
    name = models.CharField(max_length=100)


class Customer(models.Model):
    name = models.CharField(max_length=100)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="customers")

    def open_invoices(self):
        return self.invoices.filter(paid=False)


class Profile(models.Model):
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE)
    bio = models.TextField(blank=True)

    def __str__(self):
        return f"profile of {self.customer}"


class Coupon(models.Model):
    code = models.CharField(max_length=20, unique=True)


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=10, decimal_places=2)


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    coupon = models.ForeignKey(Coupon, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=20)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    notes = models.TextField(blank=True)

    @property
    def customer_name(self):
        return "" if self.customer_id is None else self.customer.name

    @property
    def customer_key(self):
        return self.customer.pk

    def customer_label(self):
        return self.customer.name.title()

    @property
    def coupon_code(self):
        return self.coupon.code

    def coupon_banner(self):
        # Reads the property above, which reads self.coupon: two members deep.
        return self.coupon_code.upper()

    def __str__(self):
        return f"{self.number} for {self.customer.name}"


class OrderItem(ProductLabelMixin, models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(default=1)


class Carrier(models.Model):
    name = models.CharField(max_length=100)


class ShipmentManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("carrier")


class Shipment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT)

    objects = ShipmentManager()

    def __str__(self):
        return f"shipment by {self.carrier.name}"


class ParcelManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("carrier")


class Parcel(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="parcels")
    carrier = models.ForeignKey(Carrier, null=True, on_delete=models.SET_NULL)

    objects = ParcelManager()


class Review(auto_prefetch.Model):
    product = auto_prefetch.ForeignKey(Product, on_delete=models.CASCADE)
    rating = models.PositiveSmallIntegerField()


class InvoiceQuerySet(models.QuerySet):
    def unpaid(self):
        return self.filter(paid=False)

    def with_coupon(self):
        return self.select_related("coupon")


class InvoiceManager(models.Manager):
    def recent(self):
        return self.get_queryset().order_by("-id")


class Invoice(models.Model):
    number = models.CharField(max_length=20)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="invoices")
    coupon = models.ForeignKey(Coupon, on_delete=models.CASCADE)
    paid = models.BooleanField(default=False)
    due = models.DateField()

    objects = InvoiceQuerySet.as_manager()
    recent_first = InvoiceManager()

    def __str__(self):
        return f"{self.number} ({self.customer.pk})"

    @classmethod
    def overdue(cls, day):
        invoices = cls.objects.filter(due__lt=day)
        invoices = invoices.exclude(paid=True)
        return invoices

    @classmethod
    def single(cls, pk):
        return cls.objects.filter(pk=pk)


class Redemption(models.Model):
    coupon = models.ForeignKey(Coupon, on_delete=models.CASCADE)
    note = models.CharField(max_length=100)

    def __str__(self):
        # A field path of the template reads self.coupon.
        return "{0.coupon!s}: {0.note}".format(self)


class Wishlist(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)

    def __str__(self):
        return "wishlist of " + str(self.customer)


class GiftCard(models.Model):
    code = models.CharField(max_length=20)
    owner = models.ForeignKey(Customer, on_delete=models.CASCADE, null=True)

    def __str__(self):
        # Only the code and the key column: no related row is loaded.
        return f"{self.code} ({self.owner_id})"


class Voucher(models.Model):
    coupon = models.ForeignKey(Coupon, on_delete=models.CASCADE)

    def __str__(self):
        if self.pk is None:
            # A raise runs once; formatting the key there is no per-row load.
            raise ValueError("unsaved voucher of %s" % self.coupon)
        return f"voucher {self.pk}"


class Membership(models.Model):
    # A key to Django's own user model, which the project does not define: the index describes auth.User itself.
    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="membership")
    level = models.CharField(max_length=20)
