import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import organisations.guidance
import procurement.guidance
import rladder.guidance
from organisations.models import LoadedFixture

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "guidance.json"


def english_file(fixture: Path) -> Path:
    """The fixture's English translation beside it: guidance.json → guidance.en.json."""
    return fixture.with_suffix(".en.json")


class Command(BaseCommand):
    help = (
        "Load the guidance content (R-ladder, Menu, Uitgangspunten, phases) from the fixture, with its "
        "English from the translation file beside it (guidance.en.json; texts it lacks stay Dutch). "
        "Idempotent: an unchanged fixture is skipped, so edits made in the admin survive; "
        "a changed fixture (or --force) updates the content. Organisation data is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=str(DEFAULT_FIXTURE))
        parser.add_argument("--force", action="store_true", help="Load even if the fixture is unchanged.")

    def handle(self, *args, fixture, force, **options):
        path = Path(fixture)
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read guidance fixture {path}: {exc}") from exc
        english_path = english_file(path)
        try:
            english_raw = english_path.read_bytes() if english_path.exists() else b"{}"
            english = json.loads(english_raw)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the guidance's English {english_path}: {exc}") from exc
        try:
            data = organisations.guidance.with_english(data, english)
        except ValueError as exc:
            raise CommandError(f"Cannot use the guidance's English {english_path}: {exc}") from exc
        checksum = hashlib.sha256(raw + english_raw).hexdigest()
        version = LoadedFixture.objects.filter(name="guidance").first()
        if version and version.checksum == checksum and not force:
            self.stdout.write("Guidance content is up to date.")
            return
        with transaction.atomic():
            organisations.guidance.load(data)
            strategies = rladder.guidance.load(data)
            procurement.guidance.load(data, strategies)
            LoadedFixture.objects.update_or_create(name="guidance", defaults={"checksum": checksum})
        self.stdout.write(self.style.SUCCESS(f"Guidance content loaded from {path.name}."))
