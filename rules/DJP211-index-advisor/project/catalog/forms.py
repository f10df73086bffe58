from django import forms

from catalog.models import Badge, Currency


class PriceForm(forms.Form):
    currency = forms.ModelChoiceField(queryset=Currency.objects.all())


def badge_filter_form():
    badge_choices = [("", "All badges")]
    for badge in Badge.objects.order_by("name").iterator(chunk_size=50):
        badge_choices.append((badge.pk, str(badge)))
    return forms.ChoiceField(choices=badge_choices, required=False)
