# fixture-path: shop/migrations/0003_constraints.py
from django.contrib.postgres.operations import AddConstraintNotValid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.CreateModel(
            name="Coupon",
            fields=[("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=12))],
        ),
        # ruleid: DJP204
        migrations.AddConstraint(model_name="customer", constraint=models.UniqueConstraint(fields=("email",), name="customer_email_uniq")),
        # ruleid: DJP204
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(check=models.Q(status__in=["new", "paid"]), name="order_status_valid"),
        ),
        # todoruleid: DJP204 AlterUniqueTogether is not read yet (set displays are not in the replayed state)
        migrations.AlterUniqueTogether(name="order", unique_together={("customer", "created")}),
        # ruleid: DJP204
        migrations.AddConstraint(model_name="order", constraint=models.UniqueConstraint(fields=["customer", "status"], condition=models.Q(status="new"), name="one_new_order")),
        # ruleid: DJP204
        migrations.AddConstraint(model_name="customer", constraint=models.UniqueConstraint(fields=["email", "id"], name="customer_email_id")),
        # ruleid: DJP204
        migrations.AddConstraint(model_name="order", constraint=models.CheckConstraint(condition=models.Q(id__gte=1), name="order_id_min")),
        # ok: DJP204 new table
        migrations.AddConstraint(model_name="coupon", constraint=models.UniqueConstraint(fields=["code"], name="coupon_code_uniq")),
        # ok: DJP204 validated later, without the long lock
        AddConstraintNotValid(model_name="order", constraint=models.CheckConstraint(check=models.Q(id__gt=0), name="order_id_positive")),
        # ok: DJP204 removing every unique_together set only drops constraints (and AlterUniqueTogether is not read)
        migrations.AlterUniqueTogether(name="order", unique_together=set()),
        # ok: DJP204 unknown model
        migrations.AddConstraint(model_name="ghost", constraint=models.UniqueConstraint(fields=["x"], name="ghost_x")),
        # ok: DJP204 suppressed with a reason
        migrations.AddConstraint(model_name="customer", constraint=models.UniqueConstraint(fields=["id", "email"], name="c_ie")),  # djperf: safe[DJP204] 30 rows
    ]
