from django import forms

from .models import Currency, Statement
from .validators import MaxBytes, check_extension, check_import_file


class BaseImportForm(forms.Form):
    ledger = forms.FileField(validators=[check_import_file])


class ImportForm(BaseImportForm):
    attachment = forms.FileField(validators=[check_extension])
    receipt = forms.FileField(validators=[MaxBytes(1_000_000)])
    archive = forms.FileField()

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > 50_000_000:
            raise forms.ValidationError("Archive too large.")
        return archive


class StatementForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = ["document", "scan"]


class PriceForm(forms.Form):
    currency = forms.ModelChoiceField(queryset=Currency.objects.all())
