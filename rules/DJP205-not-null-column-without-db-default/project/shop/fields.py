from django.db import models


class ReferenceField(models.CharField):
    """An order reference: upper-cased on save."""

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        return value.upper() if value else value
