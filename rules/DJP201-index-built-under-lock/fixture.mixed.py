# fixture-path: shop/migrations/0003_tags.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[("id", models.AutoField(primary_key=True)), ("label", models.CharField(max_length=50))],
        ),
        # ok: DJP201 the table is created earlier in this migration: nobody writes to it yet
        migrations.AddIndex(model_name="tag", index=models.Index(fields=["label"], name="tag_label_idx")),
        # ruleid: DJP201
        migrations.AddIndex(model_name="order", index=models.Index(fields=["created", "status"], name="order_cs_idx")),
        # ruleid: DJP201
        migrations.AlterIndexTogether(name="order", index_together={("status", "created")}),
        # ok: DJP201 not an index operation
        migrations.AddField(model_name="order", name="note", field=models.TextField(default="")),
        # ok: DJP201 suppressed with a reason
        migrations.AddIndex(model_name="customer", index=models.Index(fields=["id", "email"], name="c_ie")),  # djperf: safe[DJP201] 40-row table
    ]
