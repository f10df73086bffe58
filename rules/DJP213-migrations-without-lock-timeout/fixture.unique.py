# fixture-path: shop/migrations/0003_order_unique.py
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ruleid: DJP213
        migrations.AlterUniqueTogether(name="order", unique_together={("status", "email")}),
    ]
