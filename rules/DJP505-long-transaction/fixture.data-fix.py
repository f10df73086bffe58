# fixture-path: shop/management/commands/normalize_supplier_names.py
# A one-off data fix behind a dry-run switch: reported at info (etl-operator-levels.test.ts).
from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Supplier


class Command(BaseCommand):
    help = "Collapse repeated spaces in supplier names (dry run unless --commit)."

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true")

    # The operator previews the run, then commits it once; one transaction leaves nothing half done.
    # ruleid: DJP505
    @transaction.atomic
    def handle(self, *args, **options):
        commit = options["commit"]
        for supplier in Supplier.objects.filter(name__contains="  "):
            supplier.name = " ".join(supplier.name.split())
            if commit:
                supplier.save()
