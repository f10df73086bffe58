from django.contrib.auth import get_user_model
from django.db import models

User = get_user_model()


class Country(models.Model):
    code = models.CharField(max_length=2)


class Order(models.Model):
    reference = models.CharField(max_length=20)
    customer = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="orders")
    country = models.ForeignKey(Country, null=True, on_delete=models.SET_NULL)


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField(blank=True)
