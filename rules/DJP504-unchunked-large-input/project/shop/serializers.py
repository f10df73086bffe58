from rest_framework import serializers

from .models import Page
from .validators import check_extension, check_import_file


class LedgerUploadSerializer(serializers.Serializer):
    ledger = serializers.FileField(validators=[check_import_file])
    notes = serializers.FileField(validators=[check_extension])


class PageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Page
        fields = ["title", "body"]
