# fixture-path: shop/migrations/0003_unknown.py
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        # ok: DJP202 the word is in a comment and a string, not a keyword
        migrations.RunSQL("-- CONCURRENTLY later\nSELECT 'CONCURRENTLY';"),
        # ok: DJP202 SQL built at run time is unknown
        migrations.RunSQL(f"CREATE INDEX CONCURRENTLY {'x'} ON shop_order (id)"),
    ]
