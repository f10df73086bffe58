from django.db import models


class Part(models.Model):
    # "core.Maker": the app label of core/makers/models.py is "core", not "makers".
    maker = models.ForeignKey("core.Maker", on_delete=models.CASCADE)
    serial = models.CharField(max_length=40)
