from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver

from .keys import price_key
from .models import Product
from .permissions import PERM_KEY

CATALOGUE_KEY = "catalogue:v1"


@receiver(post_save, sender=Product)
def forget_product(sender, instance, **kwargs):
    cache.delete(f"product:{instance.pk}")
    cache.delete(price_key(instance.pk))
    cache.delete_many([f"related:{instance.pk}", CATALOGUE_KEY])
    cache.delete_pattern("search:*")
    # A write-through refresh of the summary: the family is kept current on every save.
    cache.set(f"summary:{instance.pk}", instance.name)


def revoke(user_id, codename):
    # Deleted through a template imported from another module.
    cache.delete(PERM_KEY % (user_id, codename))
