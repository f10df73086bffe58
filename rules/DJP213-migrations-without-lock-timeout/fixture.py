# fixture-path: shop/migrations/0003_order_columns.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP213 a new table locks nobody
        migrations.CreateModel(
            name="Coupon",
            fields=[("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=12))],
        ),
        # ok: DJP213 the new table's columns
        migrations.AddField(model_name="coupon", name="active", field=models.BooleanField(default=True)),
        # ruleid: DJP213
        migrations.AddField(model_name="order", name="gift_note", field=models.TextField(null=True)),
        # ok: DJP213 one finding per migration
        migrations.AlterField(model_name="order", name="note", field=models.TextField()),
    ]
