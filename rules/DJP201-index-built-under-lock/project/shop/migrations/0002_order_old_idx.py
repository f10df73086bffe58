from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddIndex(model_name="order", index=models.Index(fields=["status"], name="order_old_idx")),
        migrations.CreateModel(name="SalesReport", fields=[("id", models.AutoField(primary_key=True)), ("day", models.DateField())], options={"managed": False, "db_table": "sales_view"}),
    ]
