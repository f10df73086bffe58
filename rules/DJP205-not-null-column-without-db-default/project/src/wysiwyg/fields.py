from django.db import models


class RichTextField(models.TextField):
    """Rich text kept as HTML; lives under `src/`, imported as `wysiwyg.fields`."""
