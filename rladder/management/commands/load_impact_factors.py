import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.models import LoadedFixture
from rladder.impact_factors import FactorFileError, load_factors, read_factors

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "impact-factors.csv"
VERSION_NAME = "impact-factors"


class Command(BaseCommand):
    help = (
        "Load the shared impact factors from fixtures/impact-factors.csv. Idempotent: an unchanged file "
        "is skipped, so edits made in the admin survive; a changed file (or --force) updates the factors "
        "by key. Organisation factors are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE))
        parser.add_argument("--force", action="store_true", help="Load even if the file is unchanged.")

    def handle(self, *args, file, force, **options):
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read impact factors {path}: {exc}") from exc
        checksum = hashlib.sha256(raw).hexdigest()
        version = LoadedFixture.objects.filter(name=VERSION_NAME).first()
        if version and version.checksum == checksum and not force:
            self.stdout.write("Impact factors are up to date.")
            return
        try:
            rows = read_factors(raw)
        except FactorFileError as exc:
            lines = "\n".join(f"  line {line}: {message}" for line, message in exc.problems)
            message = f"{path.name}: {len(exc.problems)} row(s) cannot be loaded, nothing changed:\n{lines}"
            raise CommandError(message) from None
        with transaction.atomic():
            created, updated, removed = load_factors(rows)
            LoadedFixture.objects.update_or_create(name=VERSION_NAME, defaults={"checksum": checksum})
        self.stdout.write(
            self.style.SUCCESS(
                f"Impact factors loaded from {path.name}: {len(rows)} rows "
                f"({created} new, {updated} updated, {removed} removed)."
            )
        )
