# fixture-path: shop/migrations/0003_order_labels.py
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP213 related_name, and `to` naming the same model in other letters: Django runs no SQL
        migrations.AlterField(
            model_name="order",
            name="customer",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="%(app_label)s_orders", to="shop.customer"),
        ),
        # ok: DJP213 choices and verbose_name are not in the database
        migrations.AlterField(model_name="order", name="status", field=models.CharField(max_length=20, choices=[("new", "New"), ("paid", "Paid")], verbose_name="state")),
        # ok: DJP213 db_column naming the column the field already has
        migrations.AlterField(model_name="order", name="email", field=models.CharField(max_length=100, db_column="email")),
        # ok: DJP213 null=False written out is Django's default
        migrations.AlterField(model_name="order", name="quantity", field=models.IntegerField(null=False)),
        # ruleid: DJP213 a new default on a foreign key: Django drops the FOREIGN KEY constraint and adds it back, checking every row under lock
        migrations.AlterField(
            model_name="order",
            name="customer",
            field=models.ForeignKey(null=True, default=1, on_delete=django.db.models.deletion.CASCADE, related_name="orders", to="shop.Customer"),
        ),
    ]
