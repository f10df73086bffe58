from .tasks import rebuild_price_cache


def on_price_change(sender, instance, **kwargs):
    rebuild_price_cache.apply_async(args=(instance.pk,), queue="etl")
