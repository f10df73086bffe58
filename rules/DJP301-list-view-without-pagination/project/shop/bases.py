from django.conf import settings
from django.utils.module_loading import import_string


def base_view_class():
    # The deployment picks the base of every API view.
    return import_string(settings.SHOP_BASE_VIEW)
