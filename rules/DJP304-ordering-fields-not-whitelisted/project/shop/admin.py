from django.contrib import admin

from .models import Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    # Every country is listed in the sidebar: the team knows there are few.
    list_filter = ["country"]
