# fixture-path: shop/migrations/0002_order_indexes.py
# The project lists only a MySQL driver (project.mysql/requirements.txt) and reads DATABASES from the
# environment: InnoDB builds a secondary index online, so the PostgreSQL lock does not apply.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        # ok: DJP201 MySQL builds the index without blocking writes
        migrations.AddIndex(model_name="order", index=models.Index(fields=["created"], name="order_created_idx")),
        # ok: DJP201 a second index on the same table, the same answer
        migrations.AddIndex(model_name="order", index=models.Index(fields=["-created", "id"], name="order_recent_idx")),
    ]
