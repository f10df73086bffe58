# Written by hand on 2024-05-02: SKUs from the old shop were mixed case.

from django.db import migrations


def normalise_skus(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    for product in Product.objects.all():
        product.sku = product.sku.upper()
        # djperf-demo: DJP208
        product.save(update_fields=["sku"])


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0002_product_is_active"),
    ]

    operations = [
        migrations.RunPython(normalise_skus, migrations.RunPython.noop),
    ]
