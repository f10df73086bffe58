from django.contrib import admin

from catalog.models import Parcel, Pennant


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
    def get_search_results(self, request, queryset, search_term):
        return Parcel.objects.filter(tracking_code=search_term), False


class TopPennantFilter(admin.SimpleListFilter):
    title = "top pennant"
    parameter_name = "top"

    def lookups(self, request, model_admin):
        return [(pennant.pk, str(pennant)) for pennant in Pennant.objects.filter(parent__isnull=True).iterator()]

    def queryset(self, request, queryset):
        return queryset.filter(parent_id=self.value()) if self.value() else queryset
