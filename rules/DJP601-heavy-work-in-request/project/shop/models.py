from django.db import models


class Report(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()


class Photo(models.Model):
    image = models.ImageField(upload_to="photos/")
    thumbnail = models.ImageField(upload_to="thumbs/", null=True)
