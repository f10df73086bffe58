

@shared_task
def flag_large_orders(threshold):
    """Marks paid orders above the threshold so the warehouse checks them before shipping."""
    for order in Order.objects.filter(status=Order.Status.PAID, total__gte=threshold):
        order.notes = f"Large order (over {threshold} EUR): check before shipping"
        order.save(update_fields=["notes"])
