# fixture-path: shop/services.py
from typing import Iterable

from django.db import models
from django.db.models import F
from django.utils import timezone
from tqdm import tqdm

from shop.models import Entry, Invoice, Order, Record, Shipment


# --- one UPDATE per row ------------------------------------------------------------


def mark_processed():
    for record in Record.objects.filter(status="pending"):
        record.status = "processed"
        record.processed_at = timezone.now()
        # The values do not depend on the row: one .update() replaces the loop.
        # ruleid: DJP502
        record.save()


def close_orders():
    for order in Order.objects.filter(status="shipped"):
        order.status = "closed"
        # Order.updated_at is auto_now: update()/bulk_update() skip it unless it is set explicitly.
        # ruleid: DJP502
        order.save()


def recompute_totals(order_ids):
    for order in Order.objects.filter(pk__in=order_ids):
        order.total = sum(item.price for item in order.items.all())
        # update_fields limits the UPDATE, but it is still one query per row.
        # ruleid: DJP502
        order.save(update_fields=["total"])


def renumber():
    for position, record in enumerate(Record.objects.order_by("external_id")):
        record.value = position
        # ruleid: DJP502
        record.save()


def flag_big(limit):
    for order in list(Order.objects.all()):
        if order.total > limit:
            order.status = "review"
            # ruleid: DJP502
            order.save()


def reprice(order_id):
    order = Order.objects.get(pk=order_id)
    for item in order.items.all():
        item.price = item.price * 2
        # ruleid: DJP502
        item.save()


# save() override / pre_save receiver: update()/bulk_update() skip them, so the per-row save is needed.
def settle(numbers):
    for invoice in Invoice.objects.filter(number__in=numbers):
        invoice.paid = True
        # ok: DJP502 Invoice overrides save()
        invoice.save()


def deliver():
    for shipment in Shipment.objects.filter(delivered=False):
        shipment.delivered = True
        # ok: DJP502 a pre_save receiver runs for each shipment
        shipment.save()


def publish(records):
    for record in Record.objects.filter(status="draft"):
        record.status = "published"
        # ok: DJP502 the project's save() takes its own arguments (a federated broadcast per row)
        record.save(broadcast=True)


def move_up(list_id, start):
    for entry in Entry.objects.filter(list_id=list_id, position__gt=start).order_by("position"):
        entry.position -= 1
        # ok: DJP502 position is part of a unique constraint: shifting row by row keeps it unique after each UPDATE
        entry.save(update_fields=["position"])


# --- quiet -------------------------------------------------------------------------


def from_elsewhere(records):
    for record in records:
        record.status = "processed"
        # Not provably a queryset: the loop may walk anything.
        # ok: DJP502
        record.save()


def resave():
    for record in Record.objects.all():
        # No field assigned in the loop: what save() is for is not visible here.
        # ok: DJP502
        record.save()


def transient_flag():
    for record in Record.objects.all():
        record._skip_audit = True
        # ok: DJP502
        record.save()


def bulk():
    records = list(Record.objects.filter(status="pending"))
    for record in records:
        # ok: DJP502
        record.status = "processed"
    # ok: DJP502
    Record.objects.bulk_update(records, ["status"], batch_size=1000)


def copies():
    for record in Record.objects.all():
        record = Record(external_id=record.external_id + "-copy")
        record.status = "copy"
        # The name is rebound: this is a new object, not the row (DJP501's concern).
        # ok: DJP502
        record.save()


def ids_only():
    for row in Record.objects.values("id", "status"):
        row["status"] = "seen"
        # ok: DJP502
        print(row)


def save_first():
    for record in Record.objects.all():
        # ok: DJP502
        record.save()
        record.status = "saved"


def one_summary(summary):
    for order in Order.objects.all():
        summary.total += order.total
        # ok: DJP502
        summary.save()


def listed_first():
    records = list(Record.objects.filter(status="pending"))
    for record in records:
        record.status = "processed"
        # ruleid: DJP502 a list built from a queryset in another statement holds its rows
        record.save()


# --- known gaps --------------------------------------------------------------------


def dynamic(field, value):
    for record in Record.objects.all():
        setattr(record, field, value)
        # todoruleid: DJP502 setattr() with a variable field name is not seen as a field write
        record.save()


def first_three():
    for record in Record.objects.order_by("pk")[:3]:
        record.status = "sample"
        # todook: DJP502 a slice bounds N to 3, but sliced querysets are still reported
        record.save()


# --- bounded rows, and values that differ per row ------------------------------------


def rename_by_external_id(external_id):
    from uuid import uuid4

    # external_id is unique=True: the loop walks at most one row.
    for record in Record.objects.filter(external_id=external_id, status=""):
        record.status = uuid4().hex
        # ok: DJP502 a filter on a unique field: one row at most, one UPDATE
        record.save(update_fields=["status"])


