# fixture-path: shop/views.py
import subprocess
import threading
import time
from io import BytesIO, StringIO

import graphene
import pandas as pd
import requests
import strawberry
from celery.result import AsyncResult
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, send_mail
from django.core.management import call_command
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_page
from django.views import View
from PIL import Image
from rest_framework.permissions import BasePermission, IsAdminUser, IsAuthenticated
from rest_framework.views import APIView
from weasyprint import HTML

from .models import ExportRequest, Photo, Report
from .tasks import close_and_queue_reminders, delete_reports_later, make_thumbnail, queue_report_reminders, rebuild_search_index, refresh_reports_in_chunks, remind_open_reports, remind_report_photos, render_report_pdf


# --- heavy work done inline --------------------------------------------------------


def report_pdf(request, report_id):
    report = Report.objects.get(pk=report_id)
    # ruleid: DJP601
    pdf = HTML(string=report.body).write_pdf()
    return HttpResponse(pdf, content_type="application/pdf")


def upload_photo(request):
    photo = Photo.objects.create(image=request.FILES["image"])
    # ruleid: DJP601
    image = Image.open(photo.image).convert("RGB")
    # The rest of the same work is not reported again.
    image.thumbnail((300, 300))
    buffer = BytesIO()
    image.save(buffer, "JPEG")
    return JsonResponse({"id": photo.pk})


def reindex(request):
    # Rebuilding a search index inline: minutes of work in one request.
    # ruleid: DJP601
    call_command("rebuild_index", interactive=False)
    return JsonResponse({"ok": True})


def reindex_through_the_task(request):
    # The task function called like a plain function runs right here, not on a worker.
    # ruleid: DJP601
    rebuild_search_index()
    return JsonResponse({"ok": True})


class ReportExportView(View):
    def post(self, request, report_id):
        # Queued, then waited for: the request blocks until a worker has rendered it.
        # ruleid: DJP601
        title = render_report_pdf.delay(report_id).get(timeout=60)
        return JsonResponse({"title": title})


class ThumbnailView(APIView):
    def post(self, request, photo_id):
        # .apply() executes the task in this process.
        # ruleid: DJP601
        make_thumbnail.apply(args=(photo_id,))
        result = make_thumbnail.apply_async((photo_id,))
        # ruleid: DJP601
        result.get()
        return JsonResponse({"ok": True})


def status(request, task_id):
    # ruleid: DJP601
    value = AsyncResult(task_id).get(timeout=5)
    return JsonResponse({"value": value})


def convert_document(request):
    # ruleid: DJP601
    subprocess.run(["libreoffice", "--convert-to", "pdf", "upload.docx"], check=True)
    return JsonResponse({"ok": True})


def zip_exports(request):
    # ruleid: DJP601
    with subprocess.Popen(["zip", "-r", "/exports/all.zip", "/exports/tmp"]) as zipper:
        pass
    return JsonResponse({"ok": zipper.returncode == 0})


def convert_and_talk(request):
    # ruleid: DJP601
    process = subprocess.Popen(["libreoffice", "--convert-to", "pdf", "upload.docx"])
    process.communicate()
    return JsonResponse({"ok": process.returncode == 0})


def convert_and_wait_later(request):
    # ruleid: DJP601
    process = subprocess.Popen(["libreoffice", "--convert-to", "pdf", "upload.docx"])
    process.wait()
    return JsonResponse({"ok": process.returncode == 0})


def convert_in_background(request):
    # Started and left running: the request does not wait for it (the project's way of queueing work).
    # ok: DJP601
    subprocess.Popen(["libreoffice", "--convert-to", "pdf", "upload.docx"])
    return JsonResponse({"queued": True}, status=202)


def import_sheet(request):
    # ruleid: DJP601
    frame = pd.read_excel(request.FILES["sheet"])
    return JsonResponse({"rows": len(frame)})


def wait_for_partner(request):
    # ruleid: DJP601
    time.sleep(2)
    return JsonResponse({"ok": True})


def notify_followers(request, report_id):
    report = Report.objects.get(pk=report_id)
    for address in request.POST.getlist("emails"):
        # One SMTP round trip per follower before the response: warn.
        # ruleid: DJP601
        send_mail("New report", report.title, None, [address])
    return JsonResponse({"ok": True})


