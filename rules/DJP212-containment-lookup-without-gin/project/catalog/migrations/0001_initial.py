from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.RunSQL("CREATE INDEX CONCURRENTLY product_colours_gin ON catalog_product USING gin (colours)"),
    ]
