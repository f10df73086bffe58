# fixture-path: shop/migrations/0003_order_timeout.py
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.RunSQL("SET lock_timeout = '5s'", reverse_sql=migrations.RunSQL.noop),
        # ok: DJP213 the migration sets lock_timeout first
        migrations.AddField(model_name="order", name="gift_note", field=models.TextField(null=True)),
        # ok: DJP213 concurrent builds do not block writers
        AddIndexConcurrently(model_name="order", index=models.Index(fields=["email"], name="order_email_idx")),
        # ok: DJP213 unknown model
        migrations.AddField(model_name="ghost", name="flag", field=models.BooleanField(null=True)),
    ]