def sync_partners(request):
    for url in request.POST.getlist("partners"):
        # ruleid: DJP601
        requests.post(url, json={"event": "sync"}, timeout=10)
    return JsonResponse({"ok": True})


# --- remote API and mail once per request: info ---------------------------------------


def contact(request):
    message = EmailMessage("Contact", request.POST["text"], to=["support@example.com"])
    # ruleid: DJP601
    message.send()
    return JsonResponse({"ok": True})


def ping_partner(request):
    # The answer is not used: the call can be queued (Celery advice), info.
    # ruleid: DJP601
    requests.post("https://hooks.example.com/ping", json={"user": request.user.pk}, timeout=5)
    return JsonResponse({"ok": True})


# --- remote exchanges the response is built from: not for Celery; silent with a timeout ---------


def exchange_rate(request):
    # ok: DJP601
    rate = requests.get("https://rates.example.com/eur", timeout=3).json()
    return JsonResponse(rate)


def exchange_rate_without_timeout(request):
    # The answer is shown, so queueing is no option; with no timeout the worker hangs with the remote side.
    # ruleid: DJP601
    rate = requests.get("https://rates.example.com/usd").json()
    return JsonResponse(rate)


def oidc_callback(request):
    # A token exchange decides the response (login or error).
    # ok: DJP601
    answer = requests.post("https://id.example.com/token", data={"code": request.GET["code"]}, timeout=(3.05, 10))
    if answer.status_code != 200:
        return HttpResponse(status=401)
    tokens = answer.json()
    request.session["id_token"] = tokens["id_token"]
    return JsonResponse({"ok": True})


def oidc_callback_without_timeout(request):
    # ruleid: DJP601
    answer = requests.post("https://id.example.com/token", data={"code": request.GET["code"]})
    tokens = answer.json()
    request.session["id_token"] = tokens["id_token"]
    return HttpResponse(status=302)


def oidc_session_only(request):
    # The answer reaches the response only through the session, two assignments later.
    # ok: DJP601
    answer = requests.post("https://id.example.com/token", data={"code": request.GET["code"]}, timeout=5)
    tokens = answer.json()
    token = tokens["id_token"]
    request.session["id_token"] = token
    return HttpResponse(status=302)


def ping_with_callback(request):
    # The answer reaches only a nested function's return, not this view's response: it can be queued.
    # ruleid: DJP601
    answer = requests.post("https://hooks.example.com/ping", json={"user": request.user.pk}, timeout=5)

    def later():
        return answer

    return JsonResponse({"ok": True})


def three_rates(request):
    # Each answer is shown: the two with a timeout are fine, the third is reported.
    # ok: DJP601
    eur = requests.get("https://rates.example.com/eur", timeout=3).json()
    # ok: DJP601
    usd = requests.get("https://rates.example.com/usd", timeout=3).json()
    # ruleid: DJP601
    gbp = requests.get("https://rates.example.com/gbp").json()
    return JsonResponse({"eur": eur, "usd": usd, "gbp": gbp})


class ClaimForm(forms.Form):
    token = forms.CharField()

    def clean_token(self):
        # A form holding the HTTP request validates while that request waits.
        owner = self.request.user
        # ruleid: DJP601
        answer = requests.get("https://chat.example.com/api/me", headers={"Authorization": self.cleaned_data["token"]})
        if answer.status_code != 200:
            raise ValidationError(f"{owner} cannot use this token")
        return self.cleaned_data["token"]


class ExportJob:
    # `self.request` here is a saved row (`.save()`), not an HTTP request.
    def notify(self):
        self.request.save()
        # ok: DJP601
        return requests.get("https://chat.example.com/api/ping").ok


def check_page_token(request):
    # What the view answers depends on the answer (a branch on it), with a timeout: silent.
    # ok: DJP601
    answer = requests.get("https://graph.example.com/debug_token", params={"t": request.GET["t"]}, timeout=5)
    failed = False
    if answer.status_code != 200:
        failed = True
    return JsonResponse({"failed": failed})


def capture_payment(request, order_id):
    order = ExportRequest.objects.get(pk=order_id)
    # ok: DJP601
    capture = requests.post(f"https://pay.example.com/orders/{order_id}/capture", timeout=10)
    order.reference = capture.json()["id"]
    return render(request, "paid.html", {"order": order})


