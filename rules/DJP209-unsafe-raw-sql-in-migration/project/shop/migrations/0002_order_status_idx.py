from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddIndex(model_name="order", index=models.Index(fields=["status"], name="order_status_idx")),
        migrations.AddIndex(model_name="customer", index=models.Index(fields=["email"], name="customer_email_idx")),
    ]
