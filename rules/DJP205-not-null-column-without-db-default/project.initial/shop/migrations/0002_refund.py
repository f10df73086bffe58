from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Refund",
            fields=[("id", models.AutoField(primary_key=True, serialize=False)), ("amount", models.IntegerField())],
        ),
    ]
