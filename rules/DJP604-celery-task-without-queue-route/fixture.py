# fixture-path: shop/tasks.py
import json
import subprocess
from datetime import timedelta

import requests
from celery import Task, group, shared_task
from django.apps import apps
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone

from config.celery import app

from .models import Basket, BasketLine, Product

ETL_QUEUE = "etl"


def push_to_crm(product_id):
    return requests.post("https://crm.example.com/products", json={"id": product_id}, timeout=10)


# --- long-running, with no queue option, no route, no call site choosing one -------------------


# ruleid: DJP604
@shared_task
def import_products(path):
    return path


# ruleid: DJP604
@app.task(bind=True, max_retries=3)
def refresh_all_prices(self):
    for product in Product.objects.filter(active=True):
        product.price = product.price * 2
        product.save()


# ruleid: DJP604
@shared_task
def recount_catalogue():
    # Streamed with iterator(), still every row of the table.
    for product in Product.objects.filter(sku__startswith="A").iterator(chunk_size=500):
        product.sku = product.sku.strip()


# ruleid: DJP604
@shared_task
def poll_suppliers(urls):
    # One remote exchange per supplier: as many round trips as the list is long.
    for url in urls:
        requests.post(url, json={"ping": True}, timeout=10)


# ruleid: DJP604
@shared_task
def refresh_search():
    # A command named for a whole-dataset rebuild runs as long as the catalogue is large.
    call_command("rebuild_index", interactive=False)


# ruleid: DJP604
@shared_task
def compress_media(path):
    subprocess.run(["gzip", path], check=True)


# ruleid: DJP604
@shared_task
def copy_products(rows):
    Product.objects.bulk_create([Product(**row) for row in rows])


# ruleid: DJP604
@shared_task(soft_time_limit=60 * 30)
def crunch_numbers(batch):
    return batch


# ruleid: DJP604
@shared_task
def mail_every_customer(addresses):
    for address in addresses:
        send_mail("Sale", "Everything is half price", "shop@example.com", [address])


# --- quick tasks: one row, one mail; they belong on the default queue -------------------------


@shared_task
def process_product(product_id):
    return product_id


def queue_processing(product_id):
    # One chain per product, and one bookkeeping row: the work runs in the queued tasks.
    process_product.si(product_id).delay()
    Basket.objects.create(owner_email=f"{product_id}@example.com")


# A dispatcher: per failed product it only queues the processing.
# ok: DJP604
@shared_task
def retry_failed_products():
    for product in Product.objects.filter(sku__startswith="failed-"):
        queue_processing(product.pk)


# Queues per row, but also calls the CRM per row: that is work of its own.
# ruleid: DJP604
@shared_task
def retry_and_push_products():
    for product in Product.objects.filter(sku__startswith="failed-"):
        queue_processing(product.pk)
        push_to_crm(product.pk)


# A periodic check of the last five minutes: a handful of rows, not a table.
# ok: DJP604
@shared_task
def activate_due_products():
    now = timezone.now()
    for product in Product.objects.filter(activate_on__gt=now - timedelta(minutes=5), activate_on__lte=now):
        product.save()


# The lines due within the hour are few, but each fans out to all the lines of its basket, saving each.
# ruleid: DJP604
@shared_task
def remind_basket_owners():
    now = timezone.now()
    for due in BasketLine.objects.filter(opens_at__gt=now, opens_at__lte=now + timedelta(minutes=60)):
        for line in due.basket.lines.all():
            line.webhook_url = ""
            line.save()


# A month of rows is a table's worth.
# ruleid: DJP604
@shared_task
def reprice_recent_products():
    now = timezone.now()
    for product in Product.objects.filter(created__gt=now - timedelta(days=30), created__lte=now):
        product.save()



# ok: DJP604
@app.task(bind=True, max_retries=3)
def send_price_alert(self, product_id):
    return Product.objects.filter(pk=product_id).exists()


# Named for syncing, but of one product: the name says what kind of work, not how much.
# ok: DJP604
@shared_task
def sync_product_with_crm(product_id):
    return push_to_crm(product_id)


# Named for syncing, fed by its caller (one webhook's pushed files): as long as that input, not a dataset-wide job.
# ok: DJP604
@shared_task
def sync_site_configs(url, files, commit=None):
    return push_to_crm(url, files, commit)


# A sync that takes nothing and says it syncs everything there is.
# ruleid: DJP604
@shared_task
def sync_all_catalogues():
    return push_to_crm(None)


# Named for syncing, nothing more: "sync" says what kind of work, not how much, and the body shows no long work.
# ok: DJP604
@shared_task
def sync_tags():
    return push_to_crm(None)


# The same word with work in the body: a loop over a table's rows.
# ruleid: DJP604
@shared_task
def sync_products():
    for product in Product.objects.all():
        push_to_crm(product.pk)


# ok: DJP604
@shared_task
def mail_receipt(address):
    send_mail("Receipt", "Thanks for your order", "shop@example.com", [address])


# ok: DJP604
@shared_task(time_limit=30)
def mark_sold(product_id):
    product = Product.objects.get(pk=product_id)
    for field in ("sold", "hidden"):
        setattr(product, field, True)
    product.save()


