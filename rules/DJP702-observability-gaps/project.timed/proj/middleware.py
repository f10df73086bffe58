"""Request middleware of the project's own."""
import logging
import time

from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)


class RequestTimingMiddleware(MiddlewareMixin):
    """Logs how long every request took, with its status and path (read in the log platform)."""

    def process_request(self, request):
        request.started_at = time.monotonic()

    def process_response(self, request, response):
        elapsed = time.monotonic() - request.started_at
        logger.info("request path=%s status=%s duration=%.3fs", request.path, response.status_code, elapsed)
        return response


class RequestIdMiddleware(MiddlewareMixin):
    """Tags each response with an id; measures nothing."""

    def process_response(self, request, response):
        response["X-Request-ID"] = str(time.time())
        return response
