# fixture-path: shop/migrations/0003_mixed.py
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ruleid: DJP202
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["created"], name="order_created_idx")),
        # ok: DJP202 reported once, on the concurrent operation
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["status", "created"], name="order_sc_idx")),
        # ok: DJP202 the operation that makes the mix
        migrations.AddField(model_name="order", name="note", field=models.TextField(null=True)),
        # ok: DJP202 a state-only operation
        migrations.AlterModelOptions(name="order", options={"ordering": ["-created"]}),
    ]
