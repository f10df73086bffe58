# fixture-path: shop/views.py
# Runs in project.upload-handler/: the production settings list a project upload handler in
# FILE_UPLOAD_HANDLERS (shop/uploadhandlers.py) that stops any upload past 20 MB.
import csv
import io

from django.http import JsonResponse
from rest_framework.response import Response
from rest_framework.views import APIView


def import_prices(request):
    # Every file of the request went through QuotaUploadHandler: at most 20 MB reach this read.
    # ok: DJP504
    data = request.FILES["prices"].read()
    return JsonResponse({"n": len(data)})


def import_rows(request):
    upload = request.FILES["rows"]
    # ok: DJP504
    rows = list(csv.reader(io.TextIOWrapper(upload, encoding="utf-8")))
    return JsonResponse({"n": len(rows)})


class PriceUploadView(APIView):
    def post(self, request):
        # DRF's multipart parser streams files through the same upload handlers.
        # ok: DJP504
        content = request.data["prices"].read()
        return Response({"n": len(content)})


def sample_local_file(path):
    # A file on disk is not an upload: out of scope whatever the handlers do.
    with open(path) as handle:
        # ok: DJP504
        return handle.read()
