# fixture-path: billing/views.py
from functools import lru_cache

from django.core.cache import cache
from django.http import JsonResponse
from django.views.decorators.cache import cache_page
from rest_framework import serializers

from .models import Currency, Invoice, TaxParameter


def invoice_view(request, pk):
    invoice = Invoice.objects.get(pk=pk)
    # ruleid: DJP404
    params = TaxParameter.objects.get(region_id=invoice.region_id)
    return JsonResponse({"total": str(invoice.total), "rate": str(params.rate)})


def currencies(request):
    # ruleid: DJP404
    codes = list(Currency.objects.values_list("code", flat=True))
    return JsonResponse({"codes": codes})


class InvoiceSerializer(serializers.ModelSerializer):
    rate = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = ["id", "total", "rate"]

    def get_rate(self, obj):
        # ruleid: DJP404
        return TaxParameter.objects.filter(region_id=obj.region_id).first().rate


def rates(request):
    # ruleid: DJP404
    rows = TaxParameter.objects.all()
    # ruleid: DJP404
    eur = Currency.objects.filter(code="EUR").exists()
    return JsonResponse({"rates": [str(r.rate) for r in rows], "eur": eur})


def cached_rate(request, region_id):
    key = f"tax_params:{region_id}"
    params = cache.get(key)
    if params is None:
        # ok: DJP404
        params = TaxParameter.objects.get(region_id=region_id)
        cache.set(key, params, timeout=300)
    return JsonResponse({"rate": str(params.rate)})


@cache_page(60 * 15)
def currency_page(request):
    # ok: DJP404
    return JsonResponse({"codes": list(Currency.objects.values_list("code", flat=True))})


@lru_cache(maxsize=None)
def currency_codes():
    # ok: DJP404
    return list(Currency.objects.values_list("code", flat=True))


def invoices(request):
    # Not a reference model.
    # ok: DJP404
    return JsonResponse({"n": Invoice.objects.count()})


def import_rates(rows):
    # Not view code.
    # ok: DJP404
    TaxParameter.objects.bulk_create(rows)
