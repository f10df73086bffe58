import datetime

from django.core.management.base import BaseCommand

from shop.tasks import render_report_pdf


def _months(options):
    return [options.get("month") or datetime.date.today().strftime("%Y-%m")]


class Command(BaseCommand):
    def handle(self, *args, **options):
        for month in _months(options):
            render_report_pdf.delay(month)
        self.stdout.write("monthly reports queued")
