# fixture-path: shop/migrations/0003_alter_columns.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.CreateModel(
            name="Coupon",
            fields=[("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=12))],
        ),
        migrations.AddField(model_name="order", name="coupons", field=models.ManyToManyField(null=True, to="shop.coupon")),
        # ruleid: DJP206
        migrations.AlterField(model_name="order", name="quantity", field=models.BigIntegerField()),
        # ruleid: DJP206
        migrations.AlterField(model_name="order", name="status", field=models.CharField(max_length=10)),
        # ruleid: DJP206
        migrations.AlterField(model_name="order", name="total", field=models.DecimalField(max_digits=12, decimal_places=3)),
        # ruleid: DJP206
        migrations.AlterField(model_name="order", name="shipped_at", field=models.DateTimeField(default=None)),
        # ruleid: DJP206
        migrations.AlterField(model_name="order", name="small", field=models.IntegerField(default=0)),
        # ruleid: DJP206
        migrations.AlterField(model_name="order", name="payload", field=models.CharField(max_length=500)),
        # ruleid: DJP206 a NullBooleanField allowed NULL: the BooleanField does not, SET NOT NULL scans the table
        migrations.AlterField(model_name="order", name="gift", field=models.BooleanField(default=False)),
        # ok: DJP206 BooleanField(null=True) is the same nullable boolean column
        migrations.AlterField(model_name="order", name="wrapped", field=models.BooleanField(null=True)),
        # ok: DJP206 varchar to text is binary compatible
        migrations.AlterField(model_name="order", name="note", field=models.TextField()),
        # ok: DJP206 a longer varchar is metadata only
        migrations.AlterField(model_name="order", name="email", field=models.EmailField(max_length=254)),
        # ok: DJP206 more digits at the same scale
        migrations.AlterField(model_name="order", name="total", field=models.DecimalField(max_digits=14, decimal_places=3)),
        # ok: DJP206 NOT NULL to nullable drops a constraint only
        migrations.AlterField(model_name="order", name="quantity", field=models.BigIntegerField(null=True)),
        # ok: DJP206 the column stays nullable
        migrations.AlterField(model_name="order", name="tracking", field=models.CharField(max_length=60, null=True)),
        # ok: DJP206 a many-to-many field has no column
        migrations.AlterField(model_name="order", name="coupons", field=models.ManyToManyField(blank=True, to="shop.coupon")),
        # ok: DJP206 new table
        migrations.AlterField(model_name="coupon", name="code", field=models.CharField(max_length=6)),
        # ok: DJP206 unknown model: the history has no CreateModel and there is no models.py
        migrations.AlterField(model_name="ghost", name="size", field=models.BigIntegerField()),
        # ok: DJP206 a custom field class: what its column type is cannot be proven
        migrations.AlterField(model_name="order", name="legacy", field=EncryptedCharField(max_length=30)),
        # ok: DJP206 suppressed with a reason
        # djperf: safe[DJP206] the table holds a few hundred rows
        migrations.AlterField(model_name="order", name="email", field=models.EmailField(max_length=50)),
    ]
