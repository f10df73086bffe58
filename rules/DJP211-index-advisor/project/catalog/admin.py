from django.contrib import admin

from catalog.models import Parcel


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
    def get_search_results(self, request, queryset, search_term):
        return Parcel.objects.filter(tracking_code=search_term), False
