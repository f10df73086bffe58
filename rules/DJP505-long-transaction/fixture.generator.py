# fixture-path: shop/management/commands/make_demo_shop.py
# A demo-data generator: its transactions insert rows the loop makes up. Levels are checked in
# etl-operator-levels.test.ts (info when only new rows are inserted until the loop ends).
from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Account, Record, Supplier


class Command(BaseCommand):
    help = "Fill an empty database with demo suppliers and records."

    def add_arguments(self, parser):
        parser.add_argument("--suppliers", type=int, default=50)

    def handle(self, *args, **options):
        count = options["suppliers"]
        ledger = Account.objects.get(pk=1)

        # New rows only, until the loop ends; the ledger row is saved last, locked only for the tail.
        # ruleid: DJP505
        with transaction.atomic():
            demo = Supplier.objects.create(name="Demo wholesale")
            for i in range(count):
                supplier = Supplier.objects.create(name=f"Supplier {i:03d}")
                record = Record(external_id=f"demo-{i}", name=f"Record {i}", supplier=supplier)
                record.save()
                Record.objects.bulk_create([Record(external_id=f"demo-extra-{i}", name="extra", supplier=demo)])
            ledger.balance = count
            ledger.save()

        # The ledger row is written on every iteration: locked from the first write to the commit.
        # ruleid: DJP505
        with transaction.atomic():
            for i in range(count):
                Record.objects.create(external_id=f"bonus-{i}", name="bonus")
                ledger.balance += 1
                ledger.save()
