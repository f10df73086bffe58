from django.shortcuts import get_object_or_404

from shop.jobs import send_order_digest, send_order_unknown
from shop.models import Order


def run_digest(request, order_id):
    send_order_digest(get_object_or_404(Order, pk=order_id))


class Runner:
    def run(self, payload):
        send_order_unknown(payload.order)
