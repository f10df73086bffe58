# fixture-path: shop/migrations/0003_order_index.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ruleid: DJP213
        migrations.AddIndex(model_name="order", index=models.Index(fields=["shipped_at"], name="order_shipped_idx")),
    ]
