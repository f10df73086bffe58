# fixture-path: shop/migrations/0003_delete_customer.py
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP213 the same migration drops the table: the column goes with it
        migrations.RemoveField(model_name="customer", name="name"),
        # ok: DJP213 a dropped table: no code of the new release queries it (DJP207 covers the previous release)
        migrations.DeleteModel(name="Customer"),
    ]
