import sys
from random import randint

from celery import chord, shared_task

from .models import Photo, Report


@shared_task
def render_report_pdf(report_id):
    return Report.objects.get(pk=report_id).title


@shared_task
def rebuild_search_index():
    return None


@shared_task
def make_thumbnail(photo_id):
    return Photo.objects.get(pk=photo_id).pk


@shared_task
def send_report_reminder(report_id):
    return Report.objects.get(pk=report_id).title


@shared_task
def queue_report_reminders(report_ids, logger_name=""):
    # Only fans out: one queued reminder per report, the work runs on the workers.
    for report_id in sorted(set(report_ids)):
        send_report_reminder.delay(report_id)


@shared_task
def close_and_queue_reminders(report_ids):
    # Writes rows before it queues: real work when called inline.
    Report.objects.filter(pk__in=report_ids).update(title="closed")
    for report_id in report_ids:
        send_report_reminder.apply_async(args=[report_id])


@shared_task
def remind_open_reports(prefix=None):
    # Reads the keys to remind once, then only queues one reminder per key.
    open_ids = Report.objects.exclude(title="closed").values_list("pk", flat=True)
    for report_id in open_ids.order_by("pk"):
        send_report_reminder.apply_async(args=[report_id], countdown=60)


@shared_task
def remind_report_photos():
    # Queues per row, but reads each report's photos first: a query per report.
    for report in Report.objects.all():
        if Photo.objects.filter(report=report).exists():
            send_report_reminder.delay(report.pk)


@shared_task
def _refresh_report_chunk(report_ids, key):
    return [Report.objects.get(pk=i).pk for i in report_ids]


@shared_task
def _finish_refresh(key):
    return key


@shared_task
def refresh_reports_in_chunks(report_ids):
    # Only builds a chord of chunk tasks and queues it: calling a chord applies it asynchronously.
    key = f"refresh-{randint(1000, 9999)}"
    tasks = []
    for start in range(0, len(report_ids), 100):
        tasks.append(_refresh_report_chunk.si(report_ids[start:start + 100], key))
    chord(tasks, interval=15)(_finish_refresh.si(key))
    return key


@shared_task
def delete_reports_later(owner_id):
    # Raises the interpreter's recursion limit around queueing the task that does the deletion.
    sys.setrecursionlimit(5000)
    _refresh_report_chunk.subtask(([owner_id], "delete")).apply_async()
    sys.setrecursionlimit(1000)
    return owner_id
