# fixture-path: shop/migrations/0003_drop_status_idx.py
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_status_idx")]

    operations = [
        migrations.RunSQL("ALTER TABLE shop_order DROP CONSTRAINT IF EXISTS order_status_check;"),
        # ok: DJP209 the migration's transaction already holds shop_order's ACCESS EXCLUSIVE lock (the ALTER TABLE above)
        migrations.RunSQL("DROP INDEX order_status_idx;"),
        # ruleid: DJP209 nothing locked shop_customer before
        migrations.RunSQL("DROP INDEX IF EXISTS customer_email_idx;"),
        migrations.RemoveField(model_name="customer", name="email"),
        # ok: DJP209 RemoveField above took shop_customer's ACCESS EXCLUSIVE lock
        migrations.RunSQL("DROP INDEX IF EXISTS public.customer_email_idx;"),
    ]
