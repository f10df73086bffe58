# fixture-path: shop/imports.py
import csv
import io
import json
import logging
import os
import zipfile
from itertools import islice
from pathlib import Path
from xml.dom import minidom

import openpyxl
import pandas as pd
import xlrd
from celery import shared_task
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.http import JsonResponse
from PIL import Image
from pyxform.xform2json import XFormToDict

from .models import Country, Currency, Page, PriceWeight, Record
from .serializers import PageSerializer

logger = logging.getLogger(__name__)


def transform_row(row):
    return Record(external_id=row["id"], name=row["name"], value=int(row["value"]))


# --- (a) pandas reads the whole file ------------------------------------------------------


def load_prices(file_path: Path):
    # ruleid: DJP504
    frame = pd.read_csv(file_path)
    Record.objects.bulk_create([transform_row(row) for _, row in frame.iterrows()], batch_size=1000)


def load_events(path):
    # ruleid: DJP504
    return pd.read_json(path, lines=True)


# --- (b) uploads read whole, CSV rows listed, workbooks loaded whole ------------------------


def upload_records(request):
    # ruleid: DJP504
    text = request.FILES["file"].read().decode("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    Record.objects.bulk_create([transform_row(row) for row in rows], batch_size=1000)
    return JsonResponse({"ok": True})


def upload_lines(request):
    upload = request.FILES.get("file")
    # ruleid: DJP504
    lines = upload.readlines()
    return JsonResponse({"lines": len(lines)})


def import_form_file(form):
    # ruleid: DJP504
    lines = form.cleaned_data["file"].read().decode("utf-8").splitlines()
    return lines


def upload_archive(request):
    # A zip needs random access, not a stream: the advice hands the upload itself to ZipFile.
    # ruleid: DJP504
    content = request.FILES["archive"].read()
    archive = zipfile.ZipFile(io.BytesIO(content))
    return JsonResponse({"names": archive.namelist()})


def upload_workbook(request):
    # The workbook parser needs the whole file: reported at info, the advice drops the copy, not chunks.
    # ruleid: DJP504
    book = xlrd.open_workbook(file_contents=request.FILES["sheet"].read())
    return JsonResponse({"sheets": book.sheet_names()})


def upload_wizard_step(request):
    # Kept in the session for the wizard's next step: the bytes are stored whole whatever the read does.
    # ok: DJP504
    request.session["file_content"] = request.FILES["file"].read()
    return JsonResponse({"ok": True})


def import_json_file(form):
    # JSON is parsed as one document: the whole file is needed at once.
    # ok: DJP504
    payload = json.loads(form.cleaned_data["file"].read())
    return payload


def import_with_project_json(form):
    from shop.utils import json as shop_json

    # A project JSON wrapper is a JSON parser as well.
    # ok: DJP504
    raw = form.cleaned_data["file"].read()
    return shop_json.loads(raw)


def import_sitemap(request):
    # A DOM parser builds the whole tree: the document is needed at once.
    # ok: DJP504
    sitemap = request.FILES["sitemap"].read()
    return JsonResponse({"urls": len(minidom.parseString(sitemap).getElementsByTagName("url"))})


def receive_form_submission(request):
    # pyxform's XFormToDict parses the ODK submission into an ElementTree first.
    # ok: DJP504
    submission = request.FILES["xml_submission_file"].read()
    return JsonResponse(XFormToDict(submission.decode("utf-8")).get_dict())


def import_json_upload(request):
    # ok: DJP504
    content = request.FILES["file"].read().decode("utf-8")
    data = json.loads(content)
    return JsonResponse({"n": len(data)})


def handle_upload(upload: UploadedFile):
    # ruleid: DJP504
    return upload.read()


def import_csv(path):
    with open(path, newline="") as handle:
        # ruleid: DJP504
        rows = list(csv.DictReader(handle))
    Record.objects.bulk_create([transform_row(row) for row in rows], batch_size=1000)


def load_topic_mapping():
    # A crosswalk committed with the code: as long as what was committed, not an input that grows.
    with open("shop/data/topic-mapping.csv") as mapping_file:
        # ok: DJP504
        return dict(list(csv.reader(mapping_file))[1:])


DATA_DIR = Path(__file__).resolve().parent / "data"


def load_country_names():
    # ok: DJP504
    rows = list(csv.DictReader(open(os.path.join(os.path.dirname(__file__), "data", "countries.csv"))))
    with (DATA_DIR / "regions.csv").open() as handle:
        # ok: DJP504
        regions = list(csv.reader(handle))
    return rows, regions


def import_export_dump():
    # An absolute path names a place on the machine, where any size of file may be waiting.
    with open("/var/exports/records.csv") as handle:
        # ruleid: DJP504
        rows = list(csv.DictReader(handle))
    Record.objects.bulk_create([transform_row(row) for row in rows], batch_size=1000)


class CandidateSheet:
    def __init__(self, path):
        with open(path) as handle:
            # The rows are walked twice, by validate() and then by load(): both need all of them.
            # ok: DJP504
            self.rows = list(csv.DictReader(handle.readlines()))

    def validate(self):
        return {row["post"] for row in self.rows}

    def load(self):
        for row in self.rows:
            Record.objects.create(name=row["name"])


class OneWalkSheet:
    def __init__(self, path):
        with open(path) as handle:
            # ruleid: DJP504
            self.rows = list(csv.DictReader(handle))

    def load(self):
        for row in self.rows:
            Record.objects.create(name=row["name"])


def export_batches_as_json(batch_paths):
    for batch_path in batch_paths:
        with open(batch_path, newline="") as handle:
            # The rows become one JSON document: json.dumps needs them all at once, so iterating the
            # reader would not bound memory.
            # ok: DJP504
            rows = list(csv.DictReader(handle))
            print(json.dumps(rows))


def rows_as_json_response(upload_path):
    with open(upload_path, newline="") as handle:
        # ok: DJP504
        return JsonResponse(list(csv.DictReader(handle)), safe=False)


def rows_logged_then_imported(path):
    with open(path, newline="") as handle:
        # Only the count goes into the JSON; the rows are walked one by one afterwards.
        # ruleid: DJP504
        rows = list(csv.DictReader(handle))
    logger.info(json.dumps({"rows": len(rows)}))
    Record.objects.bulk_create([transform_row(row) for row in rows], batch_size=1000)


def import_sheet(path):
    # ruleid: DJP504
    workbook = openpyxl.load_workbook(path)
    return workbook.active.max_row


# --- (c) a job scanning a whole table: info -------------------------------------------------


@shared_task
def touch_all_records():
    # ruleid: DJP504
    for record in Record.objects.all():
        logger.info("record %s", record.pk)


@shared_task
def export_records(path):
    records = Record.objects.order_by("pk")
    with open(path, "w") as out:
        # ruleid: DJP504
        for record in records:
            out.write(f"{record.external_id},{record.name}\n")


@shared_task
def purge_old_records(cutoff):
    # Every row older than a retention cutoff: the table's whole history, growing with it.
    # ruleid: DJP504
    for record in Record.objects.filter(created__lt=cutoff):
        record.delete()


# --- quiet: the rulebook's chunked processing and other streaming reads ----------------------


def process_large_file(file_path: Path, chunk_size: int = 1000):
    import pandas as pd

    # ok: DJP504
    for chunk in pd.read_csv(file_path, chunksize=chunk_size):
        records = [transform_row(row) for _, row in chunk.iterrows()]
        Record.objects.bulk_create(records, ignore_conflicts=True)

        logger.info(f"Processed {len(records)} records")


def preview(path):
    # ok: DJP504
    return pd.read_csv(path, nrows=20)


def upload_streamed(request):
    upload = request.FILES["file"]
    # ok: DJP504
    rows = csv.DictReader(io.TextIOWrapper(upload, encoding="utf-8"))
    while batch := list(islice(rows, 1000)):
        Record.objects.bulk_create([transform_row(row) for row in batch], batch_size=1000)
    return JsonResponse({"ok": True})


def upload_in_chunks(request, destination):
    # ok: DJP504
    for chunk in request.FILES["file"].chunks():
        destination.write(chunk)


def sniff_header(request):
    # A bounded read of the first bytes.
    # ok: DJP504
    head = request.FILES["file"].read(1024)
    return JsonResponse({"binary": b"\0" in head})


def read_config(path):
    with open(path) as handle:
        # A local file, not an upload: not reported.
        # ok: DJP504
        return handle.read()


def import_sheet_streamed(path):
    # ok: DJP504
    workbook = openpyxl.load_workbook(path, read_only=True)
    return sum(1 for _ in workbook.active.iter_rows(values_only=True))


# --- quiet: the content is kept whole in a model field ---------------------------------------


def update_page_from_upload(request, page):
    data = request.POST.copy()
    # The uploaded text becomes the page's body (a TextField, through the serializer's data): the
    # row holds every byte, so streaming the upload cannot help.
    # ok: DJP504
    body = request.FILES["body_file"].read()
    data["body"] = body
    serializer = PageSerializer(page, data=data, partial=True)
    serializer.is_valid(raise_exception=True)
    return serializer.save()


def create_page_from_upload(request):
    # ok: DJP504
    return Page.objects.create(title="upload", body=request.FILES["body_file"].read().decode("utf-8"))


def replace_page_body(request, page_id):
    page = Page.objects.get(pk=page_id)
    # ok: DJP504
    page.body = request.FILES["body_file"].read().decode("utf-8")
    page.save()


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "body"]


