from django.core.management.base import BaseCommand

from accord.calendars.tasks import reminders_enqueue


class Command(BaseCommand):
    help = ("Queue the e-mail reminders (meetings 48 and 24 hours ahead, actions due) and the Monday digest "
            "for everyone who chose them. Run it from cron every 15 minutes; a mail is never sent twice.")

    def handle(self, *args, **options):
        self.stdout.write(f"Queued reminders for {reminders_enqueue()} people.")
