# fixture-path: shop/migrations/0003_atomic_mix.py
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = True

    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.AddField(model_name="order", name="channel", field=models.CharField(max_length=20, null=True)),
        # ruleid: DJP202 atomic written out: the build still runs in the transaction (no fix: the AddField would lose its transaction)
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["channel"], name="order_channel_idx")),
    ]
