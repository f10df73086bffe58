# fixture-path: shop/migrations/0003_squashed_0005_backfill.py
from django.db import migrations


def fill_status(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.all():
        order.status = order.status.lower()
        # ok: DJP208 a squash runs only on a new database: there are no rows to walk
        order.save(update_fields=["status"])


class Migration(migrations.Migration):
    replaces = [("shop", "0003_order_flags"), ("shop", "0004_order_backfill"), ("shop", "0005_order_cleanup")]

    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.RunPython(fill_status, migrations.RunPython.noop),
    ]
