# fixture-path: shop/migrations/0003_initial.py
from django.db import migrations, models


class Migration(migrations.Migration):
    # makemigrations writes `initial = True` only for an app without migrations: this one is hand-marked.
    initial = True

    dependencies = [("shop", "0002_refund")]

    operations = [
        # ok: DJP205 both migrations are initial: written by one makemigrations run, no old release writes the empty table
        migrations.AddField(model_name="order", name="customer", field=models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")),
        # ruleid: DJP205 the refund table comes from a later, non-initial migration: the old release inserts rows
        migrations.AddField(model_name="refund", name="reason", field=models.CharField(default="", max_length=20), preserve_default=False),
    ]
