import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accord.accounts.models import Organization, Role
from accord.accounts.services import organization_create, user_create


class Command(BaseCommand):
    help = "Create a user in an organization (created if new). Password from --password, $ACCORD_PASSWORD or a prompt."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--organization", required=True, help="Organization name; created if it does not exist.")
        parser.add_argument("--role", choices=Role.values, default=Role.ADMIN)
        parser.add_argument("--password")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, email, organization, role, password, first_name, last_name, **options):
        password = password or os.environ.get("ACCORD_PASSWORD")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError("No password given: use --password, set $ACCORD_PASSWORD, or run in a terminal.")
            password = getpass.getpass("Password: ")
        try:
            org = Organization.objects.filter(name=organization).first() or organization_create(name=organization)
            user = user_create(username=username, email=email, password=password, organization=org, role=role,
                               first_name=first_name, last_name=last_name)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({role}) in {org.name}."))
