# fixture-path: shop/management/commands/open_supplier.py
# Values argparse hands to handle() by their dest, and a helper that only parses them: a handful the
# operator typed, not an input that grows.
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shop.models import Record, Supplier


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--tag", nargs="+", dest="tags", action="append", default=[])
        parser.add_argument("--codes", default="")
        parser.add_argument("--feed-file", dest="feed")

    # One supplier with the records typed after it: all or nothing.
    # ok: DJP505
    @transaction.atomic
    def handle(self, name, tags, codes, feed, *args, **options):
        supplier = Supplier.objects.create(name=name)
        for tag in self.parse_tags(tags):
            Record.objects.create(external_id=f"{name}-{tag[0]}", name=tag[-1], supplier=supplier)
        self.add_codes(supplier, codes)
        self.load_feed(supplier, feed)
        self.add_lookups(supplier, tags)

    def parse_tags(self, tags):
        parsed = []
        for tag in tags:
            if len(tag) > 2:
                raise CommandError("--tag takes one or two values")
            parsed.append((tag[0], tag[-1]))
        return parsed

    def add_codes(self, supplier, codes):
        # Typed too, but handed over by handle(): a caller's argument is not followed.
        # todook: DJP505
        with transaction.atomic():
            for code in codes.split(","):
                Record.objects.create(external_id=code, name=code, supplier=supplier)

    def load_feed(self, supplier, feed):
        with open(feed) as handle:
            lines = handle.readlines()
        # A file's lines: an input that grows.
        # ruleid: DJP505
        with transaction.atomic():
            for line in lines:
                Record.objects.create(external_id=line.strip(), name=line, supplier=supplier)

    def expand(self, tags):
        found = []
        for tag in tags:
            found.extend(Record.objects.filter(name__startswith=tag[0]))
        return found

    def add_lookups(self, supplier, tags):
        # The helper queries the table for every typed value: as many rows as match, not as many as typed.
        # ruleid: DJP505
        with transaction.atomic():
            for record in self.expand(tags):
                Record.objects.filter(pk=record.pk).update(supplier=supplier)
