from django.db import models


class Report(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()


class Photo(models.Model):
    image = models.ImageField(upload_to="photos/")
    thumbnail = models.ImageField(upload_to="thumbs/", null=True)


class ExportRequest(models.Model):
    """A user's request for an export: a row, not an HTTP request."""

    requested_by = models.ForeignKey("auth.User", on_delete=models.CASCADE)
    status = models.CharField(max_length=20, default="pending")
