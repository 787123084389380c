"""``accord import-measurements FILE --user NAME [--dry-run]``: a CSV or XLSX file of measurements."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accord.accounts.models import User
from accord.core.errors import Conflict
from accord.metrics.measurements.services import measurements_import
from accord.metrics.models import MeasurementSource


class Progress:
    """A bar redrawn in place on a terminal; otherwise a line per 10 % (logs stay readable)."""

    def __init__(self, stream):
        self.stream = stream  # the command's OutputWrapper: write(text, ending="") adds no newline
        self.tty = stream.isatty()
        self.shown: dict[str, int] = {}

    def __call__(self, phase: str, fraction: float) -> None:
        percent = int(fraction * 100)
        if self.tty:
            bar = "#" * (percent // 4)
            self.stream.write(f"\r{phase:9} [{bar:<25}] {percent:3d}%", ending="\n" if percent >= 100 else "")
            self.stream.flush()
            return
        step = percent // 10 * 10
        if self.shown.get(phase, -1) < step:
            self.shown[phase] = step
            self.stream.write(f"{phase} {step}%")
            self.stream.flush()


class Command(BaseCommand):
    help = ("Import measurements from a CSV or XLSX file with the columns partnership, indicator, period, "
            "value and an optional comment. All rows are checked first: one bad row and nothing is imported.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument("--user", required=True, help="the username the values are entered as")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")

    def handle(self, *args, file, user, dry_run, **options):
        acting_user = User.objects.select_related("membership").filter(username=user).first()
        if acting_user is None:
            raise CommandError(f"No user named {user!r}.")
        progress = Progress(self.stderr)
        try:
            result = measurements_import(user=acting_user, rows_or_file=file, source=MeasurementSource.FILE,
                                         file_name=Path(file).name,
                                         dry_run=dry_run, progress=progress)
        except FileNotFoundError:
            raise CommandError(f"No file {file!r}.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except (ValidationError, Conflict) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"row {error.row}, {error.column or '-'}: {error.message}")
            if result.errors_not_shown:
                self.stderr.write(f"… and {result.errors_not_shown} more problem(s) not listed.")
            raise CommandError(result.summary(), returncode=1)
        self.stdout.write(result.summary())
