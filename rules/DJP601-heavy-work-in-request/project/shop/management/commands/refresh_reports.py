from django.core.management.base import BaseCommand

from shop.models import Report
from shop.tasks import render_report_pdf


class Command(BaseCommand):
    def handle(self, *args, **options):
        # Walks the table itself before queueing: the request would wait for the walk.
        for report in Report.objects.all():
            report.save()
        render_report_pdf.delay(None)
