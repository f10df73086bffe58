from django.db.models.signals import post_save
from django.dispatch import receiver

from shop.models import Shipment


@receiver(post_save, sender=Shipment)
def announce_shipment(sender, instance, created, **kwargs):
    if created:
        print("shipped", instance.tracking)
