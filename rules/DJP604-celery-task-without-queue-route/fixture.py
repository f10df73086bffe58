# fixture-path: shop/tasks.py
from celery import Task, shared_task

from config.celery import app

from .models import Product

ETL_QUEUE = "etl"


# --- no queue option, no route, no call site choosing one ----------------------------------


# ruleid: DJP604
@shared_task
def import_products(path):
    return path


# ruleid: DJP604
@app.task(bind=True, max_retries=3)
def send_price_alert(self, product_id):
    return Product.objects.filter(pk=product_id).exists()


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
    def run(self, product_id):
        return product_id


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
