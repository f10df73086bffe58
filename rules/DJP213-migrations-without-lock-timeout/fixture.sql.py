# fixture-path: shop/migrations/0003_order_sql.py
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP213 a data change takes row locks only
        migrations.RunSQL("UPDATE shop_orders SET status = 'new' WHERE status = ''"),
        # ruleid: DJP213
        migrations.RunSQL("ALTER TABLE shop_orders ADD COLUMN region text"),
    ]