def tag_blank_records():
    from uuid import uuid4

    for record in Record.objects.filter(status=""):
        record.status = uuid4().hex
        # ruleid: DJP502 uuid4() gives each row its own value: the advice is bulk_update, not one update()
        record.save(update_fields=["status"])


def stamp_pending():
    for record in Record.objects.filter(status="pending"):
        record.processed_at = timezone.now()
        # ruleid: DJP502 timezone.now() is one value for the batch: one update() does it
        record.save(update_fields=["processed_at"])


def close_orders(orders: list[Order], status):
    for order in orders:
        order.status = status
        # ruleid: DJP502 the parameter is annotated as a list of Order rows
        order.save()


def close_iterable(orders: Iterable[Order]):
    for order in orders:
        order.status = "closed"
        # ruleid: DJP502 an iterable of Order rows
        order.save(update_fields=["status"])


def pay_invoices(invoices: list[Invoice]):
    for invoice in invoices:
        invoice.paid = True
        # ok: DJP502 the Invoice model overrides save(), also for rows of an annotated list
        invoice.save()


def close_unannotated(orders, names: list[str]):
    for order in orders:
        order.status = "closed"
        # ok: DJP502 nothing says what the parameter holds
        order.save()
    for name in names:
        name.status = "x"
        # ok: DJP502 a list of strings
        name.save()


def close_string_annotation(orders: "list[Order]"):
    for order in orders:
        order.status = "closed"
        # todoruleid: DJP502 string annotations are not resolved
        order.save()


def repack_quoted(order: "Order"):
    for item in order.items.filter(price__gt=0):
        item.price = 1
        # ruleid: DJP502 a quoted annotation names the model as a plain one does
        item.save()


def repack_labelled(order: "shop.Order"):
    for item in order.items.filter(price__gt=0):
        item.price = 1
        # ruleid: DJP502 a quoted app label names the model too
        item.save()


def repack_quoted_optional(order: "Optional[Order]", other: "Order | None", unknown: "Parcel"):
    for item in order.items.filter(price__gt=0):
        item.price = 1
        # ok: DJP502 a quoted Optional names no single row (None may come)
        item.save()
    for item in other.items.filter(price__gt=0):
        item.price = 1
        # ok: DJP502 a quoted union is not read either
        item.save()
    for item in unknown.items.filter(price__gt=0):
        item.price = 1
        # ok: DJP502 a quoted name that is no model of the project
        item.save()


def close_all():
    for order in Order.objects.filter(status="paid"):
        # ruleid: DJP502 close() of Order always saves the row
        order.close()
        # ok: DJP502 one finding per method and loop is enough; describe() does not save
        order.describe()


def close_listed(orders: list[Order]):
    for order in orders:
        # ruleid: DJP502 a saving method called on the rows of an annotated list
        order.close()


def close_when_paid():
    for order in Order.objects.all():
        # ok: DJP502 close_if_paid() saves only under a condition: not proven per row
        order.close_if_paid()


def pay_all():
    for invoice in Invoice.objects.filter(paid=False):
        # ok: DJP502 the Invoice model overrides save(): the per-row save is needed
        invoice.mark_paid()


def close_then_save():
    for order in Order.objects.all():
        order.status = "closing"
        # ruleid: DJP502 the direct save is reported
        order.save()
        # ok: DJP502 the loop already has its finding on the direct save
        order.close()


def close_one(pk):
    for order in Order.objects.filter(pk=pk):
        # ok: DJP502 at most one row
        order.close()


def renumber(rows):
    for row in rows:
        if row["changed"]:
            # ruleid: DJP502 one UPDATE per row, picked by primary key, with the row's values
            Entry.objects.filter(id=row["id"]).update(position=row["position"], list_id=row["list"])


def renumber_pk(pairs):
    for pk, position in pairs:
        # ruleid: DJP502 pk spelled as pk
        Entry.objects.filter(pk=pk).update(position=position)


def close_by_status(statuses_by_list):
    for list_id, status in statuses_by_list:
        # ok: DJP502 not picked by primary key: one UPDATE may touch many rows
        Order.objects.filter(status=list_id).update(status=status)


def reset_all(pks):
    for pk in pks:
        # ok: DJP502 the value is the same for every row: one filter(pk__in=...).update() is DJP103's concern, not bulk_update
        Entry.objects.filter(pk=pk).update(position=0)


def shift(pks):
    for pk in pks:
        # ok: DJP502 an F() expression is computed by the database, bulk_update cannot take it
        Entry.objects.filter(pk=pk).update(position=F("position") + pk)


def retry_updates(pending):
    while pending:
        row = pending.pop()
        # ok: DJP502 a while loop (a queue or retry) is not a loop over rows
        Entry.objects.filter(pk=row["id"]).update(position=row["position"])


def renumber_three(a, b, c):
    for pk, position in ((a, 1), (b, 2), (c, 3)):
        # ok: DJP502 three literal items
        Entry.objects.filter(pk=pk).update(position=position)


