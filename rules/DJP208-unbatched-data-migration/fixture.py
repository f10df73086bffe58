# fixture-path: shop/migrations/0003_backfill.py
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.migrations import RunPython


def fill_status(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.all():
        order.status = order.status.lower()
        # ruleid: DJP208
        order.save(update_fields=["status"])


def copy_emails(apps, schema_editor):
    Customer = apps.get_model("shop.Customer")
    Order = apps.get_model("shop", "Order")
    customers = Customer.objects.filter(email__contains="@").iterator()
    for customer in customers:
        # ruleid: DJP208
        Order.objects.filter(customer=customer).update(status="known")


def reset_all(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    # ruleid: DJP208
    Order.objects.update(status="new")


def drop_spam(apps, schema_editor):
    Customer = apps.get_model("shop", "Customer")
    for customer in Customer.objects.exclude(email__contains="@"):
        # ruleid: DJP208
        customer.delete()


def recreate(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    Customer = apps.get_model("shop", "Customer")
    for customer in Customer.objects.all():
        # ruleid: DJP208
        Order.objects.create(customer=customer, status="welcome")


def seed_coupons(apps, schema_editor):
    Coupon = apps.get_model("shop", "Coupon")
    for code in ["A", "B"]:
        # ok: DJP208 the coupon table is created by this migration: empty
        Coupon.objects.create(code=code)
    for coupon in Coupon.objects.all():
        # ok: DJP208 new table
        coupon.save()


def narrowed_update(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    # ok: DJP208 a filtered update: bounded by its filter
    Order.objects.filter(status="").update(status="new")


def one_row(apps, schema_editor):
    Customer = apps.get_model("shop", "Customer")
    customer = Customer.objects.get(pk=1)
    # ok: DJP208 one row
    customer.save()


def bulk(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    batch = []
    for order in Order.objects.all().iterator(chunk_size=1000):
        order.status = "x"
        # ok: DJP208 collected, written in batches
        batch.append(order)
    Order.objects.bulk_update(batch, ["status"], batch_size=1000)


def bulk_everything(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    orders = Order.objects.filter(status="")
    for order in orders:
        order.status = "new"
    # ruleid: DJP208
    Order.objects.bulk_update(orders, ["status"])


def bulk_batched(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    orders = Order.objects.filter(status="")
    for order in orders:
        order.status = "new"
    # ok: DJP208 batched
    Order.objects.bulk_update(orders, ["status"], batch_size=1000)


def inline_model(apps, schema_editor):
    orders = apps.get_model("shop", "Order").objects.all()
    for order in orders:
        order.status = "x"
        # ruleid: DJP208
        order.save()


def unknown_model(apps, schema_editor):
    Ghost = apps.get_model("shop", "Ghost")
    for g in Ghost.objects.all():
        # ok: DJP208 the history does not know this model
        g.save()


def through_migration_manager(apps, schema_editor):
    # A historical model carries the managers marked use_in_migrations = True.
    Order = apps.get_model("shop", "Order")
    for order in Order.visible.using(schema_editor.connection.alias).all():
        order.status = "open"
        # ruleid: DJP208 a manager of the historical model other than objects walks the table too
        order.save()


FIXED_ORDER_IDS = [12, 40, 41]
CODE_RENAMES = {"old-a": "new-a", "old-b": "new-b"}


def fix_named_orders(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.filter(id__in=FIXED_ORDER_IDS):
        order.status = "fixed"
        # ok: DJP208 three orders named by their ids in the code: nothing to batch
        order.save()


def rename_codes(apps, schema_editor):
    Customer = apps.get_model("shop", "Customer")
    for customer in Customer.objects.filter(code__in=CODE_RENAMES.keys()):
        customer.code = CODE_RENAMES[customer.code]
        # ok: DJP208 a unique column pinned to two written-out keys
        customer.save()


def rename_handles(apps, schema_editor):
    Customer = apps.get_model("shop", "Customer")
    for customer in Customer.objects.filter(handle__in=["ann", "bob"]):
        customer.handle = customer.handle.upper()
        # ok: DJP208 handle is unique in the model as written today (a later migration made it so): two rows
        customer.save()


def reopen(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.filter(status__in=["new", "held"]):
        order.status = "open"
        # ruleid: DJP208 written-out values of a column that is not a key select any number of rows
        order.save()


def fix_queried_orders(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    Customer = apps.get_model("shop", "Customer")
    ids = Customer.objects.values_list("id", flat=True)
    for order in Order.objects.filter(customer_id__in=ids):
        order.status = "fixed"
        # ruleid: DJP208 the ids come from a query, not from the code
        order.save()


def typed_registry(apps: Apps, schema_editor) -> None:
    # The registry parameter annotated (`apps: Apps`) is the same registry.
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.filter(status="old"):
        order.status = "archived"
        # ruleid: DJP208
        order.save()


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.CreateModel(name="Coupon", fields=[("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=8))]),
        migrations.RunPython(fill_status, migrations.RunPython.noop),
        migrations.RunPython(copy_emails),
        migrations.RunPython(reset_all),
        migrations.RunPython(drop_spam),
        migrations.RunPython(recreate),
        migrations.RunPython(seed_coupons),
        migrations.RunPython(narrowed_update),
        migrations.RunPython(one_row),
        migrations.RunPython(code=bulk),
        migrations.RunPython(unknown_model),
        migrations.RunPython(inline_model),
        migrations.RunPython(bulk_everything),
        migrations.RunPython(bulk_batched),
        migrations.RunPython(through_migration_manager),
        migrations.RunPython(fix_named_orders),
        migrations.RunPython(rename_codes),
        migrations.RunPython(rename_handles),
        migrations.RunPython(reopen),
        migrations.RunPython(fix_queried_orders),
        RunPython(typed_registry),
    ]
