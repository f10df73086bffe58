# fixture-path: shop/migrations/0003_squashed_0005_backfill.py
from django.db import migrations, models


class Migration(migrations.Migration):
    # A squash runs only on a database that applied none of these: a new one, with empty tables.
    replaces = [("shop", "0003_order_flags"), ("shop", "0004_order_backfill"), ("shop", "0005_order_cleanup")]

    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP201 a squash never runs on a database that has the rows
        migrations.AddIndex(model_name="order", index=models.Index(fields=["created"], name="order_created_idx")),
    ]
