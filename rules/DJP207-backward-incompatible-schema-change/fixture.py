# fixture-path: shop/migrations/0003_cleanup.py
import parler.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.CreateModel(name="Draft", fields=[("id", models.AutoField(primary_key=True)), ("body", models.TextField())]),
        # ruleid: DJP207
        migrations.RemoveField(model_name="order", name="status"),
        # ruleid: DJP207
        migrations.RenameField(model_name="customer", old_name="email", new_name="email_address"),
        # ruleid: DJP207
        migrations.AlterField(model_name="order", name="created", field=models.DateTimeField(auto_now_add=True, db_column="created_on")),
        # ruleid: DJP207
        migrations.AlterModelTable(name="customer", table="shop_client"),
        # ok: DJP207 the table's current name (Django's default `<app>_<model>`) written out: nothing is renamed
        migrations.AlterModelTable(name="order", table="shop_order"),
        # todook: DJP207 when the app had another label once (`old-shop`), its table may already bear this name; no migration shows it
        migrations.AlterModelTable(name="order", table="old-shop_order"),
        # ok: DJP207 the model is deleted below: reported once, on the DeleteModel
        migrations.RemoveField(model_name="legacy", name="owner"),
        # ruleid: DJP207
        migrations.DeleteModel(name="Legacy"),
        # ok: DJP207 state-only: the safe first step
        migrations.SeparateDatabaseAndState(state_operations=[migrations.RemoveField(model_name="customer", name="email_address")]),
        # ok: DJP207 the draft table is created by this migration
        migrations.RemoveField(model_name="draft", name="body"),
        # ok: DJP207 same column
        migrations.AlterField(model_name="customer", name="email_address", field=models.CharField(max_length=300)),
        # ok: DJP207 db_column names the column the field already has: nothing is renamed
        migrations.AlterField(model_name="customer", name="name", field=models.CharField(max_length=100, db_column="name")),
        # ok: DJP207 a library subclass of ForeignKey (parler's TranslationsForeignKey) keeps the `customer_id` column
        migrations.AlterField(model_name="order", name="customer", field=parler.fields.TranslationsForeignKey(on_delete=models.CASCADE, to="shop.customer")),
        # ok: DJP207 a foreign key's column is its name with `_id`
        migrations.AlterField(model_name="order", name="customer", field=models.ForeignKey(on_delete=models.CASCADE, to="shop.customer", db_column="customer_id")),
        # ruleid: DJP207 a foreign key's db_column without `_id` renames its column
        migrations.AlterField(model_name="order", name="customer", field=models.ForeignKey(on_delete=models.CASCADE, to="shop.customer", db_column="customer")),
        # ok: DJP207 the history does not know this model
        migrations.RemoveField(model_name="ghost", name="x"),
        # ruleid: DJP207 a many-to-many field: its join table is dropped
        migrations.RemoveField(model_name="order", name="tags"),
        # ok: DJP207 a many-to-many field with its own through model: RemoveField runs no SQL (the through model's DeleteModel drops the table)
        migrations.RemoveField(model_name="order", name="watchers"),
        # ruleid: DJP207 a nullable column: the state-only removal alone is the first step
        migrations.RemoveField(model_name="order", name="memo"),
        # ok: DJP207 a proxy model has no table of its own: deleting it runs no SQL
        migrations.DeleteModel(name="OrderArchive"),
        # ok: DJP207 an unmanaged model (a database view): Django drops nothing
        migrations.RemoveField(model_name="salesreport", name="total"),
        # ok: DJP207 suppressed with a reason
        migrations.DeleteModel(name="Draft"),  # djperf: safe[DJP207] never deployed
    ]
