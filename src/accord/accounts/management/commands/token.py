from django.core.management.base import BaseCommand, CommandError

from accord.accounts.models import User
from accord.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Command-line token")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        token, raw = api_token_create(user=user, name=name)
        self.stderr.write(f"Token “{token.name}” for {username} (shown once; stored only as a hash):")
        self.stdout.write(raw)
