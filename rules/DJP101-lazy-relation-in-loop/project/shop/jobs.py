from shop import reports
from shop.models import Customer, Order
from shop.reports import (
    mail_order_by_name,
    mail_order_digest,
    mail_order_exported,
    mail_order_handed_out,
    mail_order_lines,
    mail_order_mixed,
    mail_order_unknown,
)

HANDLERS = {"lines": mail_order_handed_out}


def send_order_lines(order_id):
    order = Order.objects.filter(pk=order_id).first()
    mail_order_lines(order)


def send_order_digest(order):
    mail_order_digest(order)


def send_order_unknown(order):
    mail_order_unknown(order)


def send_handed_out(order_id):
    mail_order_handed_out(Order.objects.get(pk=order_id))


def send_by_name(order_id):
    getattr(reports, "mail_order_by_name")(Order.objects.get(pk=order_id))
    mail_order_by_name(Order.objects.get(pk=order_id))


def send_mixed(order_id, customer_id):
    mail_order_mixed(Order.objects.get(pk=order_id))
    mail_order_mixed(Customer.objects.get(pk=customer_id))


def send_exported(order_id):
    mail_order_exported(Order.objects.get(pk=order_id))
