from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("status", models.CharField(max_length=20)),
                ("note", models.CharField(max_length=200)),
                ("email", models.CharField(max_length=100)),
                ("quantity", models.IntegerField()),
                ("small", models.SmallIntegerField(default=0)),
                ("total", models.DecimalField(max_digits=10, decimal_places=2)),
                ("shipped_at", models.DateTimeField(null=True)),
                ("tracking", models.CharField(max_length=40, null=True)),
                ("payload", models.TextField()),
                ("legacy", models.CharField(max_length=30)),
                ("gift", models.NullBooleanField()),
                ("wrapped", models.NullBooleanField()),
            ],
            options={"db_table": "shop_orders"},
        ),
    ]
