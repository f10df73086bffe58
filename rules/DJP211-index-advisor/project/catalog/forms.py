from django import forms

from catalog.models import Currency


class PriceForm(forms.Form):
    currency = forms.ModelChoiceField(queryset=Currency.objects.all())