# --- GraphQL mutations and resolvers run in the request too ---------------------------


class PublishReport(graphene.Mutation):
    class Arguments:
        report_id = graphene.ID()

    ok = graphene.Boolean()

    def mutate(self, info, report_id):
        # ruleid: DJP601
        render_report_pdf(report_id)
        return PublishReport(ok=True)


@strawberry.type
class Mutation:
    @strawberry.mutation
    def regenerate_thumbnail(self, photo_id: int) -> bool:
        # ruleid: DJP601
        make_thumbnail(photo_id)
        return True


# --- admin actions take the request as well ---------------------------------------------


def regenerate_thumbnails(modeladmin, request, queryset):
    for photo in queryset:
        # ruleid: DJP601
        make_thumbnail(photo.pk)


# --- quiet: the work is queued ------------------------------------------------------------


def report_pdf_queued(request, report_id):
    # ok: DJP601
    transaction.on_commit(lambda: render_report_pdf.delay(report_id))
    return JsonResponse({"queued": True}, status=202)


def reindex_queued(request):
    # ok: DJP601
    result = rebuild_search_index.apply_async(queue="etl")
    return JsonResponse({"task": result.id}, status=202)


def upload_photo_queued(request):
    photo = Photo.objects.create(image=request.FILES["image"])
    # ok: DJP601
    transaction.on_commit(lambda: make_thumbnail.delay(photo.pk))
    return JsonResponse({"id": photo.pk}, status=202)


def status_without_waiting(request, task_id):
    result = AsyncResult(task_id)
    # Reading the state does not wait for the task.
    # ok: DJP601
    return JsonResponse({"state": result.state, "ready": result.ready()})


def thread_offload(request):
    # The lambda runs on another thread; the request does not wait for it.
    # ok: DJP601
    threading.Thread(target=lambda: requests.post("https://hooks.example.com", timeout=5)).start()
    return JsonResponse({"ok": True})


def quick_lookup(request):
    data = {"a": 1}
    # A dict's get() is not a Celery result.
    # ok: DJP601
    return JsonResponse({"a": data.get("a")})


def open_image_only(request):
    # Opening reads the header only; nothing is decoded or resized.
    # ok: DJP601
    width, height = Image.open(request.FILES["image"]).size
    return JsonResponse({"width": width, "height": height})


def fake_sleep(request):
    from .helpers import sleep

    # Not time.sleep: a project helper of the same name.
    # ok: DJP601
    sleep()
    return JsonResponse({"ok": True})


# --- quiet: not in a request --------------------------------------------------------------


def nightly_rebuild():
    # ok: DJP601
    call_command("rebuild_index", interactive=False)


def render_all_reports():
    for report in Report.objects.all():
        # ok: DJP601
        HTML(string=report.body).write_pdf()


def request_helper(request):
    def later():
        # A nested function is called elsewhere (here: from a thread), not while the request waits.
        # ok: DJP601
        time.sleep(1)

    threading.Thread(target=later).start()
    return JsonResponse({"ok": True})


def import_price_list(request, rows):
    for row in rows:
        Report.objects.create(title=row["title"])
    # Only ever started on a thread (below): the upload page has answered before this runs.
    # ok: DJP601
    send_mail("Price list imported", f"{len(rows)} rows", None, [request.user.email])


def upload_price_list(request):
    rows = [{"title": line} for line in request.FILES["file"].read().decode().splitlines()]
    worker = threading.Thread(target=import_price_list, args=(request, rows), daemon=True)
    worker.start()
    return HttpResponse("importing")


def recount_stock(request):
    # Started on a thread by one view, but called directly by another: the request waits there.
    # ruleid: DJP601
    subprocess.run(["stock-recount", str(request.user.pk)], check=True)


def recount_stock_later(request):
    threading.Thread(target=recount_stock, args=(request,)).start()
    return HttpResponse("recounting")


def recount_stock_now(request):
    recount_stock(request)
    return HttpResponse("recounted")


def simulated_latency(request):
    from django.conf import settings

    if settings.DEBUG:
        # Development only: production never enters this branch.
        # ok: DJP601
        time.sleep(0.5)
    else:
        # ruleid: DJP601
        time.sleep(0.1)
    return JsonResponse({"ok": True})


