# fixture-path: shop/management/commands/link_records.py
import csv

from django.core.management.base import BaseCommand
from django.db import transaction

from shop.models import Record


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--names", nargs="+", default=[])
        parser.add_argument("--csv-file")
        parser.add_argument("--input", nargs="+", default=[])
        parser.add_argument("--suppliers", nargs="+", default=[])

    def handle(self, *args, **options):
        self.link_names(**options)
        self.rename_listed(**options)
        self.import_listed_file(**options)
        self.import_from_option_file(**options)
        for supplier_id in options["suppliers"]:
            self.renumber_supplier(supplier_id)

    def link_names(self, **options):
        names = set(options["names"])
        known = set(Record.objects.values_list("external_id", flat=True))
        # Names typed on the command line, and the ones of them not known yet: a handful.
        # ok: DJP505
        with transaction.atomic():
            for name in sorted(names - known):
                Record.objects.update_or_create(external_id=name, defaults={"name": name})

    def import_listed_file(self, **options):
        with open(options["csv_file"], newline="") as handle:
            rows = list(csv.DictReader(handle))
        # The rows of the file the option names: an input that grows.
        # ruleid: DJP505
        with transaction.atomic():
            for row in rows:
                Record.objects.create(external_id=row["id"], name=row["name"])

    def import_from_option_file(self, **options):
        # An option named for an input holds files to read, not typed values.
        # ruleid: DJP505
        with transaction.atomic():
            for path in options.get("input"):
                Record.objects.create(external_id=path, name=path)

    # Called once per supplier from handle(): one transaction per item of the outer loop.
    # ok: DJP505
    @transaction.atomic
    def renumber_supplier(self, supplier_id):
        for record in Record.objects.all():
            record.value = supplier_id
            record.save()

    # Called once, outside any loop: the whole table in one transaction.
    # ruleid: DJP505
    @transaction.atomic
    def renumber_all(self):
        for record in Record.objects.all():
            record.value = 0
            record.save()

    def reset(self):
        self.renumber_all()

    def rename_listed(self, **options):
        names = list(dict.fromkeys(options["names"]))
        records = Record.objects.in_bulk(names, field_name="external_id")
        chosen = [records[name] for name in names if name in records]
        # The rows of the names typed on the command line.
        # ok: DJP505
        with transaction.atomic():
            for record in chosen:
                record.name = record.name.title()
                record.save()
