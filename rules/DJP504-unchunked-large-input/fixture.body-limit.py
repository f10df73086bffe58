# fixture-path: shop/views.py
# Runs in project.body-limit/: the production MIDDLEWARE holds a project middleware
# (shop/middleware.py) that answers 413 when the request's Content-Length is past 10 MB, before any
# view reads the body.
from django.http import JsonResponse
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


def import_catalogue(request):
    # ok: DJP504
    data = request.FILES["catalogue"].read()
    return JsonResponse({"n": len(data)})


class CatalogueSerializer(serializers.Serializer):
    catalogue = serializers.FileField()

    def validate_catalogue(self, value):
        # ok: DJP504
        header = value.read()
        return header


class CatalogueUploadView(APIView):
    def post(self, request):
        serializer = CatalogueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # ok: DJP504
        content = serializer.validated_data["catalogue"].read()
        return Response({"n": len(content)})
