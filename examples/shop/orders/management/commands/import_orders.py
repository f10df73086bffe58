"""Imports marketplace orders from the CSV exports the marketplace drops every night.

    python manage.py import_orders imports/marketplace-2024-05-01.csv
    python manage.py import_orders imports/*.csv --bulk

Every row is one order line: reference, customer_email, customer_name, sku, quantity, unit_price.
The default mode is the original row-by-row import; `--bulk` is its rewrite, which needs a handful of
queries per thousand rows instead of five per row.
"""
import csv
from decimal import Decimal
from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import Product
from orders.models import Customer, Order, OrderItem

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = "Import marketplace orders from CSV files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--bulk", action="store_true", help="import in batches (recommended)")

    def handle(self, *args, **options):
        for path in options["paths"]:
            if not path.exists():
                raise CommandError(f"{path} does not exist")
            with path.open(newline="", encoding="utf-8") as export:
                rows = csv.DictReader(export)
                count = self.import_in_batches(rows) if options["bulk"] else self.import_row_by_row(rows)
            self.stdout.write(self.style.SUCCESS(f"{path.name}: {count} order lines imported"))

    def import_row_by_row(self, rows):
        count = 0
        for row in rows:
            # djperf-demo: DJP503
            customer, _ = Customer.objects.update_or_create(
                email=row["customer_email"],
                defaults={"name": row["customer_name"]},
            )
            # djperf-demo: DJP503
            order, _ = Order.objects.get_or_create(reference=row["reference"], defaults={"customer": customer})
            # djperf-demo: DJP103
            product = Product.objects.get(sku=row["sku"])
            line = OrderItem(
                order=order,
                product=product,
                quantity=int(row["quantity"]),
                unit_price=Decimal(row["unit_price"]),
            )
            # djperf-demo: DJP501
            line.save()
            count += 1
        return count

    def import_in_batches(self, rows):
        """Clean: reads the file in slices and writes each slice with bulk statements."""
        count = 0
        while batch := list(islice(rows, BATCH_SIZE)):
            self.import_batch(batch)
            count += len(batch)
        return count

    @transaction.atomic
    def import_batch(self, batch):
        # One row per key: PostgreSQL refuses to upsert the same row twice in one statement.
        customers = {r["customer_email"]: Customer(email=r["customer_email"], name=r["customer_name"]) for r in batch}
        Customer.objects.bulk_create(
            customers.values(),
            update_conflicts=True,
            unique_fields=["email"],
            update_fields=["name"],
        )
        by_email = Customer.objects.in_bulk(list(customers), field_name="email")

        orders = {r["reference"]: Order(reference=r["reference"], customer=by_email[r["customer_email"]]) for r in batch}
        Order.objects.bulk_create(orders.values(), ignore_conflicts=True)
        by_reference = Order.objects.in_bulk(list(orders), field_name="reference")

        by_sku = Product.objects.in_bulk({r["sku"] for r in batch}, field_name="sku")
        missing = {r["sku"] for r in batch} - by_sku.keys()
        if missing:
            raise CommandError(f"unknown SKUs: {', '.join(sorted(missing))}")
        OrderItem.objects.bulk_create(
            [
                OrderItem(
                    order=by_reference[r["reference"]],
                    product=by_sku[r["sku"]],
                    quantity=int(r["quantity"]),
                    unit_price=Decimal(r["unit_price"]),
                )
                for r in batch
            ],
            ignore_conflicts=True,
        )
