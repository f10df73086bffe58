from django.contrib import admin

from .models import Address, Customer, Order, OrderItem


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "email"]
    raw_id_fields = ["user"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["line1", "postal_code", "city", "country", "customer"]
    list_select_related = ["customer"]
    raw_id_fields = ["customer"]


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    raw_id_fields = ["product"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["reference", "customer", "status", "total", "created_at"]
    list_filter = ["status"]
    list_select_related = ["customer"]
    search_fields = ["reference", "customer__email"]
    raw_id_fields = ["customer", "shipping_address"]
    date_hierarchy = "created_at"
    inlines = [OrderItemInline]
    actions = ["mark_shipped"]

    @admin.action(description="Mark selected orders as shipped")
    def mark_shipped(self, request, queryset):
        # One UPDATE statement for the whole selection.
        updated = queryset.filter(status=Order.Status.PAID).update(status=Order.Status.SHIPPED)
        self.message_user(request, f"{updated} orders marked as shipped.")
