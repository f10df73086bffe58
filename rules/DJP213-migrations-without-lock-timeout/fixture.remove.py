# fixture-path: shop/migrations/0003_order_remove.py
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ruleid: DJP213
        migrations.RemoveField(model_name="order", name="legacy"),
    ]
