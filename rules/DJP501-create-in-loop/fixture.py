# fixture-path: shop/services.py
from celery import shared_task
from django.conf import settings

from shop.models import Category, Clause, Contract, Invoice, Member, Membership, Order, OrderEvent, Policy, Product, Record, Restaurant, Shipment, Tag
from shop.models import Badge, Staff, Visit


# --- one INSERT per row --------------------------------------------------------


def import_records(records):
    for data in records:
        # ruleid: DJP501
        Record.objects.create(**data)


def import_rows(rows):
    for row in rows:
        record = Record(external_id=row["id"], name=row["name"])
        record.value = int(row["value"])
        # ruleid: DJP501
        record.save()


def log_events(order_id, kinds):
    order = Order.objects.get(pk=order_id)
    for kind in kinds:
        # A reverse foreign key manager: bulk_create(OrderEvent(order=order, ...)) works.
        # ruleid: DJP501
        order.events.create(kind=kind)


def make_tags(names):
    # ruleid: DJP501
    return [Tag.objects.create(name=name) for name in names]


def fan_out(rows):
    for row in rows:
        # The inner loop is short, the outer one is not: blamed on the outer loop.
        for kind in ("created", "paid"):
            # ruleid: DJP501
            OrderEvent.objects.create(order_id=row["order_id"], kind=kind)


def keep_created(rows):
    created = []
    for row in rows:
        # Kept in a list for later: bulk_create returns the same objects.
        # ruleid: DJP501
        record = Record.objects.create(external_id=row["id"], name=row["name"])
        created.append(record)
    return created


def collect_created(rows):
    out = []
    for row in rows:
        # ruleid: DJP501
        out.append(Record.objects.create(external_id=row["id"], name=row["name"]))
    return out


# Loop-carried dependency: a later iteration reads an object created earlier (info).
def make_path(names):
    parent = None
    for name in names:
        # ruleid: DJP501
        parent = Category.objects.create(name=name, parent=parent)
    return parent


def make_tree(rows):
    by_name = {}
    for row in rows:
        # ruleid: DJP501
        by_name[row["name"]] = Category.objects.create(name=row["name"], parent=by_name.get(row["parent"]))
    return by_name


# --- quiet -----------------------------------------------------------------------


# What save() does beyond the INSERT is skipped by bulk_create: the per-row create is needed.
def issue_invoices(numbers):
    for number in numbers:
        # ok: DJP501 Invoice overrides save()
        Invoice.objects.create(number=number)


def ship(trackings):
    for tracking in trackings:
        # ok: DJP501 a post_save receiver announces each shipment
        Shipment.objects.create(tracking=tracking)


def sign_contracts(titles):
    for title in titles:
        # ok: DJP501 Contract inherits HistoricalRecords: every save writes a history row
        Contract.objects.create(title=title)


def keep_polling(interval_of):
    while True:
        try:
            interval = Category.objects.get(id=1).name
        except Category.DoesNotExist:
            # ok: DJP501 the same primary key every time: a second create would fail, so it runs once
            Category.objects.create(id=1, name="polling")
        interval_of(interval)


def add_clauses(texts):
    for text in texts:
        # ok: DJP501 Clause's history comes from a project subclass of HistoricalRecords, inherited from an abstract base
        Clause.objects.create(text=text)


def publish_policies(titles):
    for title in titles:
        policy = Policy(title=title)
        # ok: DJP501 Policy is registered with django-reversion
        policy.save()


# The created object is used in the same iteration: one bulk_create after the loop cannot replace it.
def enroll(rows, tag):
    for row in rows:
        # ok: DJP501 the member is given groups right away
        member = Member.objects.create(name=row["name"])
        member.groups.set([tag])


def enroll_with_roles(rows):
    for row in rows:
        # ok: DJP501 the member is the foreign key of the next row
        member = Member.objects.create(name=row["name"])
        # ok: DJP501 needs the member created just before (rows of two levels)
        Membership.objects.create(member=member, role=row["role"])


def nested_create(rows):
    for row in rows:
        # ok: DJP501 the outer create needs the inner one's row
        Membership.objects.create(member=Member.objects.create(name=row["name"]), role="x")


@shared_task
def import_members(rows):
    for row in rows:
        # ruleid: DJP501 an import whose rows depend on each other: info, with level-by-level advice
        member = Member.objects.create(name=row["name"])
        # ruleid: DJP501
        Membership.objects.create(member=member, role=row["role"])


