from django.db import models


class Invoice(models.Model):
    number = models.CharField(max_length=20)
    pdf = models.FileField(upload_to="invoices/")
