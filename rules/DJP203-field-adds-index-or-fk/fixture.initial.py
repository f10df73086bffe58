# fixture-path: shop/migrations/0003_initial.py
from django.db import migrations, models


class Migration(migrations.Migration):
    # makemigrations writes `initial = True` only for an app without migrations: this one is hand-marked.
    initial = True

    dependencies = [("shop", "0002_refund")]

    operations = [
        # ok: DJP203 both migrations are initial: written by one makemigrations run, the table is empty (or the migrations faked)
        migrations.AddField(model_name="order", name="customer", field=models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")),
        # ok: DJP203 same for a unique column
        migrations.AddField(model_name="customer", name="code", field=models.CharField(max_length=20, null=True, unique=True)),
        # ruleid: DJP203 the refund table comes from a later, non-initial migration: it may hold rows
        migrations.AddField(model_name="refund", name="order", field=models.ForeignKey(on_delete=models.CASCADE, to="shop.order")),
    ]
