# fixture-path: shop/tasks.py
"""The app takes its configuration from a class whose task_routes is a router: routing is unknown."""
import requests
from celery import shared_task

from .models import Product


# ok: DJP604
@shared_task
def import_products(path):
    return path


# ok: DJP604
@shared_task
def refresh_all_prices():
    for product in Product.objects.filter(active=True):
        product.price = product.price * 2
        product.save()


# ok: DJP604
@shared_task
def poll_suppliers(urls):
    for url in urls:
        requests.post(url, json={"ping": True}, timeout=10)
