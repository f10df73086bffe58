# Written by hand on 2024-05-14: product search by name.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0003_normalise_skus"),
    ]

    operations = [
        # djperf-demo: DJP209, DJP213
        migrations.RunSQL(
            "CREATE INDEX catalog_product_name_upper ON catalog_product (upper(name));",
            "DROP INDEX catalog_product_name_upper;",
        ),
    ]