def page_form_from_upload(request):
    # ok: DJP504
    text = request.FILES["body_file"].read()
    form = PageForm({"title": "upload", "body": text})
    return form.is_valid()


def count_upload_words(request):
    # Read whole only to count: nothing keeps it whole.
    # ruleid: DJP504
    text = request.FILES["body_file"].read().decode("utf-8")
    summary = {"words": len(text.split())}
    return JsonResponse(summary)


# --- quiet: uploads whose size is already capped --------------------------------------------

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def validate_file_size(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("File too large.")


def upload_after_size_guard(request):
    upload = request.FILES["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    # The guard above bounds what is read.
    # ok: DJP504
    text = upload.read().decode("utf-8")
    return JsonResponse({"lines": text.count("\n")})


def upload_inside_size_branch(request):
    if request.FILES["file"].size <= MAX_UPLOAD_BYTES:
        # ok: DJP504
        return JsonResponse({"n": len(request.FILES["file"].read())})
    return JsonResponse({"error": "too large"}, status=413)


def stash_upload(request):
    upload = request.FILES["file"]
    # Read whole only when Django kept it in memory (under FILE_UPLOAD_MAX_MEMORY_SIZE); a spooled
    # upload is passed on as the file it is.
    # ok: DJP504
    content = ContentFile(upload.read()) if isinstance(upload, InMemoryUploadedFile) else upload
    return JsonResponse({"path": default_storage.save("tmp/upload", content)})


def copy_small_upload(request):
    upload = request.FILES["file"]
    if isinstance(upload, InMemoryUploadedFile):
        # ok: DJP504
        data = upload.read()
    else:
        # ruleid: DJP504
        data = upload.read()
    return JsonResponse({"n": len(data)})


def upload_after_size_validator(request):
    upload = request.FILES.get("file")
    validate_file_size(upload)
    # ok: DJP504
    return JsonResponse({"n": len(upload.read())})


def check_upload(upload):
    if upload.content_type != "text/csv" or upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("Not a small CSV file.")


def check_type(upload):
    if upload.content_type != "text/csv":
        raise ValidationError("Not a CSV file.")


def upload_after_local_check(request):
    upload = request.FILES["file"]
    check_upload(upload)
    # check_upload() (same file) compares the size.
    # ok: DJP504
    return JsonResponse({"n": len(upload.read())})


def upload_after_type_check(request):
    upload = request.FILES["file"]
    check_type(upload)
    # check_type() says nothing about the size.
    # ruleid: DJP504
    return JsonResponse({"n": len(upload.read())})


def upload_resized_in_memory(request):
    # Pillow decodes the whole image anyway: the bytes are a small part of that.
    # ok: DJP504
    image = Image.open(io.BytesIO(request.FILES["avatar"].read()))
    image.thumbnail((256, 256))
    return JsonResponse({"size": image.size})


class SizedUploadForm(forms.Form):
    document = forms.FileField(validators=[validate_file_size])
    picture = forms.ImageField()
    notes = forms.FileField()
    sheet = forms.FileField()

    def clean_document(self):
        # The field's validator ran before this method.
        # ok: DJP504
        return self.cleaned_data["document"].read().decode("utf-8")

    def clean_picture(self):
        # An image field: Django already decoded it with Pillow, whose pixel limit bounds it.
        # ok: DJP504
        return self.cleaned_data.get("picture").read()

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if sheet.size > MAX_UPLOAD_BYTES:
            raise ValidationError("File too large.")
        return sheet

    def clean(self):
        cleaned = super().clean()
        # clean_sheet() compares the file's size before clean() runs.
        # ok: DJP504
        cleaned["sheet_text"] = self.cleaned_data["sheet"].read()
        # Nothing bounds this one.
        # ruleid: DJP504
        cleaned["notes_text"] = self.cleaned_data["notes"].read()
        return cleaned


def upload_csv_capped(request):
    upload = request.FILES["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    text = upload.read().decode("utf-8")
    # The rows of a capped file are bounded by the cap.
    # ok: DJP504
    rows = list(csv.DictReader(io.StringIO(text)))
    # ok: DJP504
    workbook = openpyxl.load_workbook(upload)
    return JsonResponse({"rows": len(rows), "sheets": len(workbook.sheetnames)})


def upload_csv_uncapped(request):
    # ruleid: DJP504
    text = request.FILES["file"].read().decode("utf-8")
    # ruleid: DJP504
    rows = list(csv.DictReader(io.StringIO(text)))
    return JsonResponse({"rows": len(rows)})


def upload_through_sized_form(request):
    form = SizedUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    # The form class above bounds `document` with a size validator.
    # ok: DJP504
    text = form.cleaned_data["document"].read()
    # ... but not `notes`.
    # ruleid: DJP504
    notes = form.cleaned_data["notes"].read()
    return JsonResponse({"n": len(text) + len(notes)})


def upload_validated_by_form(request):
    form = SizedUploadForm(request.POST, request.FILES)
    if form.is_valid():
        # The form validated `document` (size validator) before this read.
        # ok: DJP504
        return JsonResponse({"n": len(request.FILES["document"].read())})
    return JsonResponse({"errors": form.errors}, status=400)


def upload_validated_by_form_other_field(request):
    form = SizedUploadForm(request.POST, request.FILES)
    if form.is_valid():
        # `notes` has no bound in the form.
        # ruleid: DJP504
        return JsonResponse({"n": len(request.FILES["notes"].read())})
    return JsonResponse({"errors": form.errors}, status=400)


def upload_validity_ignored(request):
    form = SizedUploadForm(request.POST, request.FILES)
    form.is_valid()
    # The result of is_valid() is thrown away: an oversized file still gets here.
    # ruleid: DJP504
    return JsonResponse({"n": len(request.FILES["document"].read())})


def upload_with_memory_setting(request):
    # FILE_UPLOAD_MAX_MEMORY_SIZE only decides when Django spools an upload to disk, and
    # DATA_UPLOAD_MAX_MEMORY_SIZE leaves file data out: neither caps the file read here.
    # ruleid: DJP504
    return JsonResponse({"n": len(request.FILES["file"].read())})


def upload_size_checked_after_read(request):
    upload = request.FILES["file"]
    # A size check after the whole file is in memory bounds nothing.
    # ruleid: DJP504
    data = upload.read()
    if upload.size > MAX_UPLOAD_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    return JsonResponse({"n": len(data)})


@shared_task
def touch_all_records_streamed():
    # ok: DJP504
    for record in Record.objects.all().iterator(chunk_size=2000):
        logger.info("record %s", record.pk)


@shared_task
def touch_recent(ids):
    # A filtered queryset: its size is not the table's.
    # ok: DJP504
    for record in Record.objects.filter(pk__in=ids):
        logger.info("record %s", record.pk)


@shared_task
def backfill_record_names():
    renamed = []
    failed = []
    # Every row is kept for one bulk_update (in the except branch too): streaming would not lower the peak.
    # ok: DJP504
    for record in Record.objects.all():
        try:
            record.name = record.name.strip()
            renamed.append(record)
        except AttributeError:
            failed.append(record)
    Record.objects.bulk_update(renamed, ["name"])
    return len(failed)


@shared_task
def sync_remote_names(remote):
    by_key = {}
    # Every row goes into a dict keyed by its remote id before the comparison: streaming frees nothing.
    # ok: DJP504
    for record in Record.objects.all():
        by_key[record.external_id] = record
    for item in remote:
        known = by_key.get(item["id"])
        if known is not None and known.name != item["name"]:
            known.name = item["name"]
            known.save()


@shared_task
def index_named_records():
    by_key = {}
    # Only the named rows are kept: the others could stream past.
    # ruleid: DJP504
    for record in Record.objects.all():
        if not record.name:
            continue
        by_key[record.external_id] = record
    return by_key


@shared_task
def backfill_changed_names():
    renamed = []
    # Only the rows that change are kept: the others could stream past.
    # ruleid: DJP504
    for record in Record.objects.all():
        if record.name == record.name.strip():
            continue
        record.name = record.name.strip()
        renamed.append(record)
    Record.objects.bulk_update(renamed, ["name"])


@shared_task
def match_records_per_prefix(prefixes):
    records = Record.objects.all()
    for prefix in prefixes:
        # Walked again for every prefix: the result cache runs the query once, .iterator() would run it per prefix.
        # ok: DJP504
        for record in records:
            record.name.startswith(prefix)


@shared_task
def match_records_once(prefix):
    records = Record.objects.all()
    # Walked once: the rows could stream past.
    # ruleid: DJP504
    for record in records:
        record.name.startswith(prefix)


@shared_task
def refresh_currency_rates(rates):
    # A reference table the project lists whole in one select (forms.PriceForm): a handful of rows.
    # ok: DJP504
    for currency in Currency.objects.all():
        currency.rate = rates[currency.code]
        currency.save(update_fields=["rate"])


@shared_task
def log_price_weights():
    # A staff-edited weighting table of a few dozen rows, but nothing in the code shows its size.
    # todook: DJP504
    for weight in PriceWeight.objects.all():
        logger.info("%s/%s: %s", weight.country_id, weight.currency_id, weight.weight)


@shared_task
def first_match(name):
    # ok: DJP504
    for record in Record.objects.all():
        if record.name == name:
            return record
    return None


def country_choices(request):
    # In a request the (c) part does not apply; lookups like this are small.
    # ok: DJP504
    return JsonResponse({"codes": [c.code for c in Country.objects.all()]})


def rename_sheet(path, old, new):
    # The workbook is edited and saved: a read-only workbook cannot be saved.
    # ok: DJP504
    workbook = openpyxl.load_workbook(path)
    workbook[old].title = new
    workbook.save(path)


class SheetStatusWriter:
    """Writes a status column into the uploaded sheet and hands the annotated file back."""

    def __init__(self, path):
        # The workbook is saved by another method of the class: a read-only workbook cannot be.
        # ok: DJP504
        self.book = openpyxl.load_workbook(path)
        self.status_column = self.book.active.max_column + 1

    def mark(self, row, text):
        self.book.active.cell(row=row, column=self.status_column, value=text)

    def annotated(self):
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


class SheetCounter:
    def __init__(self, path):
        # Held on self but never saved by any method: it could be read-only.
        # ruleid: DJP504
        self.book = openpyxl.load_workbook(path)

    def rows(self):
        return self.book.active.max_row


@shared_task
def purge_old_records_of(owner_id, cutoff):
    # The cutoff is combined with one owner: not the table's history.
    # ok: DJP504
    for record in Record.objects.filter(owner_id=owner_id, created__lt=cutoff):
        record.delete()


@shared_task
def remind_upcoming(now, soon):
    # A window bounded on both sides (the next hour): bounded by time, not the table's history.
    # ok: DJP504
    for record in Record.objects.filter(created__gt=now, created__lte=soon):
        logger.info("record %s", record.pk)


@shared_task
def heavy_values():
    # A range on a number, not a date: nothing says the set grows with time.
    # ok: DJP504
    for record in Record.objects.filter(value__gt=1000):
        logger.info("record %s", record.pk)


def countries_from_sheet(response):
    # The reader parses a body already in memory: listing its rows adds a copy, not a risk.
    # ok: DJP504
    rows = list(csv.DictReader(io.StringIO(response.text)))
    return [Country(code=row["code"]) for row in rows]


def countries_from_lines(body):
    reader = csv.reader(body.splitlines())
    # ok: DJP504
    return list(reader)


def classify_rows(path, classify):
    with open(path) as handle:
        # The rows are walked twice (once to classify them, once to zip them with the results).
        # ok: DJP504
        rows = list(csv.DictReader(handle))
    results = classify([row["text"] for row in rows])
    return [row for row, keep in zip(rows, results) if keep]


def count_rows(path):
    with open(path) as handle:
        # Read once after listing (len() is not a second walk of the rows): streaming would do.
        # ruleid: DJP504
        rows = list(csv.reader(handle))
    for row in rows:
        logger.info("%s", row)
    return len(rows)
