from django.db import models


class Event(models.Model):
    created = models.DateTimeField(auto_now_add=True, db_index=True)


class Tag(models.Model):
    name = models.CharField(max_length=20)
