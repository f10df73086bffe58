# fixture-path: shop/management/commands/import_records.py
import csv
import logging
import subprocess
import time
from itertools import islice

import requests
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.transaction import atomic

from shop.feeds import load_supplier_feed
from shop.notices import _get_admin_users_for_account, _send_summary_email
from shop.models import Account, Record, Supplier

logger = logging.getLogger(__name__)

# Typed out in the source: eight known suppliers, whatever the tables hold.
DEFAULT_SUPPLIERS = [
    {"code": "s1", "name": "North"},
    {"code": "s2", "name": "South"},
    {"code": "s3", "name": "East"},
    {"code": "s4", "name": "West"},
    {"code": "s5", "name": "Harbour"},
    {"code": "s6", "name": "Airport"},
    {"code": "s7", "name": "Rail"},
    {"code": "s8", "name": "Depot"},
]
# Starts as a literal, then grows with whatever the settings list: no longer what was typed.
EXTRA_SUPPLIERS = [("x1", "A"), ("x2", "B"), ("x3", "C"), ("x4", "D"), ("x5", "E"), ("x6", "F")]
EXTRA_SUPPLIERS.extend(load_supplier_feed())


# --- (a) a whole import in one transaction (jobs only) ------------------------------------


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("path")

    # ruleid: DJP505
    @transaction.atomic
    def handle(self, *args, **options):
        with open(options["path"], newline="") as handle:
            for row in csv.DictReader(handle):
                Record.objects.update_or_create(external_id=row["id"], defaults={"name": row["name"]})


@shared_task
def import_feed(rows):
    # ruleid: DJP505
    with transaction.atomic():
        for row in rows:
            record = Record(external_id=row["id"], name=row["name"])
            record.save()


@shared_task
def recalculate_all():
    # ruleid: DJP505
    with atomic():
        for record in Record.objects.all():
            record.value += 1
            record.save(update_fields=["value"])


def store_row(row):
    Record.objects.create(external_id=row["id"], name=row["name"])


@shared_task
def import_through_helper(rows):
    # The write happens in a helper of this file: followed one level.
    # ruleid: DJP505
    with transaction.atomic():
        for row in rows:
            store_row(row)


@shared_task
def notify_new_records(rows):
    # The rows record the message sent after the loop: a failed send rolls them back (all-or-nothing on
    # purpose). Reported at info, without the commit-per-batch advice.
    # ruleid: DJP505
    with transaction.atomic():
        for row in rows:
            Record.objects.create(external_id=row["id"], name=row["name"])
        _send_summary_email(rows)


@shared_task
def bump_values(day):
    pending = Record.objects.filter(value__lt=day)
    # The update after the loop marks the input done, committed with the loop's writes: a rerun skips it.
    # ruleid: DJP505
    with transaction.atomic():
        for supplier in Supplier.objects.filter(records__in=pending):
            supplier.name = supplier.name.strip()
            supplier.save()
        pending.update(value=day)


@shared_task
def notify_admins(account_id):
    # One customer's admins: a handful of rows, whatever the table holds.
    # ok: DJP505
    with transaction.atomic():
        for admin in _get_admin_users_for_account(account_id):
            Record.objects.create(external_id=admin["id"], name=admin["name"])


# --- (b) waiting on something outside the database while the transaction is open ----------


@shared_task
def sync_suppliers():
    with transaction.atomic():
        for supplier in Supplier.objects.select_for_update():
            # ruleid: DJP505
            response = requests.get(f"https://suppliers.example.com/{supplier.pk}", timeout=10)
            supplier.name = response.json()["name"]
            supplier.save()


def pay(request, account_id):
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account_id)
        account.balance -= 10
        account.save()
        # ruleid: DJP505
        send_mail("Receipt", "Paid", None, ["customer@example.com"])


@transaction.atomic
def convert_and_store(record_id):
    record = Record.objects.get(pk=record_id)
    # ruleid: DJP505
    subprocess.run(["convert", record.name], check=True)
    # ruleid: DJP505
    time.sleep(1)


@transaction.atomic
def refresh_price_list(region):
    """Fetch the price list first: no query has run, so the driver has not begun the transaction."""
    url = f"https://prices.example.com/{region}.json"
    logger.info("fetching %s", url)
    # ok: DJP505
    response = requests.get(url, timeout=30)
    for row in response.json():
        Record.objects.update_or_create(external_id=row["id"], defaults={"name": row["name"]})
    # ruleid: DJP505
    requests.post(settings.PRICE_HOOK, json={"region": region}, timeout=5)


def refresh_supplier_prices(supplier):
    with transaction.atomic():
        # The supplier's feed URL may load a relation first: that query begins the transaction.
        # ruleid: DJP505
        response = requests.get(supplier.account.feed_url, timeout=30)
        Record.objects.create(external_id=supplier.pk, name=response.text)


# --- quiet: the rulebook's transaction batching ---------------------------------------------


def process_record(record_data):
    Record.objects.update_or_create(external_id=record_data["id"], defaults={"name": record_data["name"]})


@shared_task
def import_records(records, batch_size=500):
    for i in range(0, len(records), batch_size):
        batch = records[i : i + batch_size]

        # ok: DJP505
        with transaction.atomic():
            for record_data in batch:
                process_record(record_data)

        logger.info(f"Committed batch {i // batch_size + 1}")


@shared_task
def import_in_slices(rows):
    iterator = iter(rows)
    while batch := list(islice(iterator, 1000)):
        # ok: DJP505
        with transaction.atomic():
            Record.objects.bulk_create([Record(external_id=r["id"], name=r["name"]) for r in batch])


