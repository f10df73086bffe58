from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Customer",
            fields=[("id", models.AutoField(primary_key=True, serialize=False)), ("email", models.CharField(max_length=200))],
        ),
        migrations.CreateModel(
            name="Order",
            fields=[("id", models.AutoField(primary_key=True, serialize=False)), ("status", models.CharField(max_length=20))],
        ),
    ]
