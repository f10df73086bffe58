from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Customer",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("email", models.CharField(max_length=200)),
                ("name", models.CharField(max_length=100)),
            ],
        ),
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("status", models.CharField(max_length=20)),
                ("customer", models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")),
                ("tags", models.ManyToManyField(to="shop.customer", related_name="tagged_orders")),
                ("watchers", models.ManyToManyField(to="shop.customer", through="shop.Watch", related_name="watched_orders")),
                ("memo", models.TextField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="Legacy",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("owner", models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")),
            ],
        ),
        migrations.CreateModel(
            name="Watch",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("order", models.ForeignKey(on_delete=models.CASCADE, to="shop.order")),
                ("customer", models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")),
            ],
        ),
    ]
