from django.db import models


class Product(models.Model):
    sku = models.CharField(max_length=32, unique=True)


class Basket(models.Model):
    owner_email = models.EmailField()


class BasketLine(models.Model):
    basket = models.ForeignKey(Basket, related_name="lines", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    webhook_url = models.URLField()
