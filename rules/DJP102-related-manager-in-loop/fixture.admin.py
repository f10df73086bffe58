# fixture-path: shop/admin.py
from django.contrib import admin

from core.admin_base import AuditedAdmin
from .models import Customer, Invoice, Order, Product


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "item_count", "item_names", "open_notes", "tag_count")

    def item_count(self, obj):
        # ruleid: DJP102 one count per change-list row; the change list prefetches nothing
        return obj.items.count()

    def item_names(self, obj):
        # ruleid: DJP102 one query per change-list row
        return ", ".join(str(item) for item in obj.items.all())

    def open_notes(self, obj):
        # ruleid: DJP102 filter() always queries, prefetched or not
        return obj.note_set.filter(text__icontains="open").count()

    def tag_count(self, obj):
        # ok: DJP102 the nested helper may never run per row
        count = lambda: obj.tags.count()  # noqa: E731
        return "?"

    def detail_items(self, obj):
        # ok: DJP102 not a list_display column (a detail-page field runs once)
        return obj.items.count()


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "order_count")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("orders")

    def order_count(self, obj):
        # ok: DJP102 get_queryset may prefetch the orders: count() reads the cache
        return obj.orders.count()


@admin.register(Product)
class ProductAdmin(AuditedAdmin):
    list_display = ("name", "tag_names", "recent_reviews")

    def tag_names(self, obj):
        # ok: DJP102 the base admin is in another module and may prefetch the tags
        return ", ".join(t.name for t in obj.tags.all())

    def recent_reviews(self, obj):
        # ruleid: DJP102 order_by() queries whatever the base admin prefetches
        return [r.pk for r in obj.reviews.order_by("-pk")[:3]]
