from django.db import models


class Maker(models.Model):
    name = models.CharField(max_length=100)
    home = models.ForeignKey("shop.Company", on_delete=models.CASCADE)
