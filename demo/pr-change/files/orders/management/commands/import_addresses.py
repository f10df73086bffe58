"""Imports shipping addresses exported from the old shop system.

    python manage.py import_addresses exports/addresses.csv

Every row is one address: email, line1, line2, city, postal_code, country. Rows whose customer does
not exist yet are reported and skipped.
"""
import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orders.models import Address, Customer


class Command(BaseCommand):
    help = "Import customers' shipping addresses from a CSV export."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, **options):
        path = options["path"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        imported = skipped = 0
        with path.open(newline="", encoding="utf-8") as export:
            for row in csv.DictReader(export):
                try:
                    customer = Customer.objects.get(email=row["email"].strip().lower())
                except Customer.DoesNotExist:
                    self.stderr.write(f"no customer with email {row['email']}, skipped")
                    skipped += 1
                    continue
                Address.objects.create(
                    customer=customer,
                    line1=row["line1"],
                    line2=row.get("line2", ""),
                    city=row["city"],
                    postal_code=row["postal_code"],
                    country=row.get("country") or "DE",
                )
                imported += 1
        self.stdout.write(self.style.SUCCESS(f"{imported} addresses imported, {skipped} skipped"))
