# fixture-path: shop/views.py
# Runs in project.memory-settings/: DATA_UPLOAD_MAX_MEMORY_SIZE and FILE_UPLOAD_MAX_MEMORY_SIZE are set,
# FILE_UPLOAD_HANDLERS lists a progress handler that never stops an upload, and MIDDLEWARE looks at no
# size. None of them bounds a file (DATA_UPLOAD_MAX_MEMORY_SIZE counts the body without its file data;
# FILE_UPLOAD_MAX_MEMORY_SIZE only chooses memory or a temporary file).
from django.http import JsonResponse
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.uploadhandlers import ProgressUploadHandler, SingleFileLimitHandler


def import_prices(request):
    # ruleid: DJP504
    data = request.FILES["prices"].read()
    return JsonResponse({"n": len(data)})


class PriceUploadView(APIView):
    def post(self, request):
        # ruleid: DJP504
        content = request.data["prices"].read()
        return Response({"n": len(content)})


def import_with_view_handler(request):
    # The view installs a handler that stops uploads announced past 8 MB before it touches FILES.
    request.upload_handlers.insert(0, SingleFileLimitHandler(request))
    # ok: DJP504
    data = request.FILES["prices"].read()
    return JsonResponse({"n": len(data)})


def import_with_progress_handler(request):
    # A progress handler stops nothing.
    request.upload_handlers.insert(0, ProgressUploadHandler(request))
    # ruleid: DJP504
    data = request.FILES["prices"].read()
    return JsonResponse({"n": len(data)})


def import_after_reading_handler_late(request):
    # ruleid: DJP504
    data = request.FILES["prices"].read()
    # Installed after the files were parsed: too late to bound anything.
    request.upload_handlers.insert(0, SingleFileLimitHandler(request))
    return JsonResponse({"n": len(data)})
