# fixture-path: shop/migrations/0003_clean.py
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP202 non-atomic and nothing else in the migration
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["created"], name="order_created_idx")),
        # ok: DJP202 a plain index operation next to it (DJP201's concern, not a mix)
        migrations.AddIndex(model_name="order", index=models.Index(fields=["status"], name="order_status_idx")),
    ]
