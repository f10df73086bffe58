# fixture-path: shop/importers/supplier_feed.py
# Imports that mirror a feed into a table: after the loop they retire the rows the feed no longer
# lists, so the one transaction is the design (reported at info without batching advice; levels in
# djp505-all-or-nothing.test.ts). A plain import keeps warn.
import json

from django.db import transaction

from shop.models import Record, Supplier


class SupplierFeed:
    def fetch(self):
        with open("/srv/feeds/suppliers.json") as handle:
            return json.load(handle)

    def run(self):
        self.mirror_suppliers(self.fetch())
        self.mirror_records(self.fetch())
        self.mirror_by_name(self.fetch())
        self.append_only(self.fetch())
        self.refresh_flags(self.fetch())

    # ruleid: DJP505
    @transaction.atomic
    def mirror_suppliers(self, entries):
        kept = []
        for entry in entries:
            supplier, _ = Supplier.objects.update_or_create(name=entry["name"], defaults={})
            kept.append(supplier.pk)
        Supplier.objects.exclude(pk__in=kept).delete()

    def mirror_records(self, entries):
        codes = set()
        # ruleid: DJP505
        with transaction.atomic():
            for entry in entries:
                Record.objects.update_or_create(external_id=entry["id"], defaults={"name": entry["name"]})
                codes.add(entry["id"])
            stale = Record.objects.exclude(external_id__in=codes)
            for record in stale:
                record.delete()

    def mirror_by_name(self, entries):
        # The names left after the first loop strikes off the ones the feed lists are switched off.
        left = set(Record.objects.values_list("external_id", flat=True))
        # ruleid: DJP505
        with transaction.atomic():
            for entry in entries:
                Record.objects.filter(external_id=entry["id"]).update(name=entry["name"])
                left.discard(entry["id"])
            for external_id in left:
                Record.objects.filter(external_id=external_id).update(value=0)

    # A plain import: nothing retires missing rows; committing per batch is the advice.
    # ruleid: DJP505
    @transaction.atomic
    def append_only(self, entries):
        seen = []
        for entry in entries:
            record, _ = Record.objects.update_or_create(external_id=entry["id"], defaults={"name": entry["name"]})
            seen.append(record.pk)
        return seen

    # The excluded set is only counted, not retired: still an import loop.
    # ruleid: DJP505
    @transaction.atomic
    def refresh_flags(self, entries):
        seen = []
        for entry in entries:
            record, _ = Record.objects.update_or_create(external_id=entry["id"], defaults={"name": entry["name"]})
            seen.append(record.pk)
        return Record.objects.exclude(pk__in=seen).count()
