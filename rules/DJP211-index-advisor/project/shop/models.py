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


class Page(models.Model):
    path = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)


class Member(models.Model):
    handle = models.CharField(max_length=50)
    active = models.BooleanField(default=True)

    @classmethod
    def visible(cls, viewer):
        members = cls.objects.filter(active=True)
        if viewer is not None:
            members = members.exclude(pk=viewer.pk)
        return members


class Listing(models.Model):
    owner = models.ForeignKey(Member, on_delete=models.CASCADE)
    title = models.CharField(max_length=100)

    @classmethod
    def of_owner(cls, owner):
        return cls.objects.filter(owner=owner)


class Ticket(models.Model):
    code = models.CharField(max_length=20)
    serial = models.CharField(max_length=20)


class Plan(models.Model):
    key = models.UUIDField(unique=True)
    name = models.CharField(max_length=100)
