from celery import shared_task

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