@shared_task
def import_one_slice(rows):
    # ok: DJP505
    with transaction.atomic():
        for row in rows[:100]:
            store_row(row)


# --- quiet: bounded loops, locks taken on purpose, mail after commit -----------------------


@shared_task
def seed_suppliers():
    # ok: DJP505
    with transaction.atomic():
        for data in DEFAULT_SUPPLIERS:
            Supplier.objects.update_or_create(code=data["code"], defaults=data)


@shared_task
def seed_extra_suppliers():
    # ruleid: DJP505
    with transaction.atomic():
        for code, name in EXTRA_SUPPLIERS:
            Supplier.objects.update_or_create(code=code, defaults={"name": name})


@shared_task
def move_supplier_records(supplier_id, target_id):
    supplier = Supplier.objects.get(pk=supplier_id)
    # The children of one supplier: bounded by that parent.
    # ok: DJP505
    with transaction.atomic():
        for record in supplier.records.all():
            record.supplier_id = target_id
            record.save()


@shared_task
def move_records_of(supplier_id, target_id):
    # Filtered down to one parent's children: bounded like supplier.records.all().
    # ok: DJP505
    with transaction.atomic():
        for record in Record.objects.filter(supplier_id=supplier_id):
            record.supplier_id = target_id
            record.save()


@shared_task
def settle_accounts():
    # Rows locked with select_for_update need the transaction.
    # ok: DJP505
    with transaction.atomic():
        for account in Account.objects.select_for_update().filter(balance__lt=0):
            account.balance = 0
            account.save()


@shared_task
def reset_defaults():
    # ok: DJP505
    with transaction.atomic():
        for name in ("alpha", "beta", "gamma"):
            Record.objects.filter(name=name).update(value=0)


def pay_then_mail(request, account_id):
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account_id)
        account.balance -= 10
        account.save()
        # Runs after commit, not inside the transaction.
        # ok: DJP505
        transaction.on_commit(lambda: send_mail("Receipt", "Paid", None, ["customer@example.com"]))


def save_form(request, rows):
    # A view saving the rows of one submitted form: not a job, (a) does not apply.
    # ok: DJP505
    with transaction.atomic():
        for row in rows:
            Record.objects.create(external_id=row["id"], name=row["name"])


@shared_task
def read_only_report(rows):
    # No write in the loop.
    # ok: DJP505
    with transaction.atomic():
        for row in rows:
            logger.info("row %s", row)


def fetch_outside(record_id):
    # ok: DJP505
    response = requests.get("https://example.com/records", timeout=5)
    with transaction.atomic():
        Record.objects.filter(pk=record_id).update(name=response.json()["name"])


@shared_task
def notify_staff(report_id):
    # The site's staff: a handful of rows, not an input that grows.
    # ok: DJP505
    with transaction.atomic():
        for account in Account.objects.filter(is_staff=True):
            Record.objects.get_or_create(external_id=f"report-{report_id}-{account.pk}")


def site_admins():
    return Account.objects.filter(is_staff=True)


@shared_task
def notify_admins(report_id):
    admins = site_admins()
    # A helper named for the site's staff.
    # ok: DJP505
    with transaction.atomic():
        for account in admins:
            Record.objects.get_or_create(external_id=f"admin-{report_id}-{account.pk}")


@shared_task
def charge_accounts():
    # Accounts that are not staff: the table, not a handful.
    # ruleid: DJP505
    with transaction.atomic():
        for account in Account.objects.filter(is_staff=False):
            account.balance -= 1
            account.save()



# Rows typed into the source as one block of text: as many as were typed.
KNOWN_CODES = """n1\tNorth
s1\tSouth
e1\tEast
w1\tWest
h1\tHarbour
a1\tAirport"""


@shared_task
def seed_known_codes():
    # ok: DJP505
    with transaction.atomic():
        for line in KNOWN_CODES.splitlines():
            code, name = line.split("\t")
            Supplier.objects.update_or_create(code=code, defaults={"name": name})


SUPPLIER_CSV = """code,name,aliases
n1,North,n1
s1,South,s1 s2
e1,East,e1
"""


def aliases_of(code):
    return [code, code.upper()]


@shared_task
def seed_supplier_csv():
    # A CSV typed in the module (three rows), and per row the records of the codes it names.
    # ok: DJP505
    with transaction.atomic():
        for row in csv.DictReader(SUPPLIER_CSV.splitlines()):
            codes = aliases_of(row["code"].strip())
            for record in Record.objects.filter(external_id__in=codes):
                record.name = row["name"]
                record.save()


@shared_task
def rename_every_record():
    # The outer list is typed, but the inner loop walks every record, whatever the row says.
    # ruleid: DJP505
    with transaction.atomic():
        for row in csv.DictReader(SUPPLIER_CSV.splitlines()):
            for record in Record.objects.filter(value__gte=0):
                record.name = row["name"]
                record.save()


@shared_task
def load_supplier(supplier_data):
    records_data = supplier_data.pop("records", [])
    # Called once per supplier, from a comprehension below: one transaction per parent, over its records.
    # ok: DJP505
    with transaction.atomic():
        supplier, _ = Supplier.objects.update_or_create(code=supplier_data["code"], defaults=supplier_data)
        for record_data in records_data:
            Record.objects.update_or_create(external_id=record_data["id"], defaults={"supplier": supplier})
    return supplier


@shared_task
def load_suppliers(suppliers_data):
    return [load_supplier(data) for data in suppliers_data]
