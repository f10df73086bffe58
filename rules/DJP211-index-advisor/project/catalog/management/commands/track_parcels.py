from django.core.management.base import BaseCommand

from catalog.models import Parcel


class Command(BaseCommand):
    help = "Look parcels up by tracking code"

    def handle(self, *args, **options):
        for code in options["codes"]:
            Parcel.objects.filter(tracking_code=code).update(carrier="")
        return str(Parcel.objects.get(tracking_code=options["codes"][0]))
