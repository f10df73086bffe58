from django.contrib import admin

from .models import Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    # Counting every order on each change-list page got too slow: the project shows the table is large.
    show_full_result_count = False
