# fixture-path: shop/management/commands/import_records.py
import csv

from celery import shared_task
from django.core.management.base import BaseCommand

from shop.models import Customer, Price, Rate, Record, Restaurant, Snapshot, Stamped, Tag


# --- ETL contexts: reported at warn ------------------------------------------------


class Command(BaseCommand):
    help = "Import records from the partner feed"

    def handle(self, *args, **options):
        with open(options["path"]) as feed:
            for data in csv.DictReader(feed):
                # ruleid: DJP503
                Record.objects.update_or_create(
                    external_id=data["id"],
                    defaults={"name": data["name"], "value": data["value"]},
                )
        for name in options["tags"]:
            # ok: DJP503 the tags given on the command line: a handful
            Tag.objects.get_or_create(name=name)


@shared_task
def sync_tags(names):
    for name in names:
        # ruleid: DJP503
        Tag.objects.get_or_create(name=name)


@shared_task
def sync_rates(rows):
    for row in rows:
        # ruleid: DJP503 sku and currency are a unique constraint: bulk_create(update_conflicts=True) fits
        Rate.objects.update_or_create(sku=row["sku"], currency=row["currency"], defaults={"amount": row["amount"]})


@shared_task
def sync_prices(rows):
    for row in rows:
        # ruleid: DJP503 no unique constraint covers the lookup: the message says to load existing rows into a dict
        Price.objects.update_or_create(sku=row["sku"], currency=row["currency"], defaults={"amount": row["amount"]})


@shared_task
def import_tagged(rows, product):
    for row in rows:
        # ruleid: DJP503 an import that uses the returned row: info, with level-by-level advice
        tag, _ = Tag.objects.get_or_create(name=row["tag"])
        product.tags.add(tag)


def default_tag_per_row(rows):
    for row in rows:
        # ruleid: DJP503 the same arguments every time: hoist it
        tag, _ = Tag.objects.get_or_create(name="imported")
        row["tag"] = tag.name


# --- elsewhere: reported at info ------------------------------------------------------


def upsert_records(records):
    for data in records:
        # ruleid: DJP503
        Record.objects.update_or_create(external_id=data["id"], defaults={"name": data["name"]})


def tags_for(names):
    # ruleid: DJP503
    return [Tag.objects.get_or_create(name=name)[0] for name in names]


def ensure_customers(rows):
    for row in rows:
        # ok: DJP503 Customer overrides save(): bulk_create would skip it
        Customer.objects.get_or_create(email=row["email"], defaults={"name": row["name"]})


def tag_all(names, product):
    for name in names:
        # ok: DJP503 the returned tag is used in the same iteration
        tag, _ = Tag.objects.get_or_create(name=name)
        product.tags.add(tag)


def tag_ids(names):
    ids = []
    for name in names:
        # ok: DJP503 the returned row's key is read in the same iteration
        tag, _ = Tag.objects.get_or_create(name=name)
        ids.append(tag.pk)
    return ids


# --- quiet -----------------------------------------------------------------------------


def welcome_new(rows):
    for row in rows:
        # The per-row `created` flag drives logic a bulk upsert cannot report.
        # ok: DJP503
        customer, created = Customer.objects.get_or_create(email=row["email"])
        if created:
            print("welcome", customer.email)


def count_new(names):
    new = 0
    for name in names:
        # The flag only counts the new rows: the tags missing from one query before the loop.
        # ruleid: DJP503
        result = Tag.objects.get_or_create(name=name)
        if result[1]:
            new += 1
    return new


def refresh_records(rows):
    refreshed = 0
    for row in rows:
        # ruleid: DJP503 the flag only counts; the rewrite must keep the updates of existing rows
        _, created = Record.objects.update_or_create(external_id=row["id"], defaults={"name": row["name"]})
        if created:
            refreshed += 1
    return refreshed


class AddTagsCommand(BaseCommand):
    def handle(self, *args, **options):
        added = existing = 0
        for record in Record.objects.filter(value__gt=0):
            # ruleid: DJP503 the flag feeds two counters and a log line
            _, created = Tag.objects.get_or_create(name=record.name)
            if created:
                added += 1
                self.stdout.write("added tag for {}".format(record.name))
            else:
                existing += 1
        self.stdout.write(f"{added} added, {existing} existing")


def tag_records(records):
    for record in records:
        # ok: DJP503 the flag decides per-row work (a second write), not only a count
        _, created = Tag.objects.get_or_create(name=record.name)
        if created:
            record.value = 0
            record.save()


