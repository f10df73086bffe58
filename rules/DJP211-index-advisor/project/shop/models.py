from django.db import models


class Customer(models.Model):
    token = models.CharField(max_length=64)
    nickname = models.CharField(max_length=64)
    bio = models.TextField()
    slug = models.SlugField(unique=True)


class Article(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    editor = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL)

    class Meta:
        indexes = []


class Tag(models.Model):
    label = models.CharField(max_length=50)


class Batched(models.Model):
    batch = models.CharField(max_length=20)

    class Meta:
        abstract = True