# ok: DJP604
@shared_task
def expire_reservations():
    # One UPDATE through Django's own helpers: quick.
    cutoff = timezone.now() - timedelta(days=1)
    apps.get_model("shop", "Product").objects.filter(reserved_at__lt=cutoff).update(reserved_at=None)


# Work in project code the rule does not follow proves nothing about its length: silent, even though
# this project routes other tasks.
# ok: DJP604
@shared_task
def tidy_catalogue_pages():
    Product.rebuild_pages()


# One remote exchange is one quick step, like one mail.
# ok: DJP604
@shared_task
def fetch_supplier_feed(url):
    return requests.get(url, timeout=30).json()


# A single housekeeping command (one DELETE of expired rows) is no evidence of long work.
# ok: DJP604
@shared_task
def purge_stale_carts():
    call_command("purge_carts", verbosity=0)


# A webhook event: parse it, update one row.
# ok: DJP604
@shared_task
def apply_stock_event(payload):
    event = json.loads(payload)
    product = Product.objects.get(sku=event["sku"])
    product.sku = event["new_sku"]
    product.save()


# One basket's lines are a handful of rows, whatever the table holds: a notification each stays quick.
# ok: DJP604
@shared_task
def notify_basket_watchers(basket_id):
    basket = Basket.objects.get(pk=basket_id)
    for line in basket.lines.all():
        requests.post(line.webhook_url, json={"basket": basket.pk}, timeout=5)


# A dispatcher: one read chooses the rows, the loop only queues a task per row (the work runs there).
# ok: DJP604
@shared_task
def reprice_each_product(sku_prefix=None):
    products = Product.objects.filter(active=True)
    if sku_prefix:
        products = products.filter(sku__startswith=sku_prefix)
    for product in products:
        mark_sold.delay(product.pk)


# The loop queues, but also writes every row itself: the walk is work of this task.
# ruleid: DJP604
@shared_task
def stamp_and_queue_products():
    for product in Product.objects.all():
        product.save()
        mark_sold.delay(product.pk)


# The loop queues, but reads per row first: a query per product.
# ruleid: DJP604
@shared_task
def queue_basket_totals():
    for product in Product.objects.all():
        for basket in Basket.objects.filter(product=product):
            mark_sold.delay(basket.pk)


# ruleid: DJP604
@shared_task
def export_catalog():
    return None


# ruleid: DJP604
@shared_task(name="shop.reports.monthly")
def report_monthly_sales():
    return None


# ruleid: DJP604
class RecalculateStock(Task):
    def run(self):
        for product in Product.objects.all():
            product.recount()


# --- routed: a queue option, a matching route, a queue chosen where it is called ---------------


# ok: DJP604
@shared_task(queue="etl")
def import_prices(path):
    return path


# ok: DJP604
@shared_task(queue=ETL_QUEUE)
def import_stock(path):
    return path


# The rulebook's routing: these names match `apps.*.tasks.etl_*` and `apps.*.tasks.notification_*`.
# ok: DJP604
@shared_task(name="apps.shop.tasks.etl_sync_suppliers")
def sync_suppliers():
    return None


# ok: DJP604
@shared_task(name="apps.shop.tasks.notification_restock")
def notify_restock(product_id):
    return product_id


# ok: DJP604
@app.task
def rebuild_price_cache(product_id):
    # Always queued with apply_async(queue="etl") (shop/signals.py).
    return product_id


# ok: DJP604
class ReindexTask(Task):
    queue = "etl"

    def run(self):
        return None


# ok: DJP604
@shared_task(base=ReindexTask)
def reindex_products():
    return None


# ok: DJP604
def not_a_task(path):
    return path


# Routed: it lists the feed's chunks and returns a group of chunk tasks.
# ok: DJP604
@shared_task(queue=ETL_QUEUE)
def list_feed_chunks(source, chunk_size=None):
    return [source, chunk_size]


# A dispatcher: it only replaces itself with the routed task's work.
# ok: DJP604
@app.task(bind=True)
def import_all_feeds(self, *, chunk_size=None):
    """Import every feed."""
    return self.replace(list_feed_chunks("feeds", chunk_size=chunk_size))


def feed_chunk_group(source):
    """A group of routed chunk tasks, one per ten feeds (not a task itself)."""
    names = [source] * 30
    return group([list_feed_chunks.si(names[i : i + 10]) for i in range(0, len(names), 10)])


# Replaced by the group a helper of this module builds from routed tasks.
# ok: DJP604
@app.task(bind=True)
def import_all_archives(self):
    return self.replace(feed_chunk_group("archives"))


def unrouted_group(source):
    return group([sync_tags.si() for _ in range(3)])


# The helper's group runs a task with no queue of its own.
# ruleid: DJP604
@app.task(bind=True)
def import_all_tags(self):
    return self.replace(unrouted_group("tags"))


# Replaced by a task that has no queue of its own: the work stays on the default queue.
# ruleid: DJP604
@app.task(bind=True)
def import_all_prices(self):
    return self.replace(sync_tags.s())
