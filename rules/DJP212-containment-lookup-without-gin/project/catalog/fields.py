from django.contrib.postgres.fields import ArrayField
from django.db import models


class ReferenceField(models.CharField):
    """A generated reference: the class fixes its length and uniqueness."""

    def __init__(self, prefix, **kwargs):
        self.prefix = prefix
        super().__init__(max_length=24, unique=True)


class BadgeArrayField(ArrayField):
    """An array of badge names."""
