# fixture-path: shop/migrations/0003_sql.py
from django.db import migrations, models

TABLE = "shop_order"


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_old_idx")]

    operations = [
        migrations.CreateModel(name="Coupon", fields=[("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=8))]),
        # ruleid: DJP209
        migrations.RunSQL("CREATE INDEX order_lower_status ON shop_order (lower(status));", "DROP INDEX order_lower_status;"),
        # ruleid: DJP209
        migrations.RunSQL("ALTER TABLE shop_order ADD CONSTRAINT order_customer_fk FOREIGN KEY (customer_id) REFERENCES shop_customer (id);"),
        # ruleid: DJP209
        migrations.RunSQL(["ALTER TABLE shop_order ALTER COLUMN status TYPE varchar(40);"]),
        # ruleid: DJP209
        migrations.RunSQL("UPDATE shop_order SET status = 'new';"),
        # ruleid: DJP209
        migrations.RunSQL(sql="ALTER TABLE public.shop_customer ALTER COLUMN email SET NOT NULL;"),
        # ok: DJP209 concurrent
        migrations.RunSQL("CREATE INDEX CONCURRENTLY order_lower_status2 ON shop_order (lower(status));"),
        # ok: DJP209 validated later
        migrations.RunSQL("ALTER TABLE shop_order ADD CONSTRAINT order_check CHECK (id > 0) NOT VALID;"),
        # ok: DJP209 bounded update
        migrations.RunSQL("UPDATE shop_order SET status = 'new' WHERE status = '';"),
        # ok: DJP209 the table is created by the same SQL
        migrations.RunSQL("CREATE TABLE shop_audit (id serial primary key, note text); CREATE INDEX audit_note ON shop_audit (note);"),
        # ok: DJP209 the materialized view is created by the same SQL: its index locks nothing anyone reads yet
        migrations.RunSQL("DROP MATERIALIZED VIEW IF EXISTS shop_sales; CREATE MATERIALIZED VIEW shop_sales AS SELECT 1 AS day; CREATE UNIQUE INDEX sales_day ON shop_sales (day);"),
        # ok: DJP209 CREATE OR REPLACE VIEW creates the relation too
        migrations.RunSQL("CREATE OR REPLACE VIEW shop_open_orders AS SELECT * FROM shop_order; CREATE INDEX open_day ON shop_open_orders (id);"),
        # ok: DJP209 the coupon table is created by this migration
        migrations.RunSQL("CREATE INDEX coupon_code_upper ON shop_coupon (upper(code));"),
        # ok: DJP209 SQL built at run time is unknown
        migrations.RunSQL("UPDATE " + TABLE + " SET status = 'x';"),
        # ok: DJP209 words in comments and strings are not statements
        migrations.RunSQL("-- UPDATE shop_order SET x = 1\nSELECT 'DROP INDEX x';"),
    ]
