# fixture-path: shop/migrations/0003_order_remove.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP213 help_text emits no SQL
        migrations.AlterField(model_name="order", name="status", field=models.CharField(max_length=20, help_text="Lifecycle state")),
        # ok: DJP213 a many-to-many field makes a new join table
        migrations.AddField(model_name="order", name="tags", field=models.ManyToManyField(to="shop.coupon")),
        # ruleid: DJP213
        migrations.RemoveField(model_name="order", name="legacy"),
    ]
