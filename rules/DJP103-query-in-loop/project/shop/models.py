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


class Review(models.Model):
    # No related_name: products reach their reviews through the default accessor `review_set`.
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    stars = models.PositiveSmallIntegerField(default=5)


class Tag(models.Model):
    label = models.CharField(max_length=50)
    orders = models.ManyToManyField(Order, related_name="tags")
