from django.db import models


class Customer(models.Model):
    token = models.CharField(max_length=64)
    nickname = models.CharField(max_length=64)
    bio = models.TextField()
    slug = models.SlugField(unique=True)


class Article(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        indexes = []


class Tag(models.Model):
    label = models.CharField(max_length=50)
