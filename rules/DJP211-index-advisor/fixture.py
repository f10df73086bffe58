# fixture-path: catalog/models.py
from enum import Enum

from django.db import models

from shop.models import Batched


class ActiveManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(is_active=True)


class Supplier(models.Model):
    # ok: DJP211 unique makes an index
    code = models.CharField(max_length=20, unique=True)
    # ruleid: DJP211
    email = models.EmailField()
    # ok: DJP211 filtered in two call sites only
    phone = models.CharField(max_length=30)
    # ok: DJP211 a boolean: a plain index rarely helps, and no constant is filtered three times
    verified = models.BooleanField(default=False)
    # ok: DJP211 icontains cannot use a B-tree index (DRF search_fields and DJP212 cover text search)
    name = models.CharField(max_length=100)


class Product(models.Model):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE)
    # ok: DJP211 db_index
    sku = models.CharField(max_length=40, db_index=True)
    # ruleid: DJP211
    barcode = models.CharField(max_length=40)
    # ruleid: DJP211 every use of the `active` manager filters on is_active=True (products start inactive): a partial index, said at the flag
    is_active = models.BooleanField(default=False)

    objects = models.Manager()
    active = ActiveManager()

    # ok: DJP211 the partial-index advice is at the flag's definition
    class Meta:
        ordering = ["sku"]


class Warehouse(models.Model):
    # ok: DJP211 never filtered
    city = models.CharField(max_length=50)
    # ruleid: DJP211 three lookups through cls.objects in classmethods
    code = models.CharField(max_length=10)

    @classmethod
    def by_code(cls, code):
        # ruleid: DJP211 a counted use (pull-request mode shows the one a change adds)
        return cls.objects.get(code=code)

    @classmethod
    def with_codes(cls, codes):
        # ruleid: DJP211 a counted use (pull-request mode shows the one a change adds)
        return cls.objects.filter(code__in=codes)

    @classmethod
    def has_code(cls, code):
        # ruleid: DJP211 a counted use (pull-request mode shows the one a change adds)
        return cls.objects.filter(code=code).exists()


class Shipment(models.Model):
    STATUSES = [("new", "New"), ("sent", "Sent")]
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE)
    status = models.CharField(max_length=10, choices=STATUSES)

    # ok: DJP211 every site also matches the indexed foreign key warehouse: the database narrows by it first
    class Meta:
        verbose_name = "shipment"


class Route(models.Model):
    KINDS = [("road", "Road"), ("sea", "Sea")]
    REGIONS = [("eu", "EU"), ("us", "US")]
    kind = models.CharField(max_length=10, choices=KINDS)
    region = models.CharField(max_length=10, choices=REGIONS)

    # ruleid: DJP211 kind and region together in three call sites, no composite index
    class Meta:
        verbose_name = "route"


class Invoice(models.Model):
    customer = models.ForeignKey(Supplier, on_delete=models.CASCADE)
    # ok: DJP211 narrowed by the composite index led by customer
    number = models.CharField(max_length=20)

    # ok: DJP211 the composite index covers the pair
    class Meta:
        indexes = [models.Index(fields=["customer", "number"], name="invoice_customer_number")]


def invoices(customer, number):
    return Invoice.objects.filter(customer=customer, number=number)


def invoice(customer, number):
    return Invoice.objects.get(customer=customer, number=number)


def last_invoice(customer, number):
    return Invoice.objects.filter(customer=customer, number=number).last()


class Stamped(models.Model):
    # ruleid: DJP211 the index belongs on the abstract base, where the field is declared
    external_ref = models.CharField(max_length=40)

    class Meta:
        abstract = True


class Coupon(Stamped):
    # ok: DJP211 filtered once
    label = models.CharField(max_length=40)


class LiveManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().exclude(pending_delete=True)


class Asset(models.Model):
    uid = models.CharField(max_length=20, unique=True)
    # ruleid: DJP211 every use of the default manager excludes pending deletes: pending_delete=False
    pending_delete = models.BooleanField(default=False)

    objects = LiveManager()

    # ok: DJP211 said at the flag
    class Meta:
        verbose_name = "asset"


class Parcel(models.Model):
    # ok: DJP211 only ever excluded: `carrier <> x` reads the table whatever index there is
    carrier = models.CharField(max_length=30)
    # ok: DJP211 filtered three times, but only in a management command and the admin (run by hand, or for staff)
    tracking_code = models.CharField(max_length=40)


class Counter(models.Model):
    SCOPE_IN = "in"
    SCOPE_OUT = "out"
    SCOPES = [SCOPE_IN, SCOPE_OUT]
    # ok: DJP211 only ever compared with the model's named constants: a few states, like a choices column
    scope = models.CharField(max_length=8)
    # ruleid: DJP211 the same constants, but also a value from the caller
    label = models.CharField(max_length=8)

    @classmethod
    def both_ways(cls):
        return cls.objects.filter(scope__in=cls.SCOPES)


