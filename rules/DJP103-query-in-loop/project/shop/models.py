from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)


class Product(models.Model):
    sku = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=20, default="new")
    total = models.DecimalField(max_digits=10, decimal_places=2, default=0)


class Refund(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="refunds")
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=0)


class Shift(models.Model):
    """Members that query about the row whenever they are read (DJP103 per-row member queries)."""

    starts = models.DateTimeField()
    seats = models.IntegerField(default=0)

    @property
    def taken(self):
        return Booking.objects.filter(shift=self).count()

    @property
    def free_seats(self):
        # The row's values go to a static helper whose query reads its parameters.
        return self.seats_left(self.seats, self.starts)

    @staticmethod
    def seats_left(seats, starts):
        return seats - Booking.objects.filter(when__gte=starts).count()

    @property
    def taken_memo(self):
        if hasattr(self, "_taken"):
            return self._taken
        return Booking.objects.filter(shift=self).count()

    @property
    def taken_if_open(self):
        return self.seats > 0 and Booking.objects.filter(shift=self).exists()

    def has_late_bookings(self):
        return self.booking_set.filter(when__gt=self.starts).exists()

    def has_bookings(self):
        # Served by a prefetch of booking_set when the caller made one.
        return self.booking_set.exists()

    @property
    def label(self):
        return f"{self.starts:%H:%M}"

    def reopen(self):
        # An action per row: reloads the row to save it (per-row writes are DJP502's).
        fresh = Shift.objects.get(pk=self.pk)
        fresh.seats += 1
        fresh.save()

    def count_for(self, customer):
        # Reads only its argument, not the row.
        return Booking.objects.filter(customer=customer).count()


class Booking(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, null=True)
    when = models.DateTimeField()


class Review(models.Model):
    # No related_name: products reach their reviews through the default accessor `review_set`.
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    stars = models.PositiveSmallIntegerField(default=5)


class Tag(models.Model):
    label = models.CharField(max_length=50)
    orders = models.ManyToManyField(Order, related_name="tags")
