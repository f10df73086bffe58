import logging
import time

logger = logging.getLogger(__name__)


class RequestTimingMiddleware:
    """Logs slow requests; looks at no size."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if time.monotonic() - started > 2:
            logger.warning("slow request %s", request.path)
        return response