def count_untagged(records):
    missing = 0
    for record in records:
        # ok: DJP503 the flag is stored per row, not only counted
        _, created = Tag.objects.get_or_create(name=record.name)
        missing += 1 if created else 0
        record.created_tag = created
    return missing


def open_restaurants(names):
    for name in names:
        # Multi-table inheritance child: bulk_create raises ValueError for it.
        # ok: DJP503
        Restaurant.objects.get_or_create(name=name)


def default_tags():
    for name in ("new", "sale"):
        # ok: DJP503
        Tag.objects.get_or_create(name=name)


def one(name):
    # ok: DJP503
    return Tag.objects.get_or_create(name=name)


def bulk(records):
    objs = [Record(external_id=d["id"], name=d["name"]) for d in records]
    # ok: DJP503
    Record.objects.bulk_create(objs, update_conflicts=True, unique_fields=["external_id"], update_fields=["name"])


# --- known gaps --------------------------------------------------------------------------


def upsert_one(data):
    return Record.objects.update_or_create(external_id=data["id"], defaults={"name": data["name"]})


def via_helper(records):
    for data in records:
        # todoruleid: DJP503 upserts inside functions called from the loop are not followed
        upsert_one(data)


def from_choices(choices):
    for value, label in choices:
        # todook: DJP503 the input may be a short, fixed list (model choices), but it is not a literal here
        Tag.objects.get_or_create(name=label, defaults={"name": value})


# --- short loops through a name ---------------------------------------------------


def seed_tags():
    names = ["books", "music", "films"]
    for name in names:
        # ok: DJP503 names is a local list of 3 literals, bound once: a constant 3 upserts
        Tag.objects.get_or_create(name=name)


def seed_more_tags(extra):
    names = ["books", "music"]
    names += extra
    for name in names:
        # ruleid: DJP503 names is rebound with more items: its length is not known
        Tag.objects.get_or_create(name=name)


def refresh_one(external_id):
    for record in Record.objects.filter(external_id=external_id):
        # ok: DJP503 external_id is unique: the loop runs at most once
        Tag.objects.get_or_create(name=record.name)


# --- advice that must fit the call (rotation set 11) --------------------------------


def upsert_spread(rows):
    for row in rows:
        # ruleid: DJP503 the defaults spread **row: update_fields cannot be listed from the literal keys
        Record.objects.update_or_create(external_id=row["id"], defaults={**row, "value": 1})


def tags_from_dicts(rows):
    for row in rows:
        # ruleid: DJP503 the lookup is **row: no unique constraint is known to cover it
        Tag.objects.get_or_create(**row)


def keep_tags(names, product):
    kept = []
    for name in names:
        # ruleid: DJP503 the rows are kept for after the loop: ignore_conflicts would leave them without keys
        tag, _ = Tag.objects.get_or_create(name=name)
        kept.append(tag)
    product.tags.set(kept)


# --- advice details (round 13) ---------------------------------------------------------------------


def stamp_scores(rows):
    for row in rows:
        # ruleid: DJP503 modified is auto_now: the bulk upsert's update_fields list it too
        Stamped.objects.update_or_create(key=row["key"], defaults={"score": row["score"]})


def ensure_prices(rows):
    for row in rows:
        # ruleid: DJP503 get_or_create without a unique key: load and bulk_create, nothing to bulk_update
        Price.objects.get_or_create(sku=row["sku"], currency=row["currency"], defaults={"amount": row["amount"]})


# --- the conflict target is the unique key the lookups cover (round 14) --------------------------


def refresh_records(rows):
    for row in rows:
        # ruleid: DJP503 external_id is the unique key: unique_fields=["external_id"], name and value are updated
        Record.objects.update_or_create(external_id=row["id"], name=row["name"], value=row["value"])


def ensure_rates(rows):
    for row in rows:
        # ruleid: DJP503 ignore_conflicts skips the rows whose (sku, currency) exists: the advice names that key
        Rate.objects.get_or_create(sku=row["sku"], currency=row["currency"], amount=row["amount"])


# --- round 15: what the advice changes ------------------------------------------------------------------


def ensure_tags(names):
    for name in names:
        # ruleid: DJP503 the lookup is the unique key itself: ignore_conflicts behaves as get_or_create
        Tag.objects.get_or_create(name=name)


def keep_snapshots(rows):
    for row in rows:
        # ruleid: DJP503 no unique key, and payload is JSON: never a dict key, group by taken_on instead
        Snapshot.objects.get_or_create(taken_on=row["day"], payload=row["data"])
