import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accord.core.demo import DEMO_PASSWORD, build_demo


def demo_debug_pages() -> bool:
    """Whether the demo shows Django's technical error pages: only when the developer set ``DEBUG=true`` by hand.

    ``DEBUG`` defaults to on for a fresh clone, but a demo is shown to people: a 404 must not list the
    URL patterns, nor a 500 the traceback.
    """
    return os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


class Command(BaseCommand):
    help = "Create the database, seed the demo portfolio, print the logins and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Seed and print the logins, then stop.")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Seeding the demo portfolio…")
        world = build_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
        width = max(len(login[0]) for login in world.logins)
        for username, organization, role, note in world.logins:
            self.stdout.write(f"  {username:<{width}}  {organization} ({role}) — {note}")
        if no_serve:
            return
        # Friendly error pages: Django reads DEBUG per request when it answers an error, so turning it
        # off here is enough; everything else keeps the development defaults (plain http on
        # 127.0.0.1). With DEBUG off the development server serves static files only when asked to.
        settings.DEBUG = demo_debug_pages()
        self.stdout.write(self.style.SUCCESS(f"\nServing on http://127.0.0.1:{port}/ — Ctrl+C to stop."))
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
