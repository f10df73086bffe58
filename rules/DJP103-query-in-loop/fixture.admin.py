# fixture-path: shop/admin.py
from django.contrib import admin

from core.admin_base import AuditedAdmin
from .models import Customer, Order


@admin.register(Order)
class OrderAdmin(AuditedAdmin):
    list_display = ("status", "latest_sibling", "customer_orders", "open_total")

    @admin.display(description="Latest sibling")
    def latest_sibling(self, obj):
        # ruleid: DJP103 one query per change-list row, picked by the row (no eager loading serves it)
        return Order.objects.filter(customer_id=obj.customer_id).order_by("-pk").first()

    def customer_orders(self, obj):
        # ruleid: DJP103 one count per change-list row
        return Order.objects.filter(customer=obj.customer_id).count()

    def open_total(self, obj):
        # todoruleid: DJP103 the same query runs for every row too (100 identical queries); the variant needs the row in the query
        return Order.objects.filter(status="open").count()

    def detail_count(self, obj):
        # ok: DJP103 not a list_display column
        return Order.objects.filter(customer_id=obj.customer_id).count()


class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name",)

    def name(self, obj):
        # ok: DJP103 the admin is not registered for a model here
        return Customer.objects.get(pk=obj.pk).name
