# fixture-path: shop/migrations/0003_fields.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.CreateModel(
            name="Coupon",
            fields=[("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=12))],
        ),
        # ruleid: DJP203
        migrations.AddField(
            model_name="order",
            name="coupon",
            field=models.ForeignKey(null=True, on_delete=models.SET_NULL, to="shop.coupon"),
        ),
        # ruleid: DJP203
        migrations.AddField(model_name="order", name="reference", field=models.CharField(max_length=20, null=True, unique=True)),
        # ruleid: DJP203
        migrations.AddField(model_name="customer", name="code", field=models.CharField(max_length=20, null=True, db_index=True)),
        # ruleid: DJP203
        migrations.AlterField(model_name="order", name="status", field=models.CharField(max_length=20, db_index=True)),
        # ruleid: DJP203
        migrations.AddField(model_name="customer", name="referrer", field=models.OneToOneField(null=True, on_delete=models.SET_NULL, to="shop.customer")),
        # ok: DJP203 the coupon table is created by this migration
        migrations.AddField(model_name="coupon", name="owner", field=models.ForeignKey(null=True, on_delete=models.CASCADE, to="shop.customer")),
        # ok: DJP203 no index and no constraint
        migrations.AddField(model_name="order", name="legacy_customer", field=models.ForeignKey(null=True, db_index=False, db_constraint=False, on_delete=models.DO_NOTHING, to="shop.customer")),
        # ok: DJP203 a plain column
        migrations.AddField(model_name="order", name="note", field=models.TextField(null=True)),
        # ok: DJP203 the foreign key was there before: AlterField does not add it
        migrations.AlterField(model_name="order", name="customer", field=models.ForeignKey(on_delete=models.PROTECT, to="shop.customer")),
        # ok: DJP203 a join table, not a column
        migrations.AddField(model_name="order", name="tags", field=models.ManyToManyField(to="shop.coupon")),
        # ok: DJP203 unknown model: never guessed
        migrations.AddField(model_name="ghost", name="owner", field=models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")),
    ]