def built_then_used(rows):
    for row in rows:
        member = Member(name=row["name"])
        # ok: DJP501 saved, then used as a foreign key
        member.save()
        # ok: DJP501 needs the member saved just before
        Membership(member=member, role="owner").save()


def open_restaurants(names):
    for name in names:
        # Multi-table inheritance child: bulk_create raises ValueError for it.
        # ok: DJP501
        Restaurant.objects.create(name=name)


def tag_product(product_id, names):
    product = Product.objects.get(pk=product_id)
    for name in names:
        # Many-to-many manager: bulk_create would not add the link rows.
        # ok: DJP501
        product.tags.create(name=name)


def default_tags():
    for name in ("new", "sale", "hot"):
        # Literal collection of <= 5 items.
        # ok: DJP501
        Tag.objects.create(name=name)


def bulk(records):
    objs = [Record(**data) for data in records]
    # ok: DJP501
    Record.objects.bulk_create(objs, batch_size=1000)


def upsert_by_pk(rows):
    for row in rows:
        record = Record(pk=row["pk"], external_id=row["id"], name=row["name"])
        # An explicit primary key makes save() an UPDATE-or-INSERT, not a plain INSERT.
        # ok: DJP501
        record.save()


def touch_all(rows):
    shared = Record(external_id="shared", name="shared")
    for row in rows:
        shared.value = row["value"]
        # Not constructed in this loop: one object saved repeatedly (not an insert per row).
        # ok: DJP501
        shared.save()


def forced(rows):
    for row in rows:
        record = Record(external_id=row["id"], name=row["name"])
        # ok: DJP501
        record.save(force_update=True)


def callbacks(rows):
    makers = []
    for row in rows:
        def make(data=row):
            # ok: DJP501
            return Record.objects.create(**data)

        makers.append(make)
    return makers


def single(name):
    # ok: DJP501
    return Tag.objects.create(name=name)


# --- known gaps ------------------------------------------------------------------


def make_record(row):
    return Record.objects.create(external_id=row["id"], name=row["name"])


def via_helper(rows):
    for row in rows:
        # todoruleid: DJP501 creates inside functions called from the loop are not followed
        make_record(row)


def per_language():
    for code, _name in settings.LANGUAGES:
        # ok: DJP501 settings.LANGUAGES is configuration: a short, fixed list
        Tag.objects.create(name=code)


# --- bounded rows -------------------------------------------------------------------


def copy_one_product(sku):
    for product in Product.objects.filter(sku=sku):
        # ok: DJP501 sku is unique: the loop runs at most once
        Tag.objects.create(name=product.sku)


def tag_orders_per_product():
    for product in Product.objects.all():
        tag = Tag(name=product.sku)
        # ruleid: DJP501 one INSERT per product; later iterations do not read this tag (the inner loop uses it in the same iteration)
        tag.save()
        for order in Order.objects.filter(status=product.sku):
            order.note = tag.name


def tag_names(product, names):
    for name in names:
        # ruleid: DJP501 a new row built and saved in one expression
        Tag(name=name).save()


def tag_names_with_key(names):
    for i, name in enumerate(names):
        # ok: DJP501 an explicit primary key: save() may update an existing row
        Tag(pk=i, name=name).save()


def invoices_inline(numbers):
    for number in numbers:
        # ok: DJP501 the Invoice model overrides save()
        Invoice(number=number).save()


def not_a_model(rows):
    for row in rows:
        # ok: DJP501 not a model class
        dict(row=row).save()


# --- a per-row record of what is done (round 13: the rows are read back in the loop) ----------------


def reprocess_orders(order_ids, process):
    for order_id in order_ids:
        # The skip check reads the rows this loop writes: they are a checkpoint (advice: chunks, not one bulk_create).
        if OrderEvent.objects.filter(order_id=order_id, kind="reprocessed").exists():
            continue
        process(order_id)
        # ruleid: DJP501 the same iteration reads OrderEvent rows first: the rows record progress
        OrderEvent.objects.create(order_id=order_id, kind="reprocessed")


# --- library bases and what bulk_create would skip (round 15) ----------------------------------------


def create_staff_accounts(count):
    for _ in range(count):
        # ruleid: DJP501 helusers' AbstractUser sets uuid and username in save(): info, naming it
        Staff.objects.create()


def create_badges(labels):
    for label in labels:
        # ruleid: DJP501 a library base the index cannot read: info, check its save() first
        Badge.objects.create(label=label)


def log_visits(notes):
    for note in notes:
        # ruleid: DJP501 django-extensions' timestamps need no save(): the plain bulk_create advice
        Visit.objects.create(note=note)