def nested_debug_latency(request):
    for report in Report.objects.all():
        if settings.DEBUG:
            for _ in range(3):
                # Development only, however deep inside the branch.
                # ok: DJP601
                time.sleep(0.1)
        # ruleid: DJP601
        time.sleep(0.2)
    return JsonResponse({"n": 1})


def run_test_script(request):
    if not settings.DEBUG:
        return HttpResponse(status=404)
    # Production returned above: the rest of the view runs in development only.
    # ok: DJP601
    subprocess.run(["./run_tests.sh"], check=True)
    return HttpResponse("done")


def reset_e2e_data(request):
    if not settings.ALLOW_E2E_RESET:
        raise Http404
    # Off by default, switched on by the test settings only: the rest serves the end-to-end suite.
    # ok: DJP601
    call_command("loaddata", "e2e_fixtures.json")
    return HttpResponse(status=201)


def lab_page(request):
    if settings.SHOW_LAB_PAGES:
        # Every settings module the project runs with leaves SHOW_LAB_PAGES False.
        # ok: DJP601
        subprocess.run(["./lab.sh"], check=True)
    return HttpResponse("lab")


def live_reindex(request):
    if not settings.LIVE_REINDEX:
        raise Http404
    # Off by default, but no test settings turn it on: a deployment's switch, so production may run this.
    # ruleid: DJP601
    call_command("rebuild_index")
    return HttpResponse("reindexed")


def run_test_script_logged(request):
    if not settings.DEBUG:
        print("tests requested in production")
    # The guard does not leave the view: production runs the script too.
    # ruleid: DJP601
    subprocess.run(["./run_tests.sh"], check=True)
    return HttpResponse("done")


if settings.DEBUG:

    def debug_only_view(request):
        # The branch is around the view, not inside it: once routed, the view runs in a request.
        # ruleid: DJP601
        time.sleep(1)
        return JsonResponse({"ok": True})


def filtered_reports(request):
    reports = Report.objects.all()
    reports = reports.filter(title__icontains=request.GET.get("q", ""))
    # A queryset narrowed step by step is not an image being filtered.
    # ok: DJP601
    reports = reports.filter(body__isnull=False)
    return JsonResponse({"n": reports.count()})


def frame_apply(request):
    frame = pd.DataFrame({"a": [1, 2]})
    # DataFrame.apply is not a Celery task's apply.
    # ok: DJP601
    frame.apply(sum)
    return JsonResponse({"ok": True})


# --- a parameter named `request` must be shown to be an HTTP request ---------------------


def retry_export(request):
    # `request` is an ExportRequest row here: it is saved, and nothing in the function is HTTP.
    request.status = "retrying"
    request.save(update_fields=["status"])
    # ok: DJP601
    time.sleep(5)


def render_export(request: ExportRequest):
    # Annotated with a model class: a row, even though nothing else is read from it.
    # ok: DJP601
    make_thumbnail(request.pk)


def exports_of(request):
    # Filtering on a foreign key named `request` with it: a row.
    for report in Report.objects.filter(request=request):
        # ok: DJP601
        HTML(string=report.body).write_pdf()


def forward(request, payload):
    # Nothing says what `request` is (it is only passed on): no finding rather than a guess.
    # ok: DJP601
    time.sleep(1)
    return payload


def search_helper(request):
    # request.GET exists only on an HTTP request: this helper runs inside a view.
    query = request.GET.get("q", "")
    # ruleid: DJP601
    time.sleep(0.2)
    return query


def typed_helper(request: HttpRequest, report_id):
    # ruleid: DJP601
    render_report_pdf(report_id)


def user_helper(request):
    # ruleid: DJP601
    rebuild_search_index()
    return request.user


class PartnerPermission(BasePermission):
    # DRF calls has_permission(self, request, view) with the HTTP request; no use of it is needed.
    def has_permission(self, request, view):
        # ruleid: DJP601
        return requests.get("https://partners.example.com/allowed").ok


class ExportWorker:
    # A method taking `request` in a class nobody calls with an HTTP request, and nothing HTTP in it.
    def run(self, request):
        # ok: DJP601
        subprocess.run(["zip", "-r", f"/exports/{request.pk}.zip", "/exports/tmp"], check=True)


