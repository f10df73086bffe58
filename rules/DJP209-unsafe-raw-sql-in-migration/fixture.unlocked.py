# fixture-path: shop/migrations/0003_drop_status_idx_now.py
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("shop", "0002_order_status_idx")]

    operations = [
        migrations.RunSQL("ALTER TABLE shop_order DROP CONSTRAINT IF EXISTS order_status_check;"),
        # ruleid: DJP209 without a transaction the ALTER TABLE's lock ended with its statement
        migrations.RunSQL("DROP INDEX order_status_idx;"),
    ]
