"""Background jobs of the catalog app.

`shop_project/celery.py` routes the orders app's tasks; these were added later and nobody extended
`task_routes`, so they run on the default queue next to customer e-mails.
"""
import logging

from celery import shared_task
from django.db import transaction

from .models import Product

logger = logging.getLogger(__name__)


# djperf-demo: DJP604
@shared_task
def import_price_list(rows):
    """Applies a supplier's price list: one row per SKU with its new price."""
    # djperf-demo: DJP505
    with transaction.atomic():
        for row in rows:
            Product.objects.filter(sku=row["sku"]).update(price=row["price"])
    logger.info("price list applied: %d rows", len(rows))


@shared_task(queue="etl")
def deactivate_products(skus):
    """Clean: routed to the etl queue, one UPDATE for the whole list."""
    Product.objects.filter(sku__in=skus).update(is_active=False)
