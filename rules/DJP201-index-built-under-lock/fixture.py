# fixture-path: shop/migrations/0003_order_indexes.py
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ruleid: DJP201
        migrations.AddIndex(model_name="order", index=models.Index(fields=["created"], name="order_created_idx")),
        # ruleid: DJP201
        migrations.RemoveIndex(model_name="order", name="order_old_idx"),
        # ruleid: DJP201
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(fields=["email"], name="customer_email_idx"),
        ),
        # ok: DJP201 already concurrent
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["status", "created"], name="order_status_created")),
        # ok: DJP201 an unmanaged model (a database view): Django creates no index for it
        migrations.AddIndex(model_name="salesreport", index=models.Index(fields=["day"], name="sales_day_idx")),
        # ok: DJP201 no migration before this one creates "ghost": the table is unknown, never guessed
        migrations.AddIndex(model_name="ghost", index=models.Index(fields=["x"], name="ghost_x")),
    ]
