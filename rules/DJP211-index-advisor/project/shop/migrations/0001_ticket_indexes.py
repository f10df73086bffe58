from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = []

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS shop_ticket_code_idx ON public.shop_ticket USING btree (code);",
            "DROP INDEX CONCURRENTLY IF EXISTS shop_ticket_code_idx;",
        ),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS shop_ticket_serial_upper ON shop_ticket ((upper(serial)));",
            "DROP INDEX CONCURRENTLY IF EXISTS shop_ticket_serial_upper;",
        ),
    ]
