from django.contrib import admin

from .models import Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    # Counting every order on each changelist page is too slow: the table is very large.
    show_full_result_count = False
