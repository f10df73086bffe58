# fixture-path: shop/migrations/0003_concurrent.py
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ruleid: DJP202
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["created"], name="order_created_idx")),
        # ruleid: DJP202
        RemoveIndexConcurrently(model_name="order", name="order_old_idx"),
        # ruleid: DJP202
        migrations.RunSQL("CREATE INDEX CONCURRENTLY order_lower_email ON shop_order (lower(email));", "DROP INDEX order_lower_email;"),
        # ruleid: DJP202
        migrations.RunSQL(sql=["DROP INDEX CONCURRENTLY IF EXISTS order_legacy_idx"], reverse_sql=migrations.RunSQL.noop),
    ]