class Voucher(Batched):
    # ok: DJP211 the advice on `batch` is said once, at the abstract base's field (shop/models.py)
    class Meta:
        verbose_name = "voucher"


class Currency(models.Model):
    # ok: DJP211 filtered three times, but a form lists every currency in one select: a handful of rows
    code = models.CharField(max_length=3)


class ArchivableQuerySet(models.QuerySet):
    pass


class VisibleManager(models.Manager):
    def get_queryset(self):
        return ArchivableQuerySet(self.model, using=self._db).filter(archived=False)


class AuthoredManager(VisibleManager):
    def for_author(self, author):
        return self.filter(author=author)


class EveryNoteManager(VisibleManager):
    def get_queryset(self):
        return super(VisibleManager, self).get_queryset()


class Note(models.Model):
    # ruleid: DJP211 the default manager inherits VisibleManager's get_queryset: every use filters archived=False
    archived = models.BooleanField(default=False)

    objects = AuthoredManager()


class Memo(models.Model):
    # ok: DJP211 this manager's get_queryset skips VisibleManager's filter
    archived = models.BooleanField(default=False)

    objects = EveryNoteManager()


class Banner(models.Model):
    # ok: DJP211 is_live=True in three call sites, but nothing shows the table is large: a partial index on a few rows is not worth it
    is_live = models.BooleanField(default=False)


class Badge(models.Model):
    name = models.CharField(max_length=50)
    # ok: DJP211 is_featured=True in three call sites; the only `.iterator()` turns every badge into a form choice: a handful of rows
    is_featured = models.BooleanField(default=False)


class Ribbon(models.Model):
    name = models.CharField(max_length=50)
    # ruleid: DJP211 is_featured=True in three call sites, and the rows are streamed with `.iterator()` in a job: a large table
    is_featured = models.BooleanField(default=False)


class Pennant(models.Model):
    name = models.CharField(max_length=50)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)
    # ok: DJP211 is_featured=True in three call sites; the only `.iterator()` builds an admin filter's choice list: that says few rows, not many
    is_featured = models.BooleanField(default=False)


class Listing(models.Model):
    name = models.CharField(max_length=50)
    # ok: DJP211 published=True in three call sites of a streamed (large) table, but new rows are published by default: the condition keeps most of the table, a partial index would not be smaller
    published = models.BooleanField(default=True)
    # ruleid: DJP211 archived=True in three call sites of the same table: rows are not archived by default, the condition picks a few
    archived = models.BooleanField(default=False)


class Visibility(Enum):
    public = "public"
    private = "private"


class Roster(models.Model):
    # ok: DJP211 filtered in three call sites, each time against an enum member's value (`Visibility.public.value`): a column of a few states
    visibility_level = models.CharField(max_length=20)
    # ruleid: DJP211 filtered in three call sites with values from the caller
    title = models.CharField(max_length=50)


class Track(models.Model):
    album = models.ForeignKey("Album", on_delete=models.CASCADE, related_name="tracks")
    # ok: DJP211 filtered in three call sites, but one is a Prefetch queryset (the album keys narrow it): two count
    genre = models.CharField(max_length=30)


class Album(models.Model):
    name = models.CharField(max_length=50)


class StoreSetting(models.Model):
    # ok: DJP211 key in three call sites, but the table is a key–value store (its own columns are key and value, no owner it must belong to): one row per setting
    key = models.CharField(max_length=100)
    value = models.JSONField(null=True)
    staff = models.ForeignKey("auth.User", null=True, on_delete=models.CASCADE)


class GiftAttribute(models.Model):
    coupon = models.ForeignKey("Coupon", on_delete=models.CASCADE)
    # ruleid: DJP211 key in three call sites: a key and a value, but each row belongs to a coupon (a required owner), so the table grows with them
    key = models.CharField(max_length=100)
    value = models.TextField()


class ShopProfile(models.Model):
    # ok: DJP211 domain in three call sites, but the code reads the table as one row (`ShopProfile.objects.get()`)
    domain = models.CharField(max_length=100)


class Peer(models.Model):
    asn = models.IntegerField()
    # ruleid: DJP211 filtered in three call sites (each an OR of the two addresses): an index of its own serves its branch
    ipv4 = models.GenericIPAddressField(null=True)
    # ruleid: DJP211 the same for the other branch
    ipv6 = models.GenericIPAddressField(null=True)

    # ok: DJP211 `Q(ipv4=ip) | Q(ipv6=ip)` filters either column, not both: no composite index serves an OR
    class Meta:
        verbose_name = "peer"


class Document(models.Model):
    title = models.CharField(max_length=200)
    # ok: DJP211 is_deleted=False in three call sites, but a soft-delete flag that starts False hides the few deleted rows: the partial index would hold nearly the whole table
    is_deleted = models.BooleanField(default=False)