def archive_all():
    for order in Order.objects.all():
        # ok: DJP502 archive() does more than set fields and save (it deletes the items): bulk_update would not replace it
        order.archive()


# --- rows handed to a private helper (the parameter typed from its callers) ----------------


def _mark_processed(records):
    for record in records:
        record.status = "processed"
        # ruleid: DJP502 every caller passes a QuerySet of records
        record.save()


def process_pending_records():
    _mark_processed(Record.objects.filter(status="pending"))


def close_first_paid(orders: Iterable[Order]):
    for order in Order.objects.filter(status="paid"):
        order.status = "closed"
        # ok: DJP502 the loop ends after this save: one row, once
        order.save()
        break


def close_one_paid():
    for order in Order.objects.filter(status="paid"):
        if order.total:
            # ok: DJP502 one row saved through a saving method, then the function returns
            order.close()
            return order
    return None


def _mark_processed_any(records):
    for record in records:
        record.status = "processed"
        # ok: DJP502 one caller passes something that is not provably rows of a model
        record.save()


def process_given_records(given):
    _mark_processed_any(Record.objects.filter(status="pending"))
    _mark_processed_any(given)


# --- a progress bar around the rows ------------------------------------------------


def stamp_records_with_progress(stamp):
    pending = Record.objects.filter(status="pending")
    for record in tqdm(pending.iterator(), total=pending.count(), unit="record"):
        record.value = stamp(record)
        # ruleid: DJP502 tqdm() yields the rows it wraps
        record.save()


def stamp_records_with_module_bar(stamp, bar):
    for record in bar.tqdm(Record.objects.filter(status="pending")):
        record.value = stamp(record)
        # ok: DJP502 bar.tqdm is not the tqdm package (a parameter): its items are unknown
        record.save()


# --- self in a QuerySet method: the rows of the model whose manager it builds ---------------


class TicketQuerySet(models.QuerySet):
    def renumber(self, number_of):
        for ticket in self.filter(status="open"):
            ticket.value = number_of(ticket)
            # ruleid: DJP502 self is Ticket rows (objects = TicketQuerySet.as_manager())
            ticket.save()


class LooseQuerySet(models.QuerySet):
    def renumber(self, number_of):
        for row in self.all():
            row.value = number_of(row)
            # ok: DJP502 no model's manager is built from LooseQuerySet: its rows are unknown
            row.save()


# --- a progress stamp after the row's work (round 13) ----------------------------------------------


def harvest_records(harvest):
    for record in Record.objects.filter(status="active"):
        harvest(record)
        record.processed_at = timezone.now()
        # ruleid: DJP502 the save stamps the row after its work: a progress marker, advice keeps per-row saves
        record.save()


# --- a write that records a change made outside the database (round 14) ------------------------------


def move_labels(s3, bucket, prefix):
    for record in Record.objects.filter(status="pending"):
        new_key = prefix + record.external_id
        s3.copy_object(Bucket=bucket, CopySource=f"{bucket}/{record.external_id}", Key=new_key)
        s3.delete_object(Bucket=bucket, Key=record.external_id)
        record.status = new_key
        # ruleid: DJP502 the save records the S3 move just made: info, keep the per-row write
        record.save()


def rename_labels(s3, bucket, renames):
    for pk, old_key, new_key in renames:
        s3.copy_object(Bucket=bucket, CopySource=f"{bucket}/{old_key}", Key=new_key)
        # ruleid: DJP502 the update by key records the copy just made
        Record.objects.filter(pk=pk).update(status=new_key)


def retrack(rows):
    for record in Record.objects.filter(status="pending"):
        record.status = rows[record.pk]
        # ruleid: DJP502 nothing outside the database changes: bulk_update advice
        record.save()


# --- copies: the key cleared before save() makes it an INSERT (round 15) -----------------------------


def copy_items(source_id, target):
    source = Order.objects.get(pk=source_id)
    for item in source.items.all():
        item.id = None
        item.order = target
        # ruleid: DJP502 a loop of copies: info, bulk_create of the copies, never update() of the originals
        item.save()


def copy_items_marked_new(source_id, target):
    source = Order.objects.get(pk=source_id)
    for item in source.items.all():
        item._state.adding = True
        item.pk = None
        item.order = target
        # ruleid: DJP502 a loop of copies (pk and _state.adding): info, bulk_create
        item.save()


def copy_unpaid_invoices():
    for invoice in Invoice.objects.filter(paid=False):
        invoice.pk = None
        invoice.number = invoice.number + "-copy"
        # ok: DJP502 copies of a model whose save() does more: bulk_create would skip it, update() is wrong
        invoice.save()


def copy_items_and_log(source_id, target, log):
    source = Order.objects.get(pk=source_id)
    for item in source.items.all():
        item.pk = None
        item.order = target
        # ok: DJP502 the copy is used after its save (its new key): one bulk_create after the loop does not fit
        item.save()
        log.record(item)
