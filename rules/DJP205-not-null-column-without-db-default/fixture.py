# fixture-path: shop/migrations/0003_columns.py
import uuid

from django.contrib.postgres.functions import RandomUUID
from django.db import migrations, models

import shop.fields
import storefront.fields
import wysiwyg.fields


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.CreateModel(
            name="Coupon",
            fields=[("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=12))],
        ),
        # ruleid: DJP205
        migrations.AddField(model_name="order", name="is_gift", field=models.BooleanField(default=False)),
        # ok: DJP205 a field class from another package may set null=True itself (its __init__ is not read)
        migrations.AddField(model_name="order", name="code", field=storefront.fields.NullCharField(max_length=12, unique=True)),
        # ruleid: DJP205 the project's own field class: its keyword arguments are the column's
        migrations.AddField(model_name="order", name="ref", field=shop.fields.ReferenceField(default="", max_length=12)),
        # ruleid: DJP205 the project's own field class under a `src/` folder (imported as `wysiwyg.fields`): read like Django's
        migrations.AddField(model_name="order", name="notes_html", field=wysiwyg.fields.RichTextField(blank=True)),
        # ruleid: DJP205
        migrations.AddField(
            model_name="order",
            name="channel",
            field=models.CharField(default="web", max_length=10),
            preserve_default=False,
        ),
        # ruleid: DJP205
        migrations.AddField(model_name="customer", name="token", field=models.UUIDField(default=uuid.uuid4)),
        # ruleid: DJP205
        migrations.AddField(model_name="customer", name="public_id", field=models.UUIDField(db_default=RandomUUID())),
        # ruleid: DJP205
        migrations.AddField(model_name="customer", name="score", field=models.IntegerField(null=False, default=0)),
        # ok: DJP205 nullable
        migrations.AddField(model_name="order", name="shipped_at", field=models.DateTimeField(null=True)),
        # ok: DJP205 a NullBooleanField sets null=True itself
        migrations.AddField(model_name="order", name="wrapped", field=models.NullBooleanField()),
        # ok: DJP205 still a NullBooleanField: the column stays nullable
        migrations.AlterField(model_name="order", name="wrapped", field=models.NullBooleanField(default=False)),
        # ok: DJP205 NOT NULL on a column that is not the pull request's own (added above, outside a change): DJP206's scan
        migrations.AlterField(model_name="order", name="shipped_at", field=models.DateTimeField()),
        # ok: DJP205 the database keeps the default
        migrations.AddField(model_name="order", name="priority", field=models.IntegerField(default=0, db_default=0)),
        # ok: DJP205 new table
        migrations.AddField(model_name="coupon", name="active", field=models.BooleanField(default=True)),
        # ok: DJP205 no column
        migrations.AddField(model_name="order", name="coupons", field=models.ManyToManyField(to="shop.coupon")),
        # ok: DJP205 unknown model
        migrations.AddField(model_name="ghost", name="flag", field=models.BooleanField(default=False)),
        # ok: DJP205 suppressed with a reason
        # djperf: safe[DJP205] deployed with a maintenance window
        migrations.AddField(model_name="customer", name="tier", field=models.IntegerField(default=1)),
    ]
