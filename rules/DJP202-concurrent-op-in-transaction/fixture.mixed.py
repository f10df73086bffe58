# fixture-path: shop/migrations/0003_mixed.py
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP202 non-atomic: CONCURRENTLY runs outside a transaction, which is all this rule asks
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["created"], name="order_created_idx")),
        # ok: DJP202 a second concurrent build in the same non-atomic migration
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["status", "created"], name="order_sc_idx")),
        # ok: DJP202 an AddField beside the builds: a failed concurrent build leaves an INVALID index that stops the re-run with or without it, so the mix adds no hazard of its own
        migrations.AddField(model_name="order", name="note", field=models.TextField(null=True)),
        # ok: DJP202 a state-only operation
        migrations.AlterModelOptions(name="order", options={"ordering": ["-created"]}),
    ]
