# fixture-path: shop/admin.py
from django.contrib import admin

from core.admin_base import AuditedAdmin
from .models import Customer, Order, OrderItem, Parcel, Profile, Review, Shipment


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "customer_name", "customer_company_id", "status")

    def customer_name(self, obj):
        # ruleid: DJP101 one customer query per change-list row
        return obj.customer.name

    def customer_company_id(self, obj):
        # ok: DJP101 the column before loaded the customer into this row's cache
        return obj.customer.company_id

    def customer_key(self, obj):
        # ok: DJP101 the column reads the key only (DJP104's concern, no join needed)
        return obj.customer.id

    def coupon_code(self, obj):
        # ok: DJP101 not a list_display column (a detail-page field runs once)
        return obj.coupon.code


class ItemAdmin(admin.ModelAdmin):
    list_display = ["order", "product_name", "coupon"]

    @admin.display(description="Product")
    def product_name(self, item):
        # ok: DJP101 "order" is a FK column, so Django calls select_related(), which follows every non-null FK
        return item.product.name

    def coupon(self, item):
        # ruleid: DJP101 select_related() without arguments skips the nullable coupon FK
        return item.order.coupon.code if item.order.coupon_id else ""


admin.site.register(OrderItem, ItemAdmin)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "company_name")
    list_select_related = True

    def company_name(self, obj):
        # ok: DJP101 list_select_related = True selects the non-null company FK
        return obj.company.name


def shipment_carrier(shipment):
    # ruleid: DJP101 a module-level column function, once per row
    return shipment.order.customer.name


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ("id", shipment_carrier, "carrier_name")
    list_select_related = ("carrier",)

    def carrier_name(self, obj):
        # ok: DJP101 listed in list_select_related
        return obj.carrier.name


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
    list_display = ("id", "carrier_name", "shipment_order")

    def carrier_name(self, obj):
        # ok: DJP101 the change list starts at the default manager, whose get_queryset selects the carrier
        return obj.carrier.name if obj.carrier_id else ""

    def shipment_order(self, obj):
        # ruleid: DJP101 the manager selects the carrier only, not the shipment
        return obj.shipment.order_id


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("rating", "product_name")

    def product_name(self, obj):
        # ok: DJP101 auto_prefetch models load the relation for every row in one query
        return obj.product.name


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("bio", "customer_name")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("customer")

    def customer_name(self, obj):
        # ok: DJP101 get_queryset is overridden: what it selects is not read here
        return obj.customer.name


class AuditedOrderAdmin(AuditedAdmin):
    list_display = ("number", "customer_name")

    def customer_name(self, obj):
        # ok: DJP101 a project base class may set list_select_related or get_queryset
        return obj.customer.name


admin.site.register(Order, AuditedOrderAdmin)


class ShipmentsByOrderAdmin(admin.ModelAdmin):
    list_display = ("id", "first_customer")

    def first_customer(self, obj):
        # ok: DJP101 registered for two models at once: which one obj is cannot be proven
        return obj.order.customer.name


admin.site.register([Shipment, OrderItem], ShipmentsByOrderAdmin)


class CustomerColumnsMixin:
    list_display = ("number", "customer_company")

    def customer_company(self, obj):
        # ruleid: DJP101 the mixin's column runs per row of every admin that uses it
        return obj.customer.company.name


@admin.register(Order)
class ArchivedOrderAdmin(CustomerColumnsMixin, admin.ModelAdmin):
    search_fields = ("number",)


class SelectingMixin:
    def get_queryset(self, request):
        return super().get_queryset(request).select_related("customer__company")


@admin.register(Order)
class SelectedOrderAdmin(SelectingMixin, CustomerColumnsMixin, admin.ModelAdmin):
    # ok: DJP101 a same-file mixin overrides get_queryset (the mixin's column is reported for the admin above)
    pass


@admin.register(Order)
class OrderByPropertyAdmin(admin.ModelAdmin):
    # ruleid: DJP101 the customer_name property of Order reads self.customer.name on every change-list row
    list_display = ("number", "customer_name")


@admin.register(Order)
class OrderByPropertyJoinedAdmin(admin.ModelAdmin):
    # ok: DJP101 the relation the property walks is in list_select_related; customer_key reads only the key
    list_display = ("number", "customer_name", "customer_key")
    list_select_related = ("customer",)


@admin.register(Order)
class OrderPropertyInColumnAdmin(admin.ModelAdmin):
    list_display = ("number", "label")

    def label(self, obj):
        # ruleid: DJP101 a column method reading the property, which walks self.customer
        return f"{obj.number} {obj.customer_name}"


def export_customer_names(modeladmin, request, queryset):
    names = []
    for order in queryset:
        # ruleid: DJP101 an admin action's rows come from the change list, which selects nothing for this admin
        names.append(order.customer.name)
    return names


@admin.register(Order)
class ExportingOrderAdmin(admin.ModelAdmin):
    list_display = ("number", "status")
    actions = [export_customer_names, "print_customers"]

    def print_customers(self, request, queryset):
        for order in queryset:
            # ruleid: DJP101
            print(order.customer.name)


@admin.register(Order)
class CustomerColumnOrderAdmin(admin.ModelAdmin):
    list_display = ("number", "customer")

    def print_customers(self, request, queryset):
        for order in queryset:
            # ok: DJP101 a key column makes the change list select every non-null key, for the action's rows too
            print(order.customer.name)