def export_status(request, task_id):
    result = render_report_pdf.AsyncResult(task_id)
    if not result.ready():
        return JsonResponse({"ready": False}, status=202)
    # ok: DJP601 the task has finished: get() returns at once (the poll-status view)
    return JsonResponse({"value": result.get()})


def export_status_branch(request, task_id):
    result = render_report_pdf.AsyncResult(task_id)
    if result.successful():
        # ok: DJP601 read inside the branch taken once the task has succeeded
        return JsonResponse({"value": result.get()})
    return JsonResponse({"ready": False}, status=202)


def export_status_no_exit(request, task_id):
    result = render_report_pdf.AsyncResult(task_id)
    if not result.ready():
        print("pending", task_id)
    # ruleid: DJP601 the guard does not leave the function: get() still waits for the worker
    return JsonResponse({"value": result.get(timeout=30)})


# --- the queued path exists beside the inline one (rotation set 6) ---------------------


def rebuild_reports(request, report_ids):
    for pk in report_ids:
        if settings.REPORTS_HAVE_WORKER:
            render_report_pdf.delay(pk)
        else:
            # ok: DJP601 the fallback when no worker runs: the other branch queues the same task
            render_report_pdf(pk)
    return JsonResponse({"ok": True})


def report_title(request, report_id):
    if request.GET.get("wait") == "1":
        # ok: DJP601 the client asked to wait for it; otherwise it is queued
        title = render_report_pdf(report_id)
    elif request.GET.get("later") == "1":
        render_report_pdf.apply_async((report_id,), countdown=60)
        title = None
    else:
        render_report_pdf.delay(report_id)
        title = None
    return JsonResponse({"title": title})


def report_queued_after_inline(request, report_id):
    if request.GET.get("preview"):
        # ruleid: DJP601 the queued call is not an alternative to this one: both run
        render_report_pdf(report_id)
    render_report_pdf.delay(report_id)
    return JsonResponse({"ok": True})


def thumbnail_or_other_task(request, photo_id):
    if settings.REPORTS_HAVE_WORKER:
        make_thumbnail.delay(photo_id)
    else:
        # ruleid: DJP601 another task is queued in the other branch, not this one
        render_report_pdf(photo_id)
    return JsonResponse({"ok": True})


class VersionView(APIView):
    @method_decorator(cache_page(60 * 60))
    def get(self, request):
        # ruleid: DJP601 (info: the page is cached, so it runs once per cache key and period)
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, check=True)
        return JsonResponse({"version": out.stdout.decode()})


@cache_page(60)
def cached_report_pdf(request, report_id):
    # ruleid: DJP601 (info: a cached page)
    pdf = HTML(string=Report.objects.get(pk=report_id).body).write_pdf()
    return HttpResponse(pdf, content_type="application/pdf")


# --- rare work: staff only, first use, a short pause (info, with the reason) ---------------------
# A staff member waits now and then; no visitor does. A command named for a whole dataset keeps warn
# even behind a staff check: it runs as long as the data is large and can outlast the server timeout.


@staff_member_required
def check_disk_usage(request):
    # ruleid: DJP601 (info: staff only)
    out = subprocess.run(["du", "-sh", "/srv/media"], capture_output=True, check=True)
    return HttpResponse(out.stdout)


@user_passes_test(lambda u: u.is_superuser)
def pending_migrations(request):
    # ruleid: DJP601 (info: superusers only)
    call_command("showmigrations", "--plan")
    return HttpResponse("listed")


class CertificateCheckView(APIView):
    permission_classes = [IsAuthenticated, IsAdminUser]

    def post(self, request):
        # ruleid: DJP601 (info: IsAdminUser)
        subprocess.run(["openssl", "x509", "-noout", "-in", "/etc/ssl/site.pem"], check=True)
        return HttpResponse("checked")


class SupplierAdmin(admin.ModelAdmin):
    actions = ["resync_catalogue"]

    @admin.action(description="Resync the selected suppliers")
    def resync_catalogue(self, request, queryset):
        for supplier in queryset:
            # ruleid: DJP601 (info: an admin action)
            call_command("resync_supplier", supplier.pk)


class ExportMixin:
    """A staff "save and export" button of admin classes: the export command writes the zip into the response returned."""

    def response_post_save_change(self, request, obj):
        if "_export" in request.POST:
            response = HttpResponse(content_type="application/zip")
            # ruleid: DJP601 (info: staff only, and the page returns the command's output)
            call_command("export", response=response, ids=[obj.pk])
            return response
        return super().response_post_save_change(request, obj)


