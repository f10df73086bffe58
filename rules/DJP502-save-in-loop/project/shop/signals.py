from django.db.models.signals import pre_save
from django.dispatch import receiver

from shop.models import Shipment


@receiver(pre_save, sender=Shipment)
def normalise_tracking(sender, instance, **kwargs):
    instance.tracking = instance.tracking.strip()
