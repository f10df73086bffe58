from django.http import HttpResponse

MAX_BODY_BYTES = 10 * 1024 * 1024


class BodyLimitMiddleware:
    """Refuses any request whose announced body is larger than MAX_BODY_BYTES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY_BYTES:
            return HttpResponse("Request body too large.", status=413)
        return self.get_response(request)