class CatalogueAdmin(ExportMixin, admin.ModelAdmin):
    def import_view(self, request):
        # ruleid: DJP601 (warn: a whole catalogue imported while the request waits)
        call_command("import", import_file_content=request.FILES["file"].read())
        return HttpResponse("imported")


def purge_cdn(request):
    if not (request.user.is_staff and request.user.has_perm("shop.purge_cdn")):
        return HttpResponse(status=403)
    # ruleid: DJP601 (info: the view leaves first unless the user is staff)
    subprocess.run(["cdn-purge", "--all"], check=True)
    return HttpResponse("purged")


def restart_worker(request):
    # Touching the reload file makes the worker restart itself; give it a moment before answering.
    open("/run/shop/reload", "w").close()
    # ruleid: DJP601 (info: a one-off pause of half a second)
    time.sleep(0.5)
    return HttpResponse("reloaded")


def seed_reports(request):
    if not Report.objects.exists():
        # ruleid: DJP601 (info: runs once, while the table is empty)
        call_command("create_sample_reports")
    return HttpResponse("ready")


def warm_each_report(request):
    for report in Report.objects.all():
        # ruleid: DJP601 (warn: a pause per report)
        time.sleep(1)
        report.refresh_from_db()
    return HttpResponse("warmed")


# Real fixes show whole-dataset work on operators' buttons gets fixed too (eval awx-heavy-002: a view
# that returned unless the user was a superuser ran a sudo subprocess, fixed by handing it to Celery).


def maintenance_rebuild_index(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    # ruleid: DJP601
    call_command("rebuild_index", interactive=False)
    return HttpResponse("rebuilt")


class StockAuditView(View):
    """Superusers only: the check sits in dispatch, before every handler runs."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        # ruleid: DJP601 (info: dispatch leaves first unless the user is a superuser)
        out = subprocess.run(["stock-audit", "--summary"], capture_output=True, check=True)
        return HttpResponse(out.stdout)


class CatalogueMigrationView(View):
    """An operator's page: runs a data migration and shows what it printed."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_staff:
            return HttpResponse(status=404)
        return super(CatalogueMigrationView, self).dispatch(request, *args, **kwargs)

    def get(self, request):
        out = StringIO()
        # ruleid: DJP601 (info: staff only, and the page shows the command's output)
        call_command("migrate_catalogue", *request.GET.getlist("sku"), stdout=out)
        return HttpResponse(out.getvalue(), content_type="text/plain")


class LateGuardView(View):
    """The check runs after the handler: it protects nothing."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if not request.user.is_staff:
            raise PermissionDenied
        return response

    def get(self, request):
        # ruleid: DJP601 (warn: the staff check comes after the handler)
        subprocess.run(["stock-audit", "--full"], check=True)
        return HttpResponse("done")


# --- work that only queues other tasks: the request waits for broker publishes, not the work ------


def remind_owners(request):
    ids = [int(i) for i in request.POST.getlist("report")]
    # ok: DJP601 (the task only queues one reminder per report)
    queue_report_reminders(ids)
    # ok: DJP601 (the command's handle only queues a task)
    call_command("queue_monthly_reports", month=request.POST.get("month"))
    # ok: DJP601 (the task reads the rows once and queues one reminder per row)
    remind_open_reports(request.POST.get("prefix"))
    # ruleid: DJP601 (the task reads per row before it queues)
    remind_report_photos()
    return HttpResponse("queued")


def refresh_reports(request):
    ids = [int(i) for i in request.POST.getlist("report")]
    # ok: DJP601 (the task builds a chord of chunk tasks and calls it: the chord is queued)
    refresh_reports_in_chunks(ids)
    return HttpResponse("queued")


def delete_reports(request):
    # ok: DJP601 (the task sets the recursion limit and queues a subtask)
    delete_reports_later(request.user.pk)
    return HttpResponse("queued")


def close_reports(request):
    ids = [int(i) for i in request.POST.getlist("report")]
    # ruleid: DJP601 (the task writes rows before it queues)
    close_and_queue_reminders(ids)
    # ruleid: DJP601 (the command walks the table before it queues)
    call_command("refresh_reports")
    return HttpResponse("closed")
