import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Accord with gunicorn (production); --dev uses Django's development server."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("ACCORD_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        parser.add_argument("--dev", action="store_true", help="Use the development server (auto-reload).")

    def handle(self, *args, bind, workers, dev, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if dev:
            call_command("runserver", bind)
            return
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Serving on http://{bind}/ with {workers} gunicorn workers.")
        sys.stdout.flush()
        os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", "accord.wsgi:application",
                                   "--bind", bind, "--workers", str(workers), "--access-logfile", "-"])
