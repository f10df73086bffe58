# fixture-path: shop/upload_views.py
# Size caps defined in other modules of the project (shop/forms.py, shop/validators.py,
# shop/serializers.py, shop/limits.py): the index carries them to the view that reads the file.
from django.http import JsonResponse
from django.views.generic.edit import FormView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

import polib
from django import forms

from shop import validators
from shop.catalogues import catalogue_language, catalogue_size
from shop.forms import ImportForm, StatementForm
from shop.limits import MAX_IMPORT_BYTES
from shop.models import Statement
from shop.serializers import LedgerUploadSerializer
from shop.validators import check_extension, check_import_file


def import_after_imported_limit(request):
    upload = request.FILES["ledger"]
    # The limit is a constant of another module: the comparison is what bounds the read.
    if upload.size > MAX_IMPORT_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    # ok: DJP504
    return JsonResponse({"n": len(upload.read())})


def import_after_imported_validator(request):
    upload = request.FILES["ledger"]
    # check_import_file() (shop/validators.py) compares the size, whatever its name says.
    check_import_file(upload)
    # ok: DJP504
    return JsonResponse({"n": len(upload.read())})


def import_after_module_validator(request):
    upload = request.FILES["ledger"]
    validators.check_import_file(upload)
    # ok: DJP504
    return JsonResponse({"n": len(upload.read())})


def import_after_extension_check(request):
    upload = request.FILES["ledger"]
    # check_extension() looks at the name only.
    check_extension(upload)
    # ruleid: DJP504
    return JsonResponse({"n": len(upload.read())})


def import_through_imported_form(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    # `ledger` is declared on the form's base with a validator that compares the size.
    # ok: DJP504
    ledger = form.cleaned_data["ledger"].read()
    # `receipt` has a validator class whose __call__ compares the size.
    # ok: DJP504
    receipt = form.cleaned_data["receipt"].read()
    # `archive` is checked in clean_archive().
    # ok: DJP504
    archive = form.cleaned_data["archive"].read()
    # `attachment` is only checked for its extension.
    # ruleid: DJP504
    attachment = form.cleaned_data["attachment"].read()
    return JsonResponse({"n": len(ledger) + len(receipt) + len(archive) + len(attachment)})


def import_files_after_imported_form(request):
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        # ok: DJP504
        return JsonResponse({"n": len(request.FILES["ledger"].read())})
    return JsonResponse({"errors": form.errors}, status=400)


class LedgerImportView(FormView):
    form_class = ImportForm

    def form_valid(self, form):
        # `form` is the view's form_class, validated by FormView before form_valid() runs.
        # ok: DJP504
        ledger = form.cleaned_data["ledger"].read()
        # ruleid: DJP504
        attachment = form.cleaned_data["attachment"].read()
        return JsonResponse({"n": len(ledger) + len(attachment)})


class LedgerUploadView(APIView):
    def post(self, request):
        serializer = LedgerUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # ok: DJP504
        ledger = serializer.validated_data["ledger"].read()
        # The serializer validated `ledger` (a validator that compares the size) before this read.
        # ok: DJP504
        raw = request.data["ledger"].read()
        # ... but not `notes`.
        # ruleid: DJP504
        raw_notes = request.data["notes"].read()
        # `notes` has no size validator: the serializer's validated file is still read whole.
        # ruleid: DJP504
        notes = serializer.validated_data["notes"].read()
        return Response({"n": len(ledger) + len(raw) + len(raw_notes) + len(notes)})


def import_translation(request):
    # A PO catalogue is parsed as one document: reading it whole is the only way to parse it.
    # ok: DJP504
    catalogue = polib.pofile(request.FILES["po"].read().decode("utf-8"))
    # catalogue_language() (shop/catalogues.py) hands its argument to polib.pofile().
    # ok: DJP504
    language = catalogue_language(request.FILES["po"].read().decode("utf-8"))
    # catalogue_size() parses nothing.
    # ruleid: DJP504
    size = catalogue_size(request.FILES["po"].read())
    return JsonResponse({"entries": len(catalogue), "language": language, "size": size})


def upload_statement(request):
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    # A ModelForm field is the model's: Statement.document has a validator that compares the size.
    # ok: DJP504
    document = form.cleaned_data["document"].read()
    # Statement.scan has none.
    # ruleid: DJP504
    scan = form.cleaned_data["scan"].read()
    return JsonResponse({"n": len(document) + len(scan)})


class ReceiptUploadView(APIView):
    def check_receipt(self, upload):
        if upload.size > MAX_IMPORT_BYTES:
            raise ValueError("Receipt too large.")

    def post(self, request):
        upload = request.FILES["receipt"]
        # A method of the view (this file) compares the size first.
        self.check_receipt(upload)
        # ok: DJP504
        return Response({"n": len(upload.read())})


class LocalStatementForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = ["document"]


class RedeclaredStatementForm(forms.ModelForm):
    # Declared on the form: the model field's validator no longer applies.
    document = forms.FileField()

    class Meta:
        model = Statement
        fields = ["document"]


def upload_statement_locally(request):
    form = LocalStatementForm(request.POST, request.FILES)
    other = RedeclaredStatementForm(request.POST, request.FILES)
    if not (form.is_valid() and other.is_valid()):
        return JsonResponse({"errors": form.errors}, status=400)
    # ok: DJP504
    document = form.cleaned_data["document"].read()
    # ruleid: DJP504
    redeclared = other.cleaned_data["document"].read()
    return JsonResponse({"n": len(document) + len(redeclared)})


def import_after_length_check(request):
    # The whole request body is bounded, and the file with it.
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_IMPORT_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    # ok: DJP504
    return JsonResponse({"n": len(request.FILES["ledger"].read())})


def import_with_length_logged(request):
    upload = request.FILES["ledger"]
    # ruleid: DJP504
    data = upload.read()
    # A length check after the read bounds nothing.
    if int(request.headers.get("Content-Length", 0)) > MAX_IMPORT_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    return JsonResponse({"n": len(data)})


class StatementUploadSerializer(serializers.Serializer):
    statement = serializers.FileField(validators=[check_import_file])
    attachment = serializers.FileField()

    def validate_statement(self, value):
        # DRF runs the field's validators (check_import_file compares the size) before this hook.
        # ok: DJP504
        header = value.read()
        return value if header else None

    def validate_attachment(self, value):
        # DRF hands the uploaded file to validate_<field>: nothing bounds this one.
        # ruleid: DJP504
        head = value.read()
        return value if head else None

    def validate(self, attrs):
        # ruleid: DJP504
        attrs["attachment_text"] = attrs["attachment"].read()
        return attrs

    def create(self, validated_data):
        # ok: DJP504
        body = validated_data["statement"].read()
        # ruleid: DJP504
        extra = validated_data["attachment"].read()
        return Statement(body=body + extra)


class ReportChecker:
    """Not a serializer: `attrs` holds whatever the caller passes, not an upload."""

    def validate(self, attrs):
        # ok: DJP504
        return attrs["stream"].read()
