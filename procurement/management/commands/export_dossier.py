"""Write the archival PDF dossier of one trajectory to a file (for archiving scripts)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lib.language import DEFAULT, codes
from procurement.dossier import dossier_queryset, render_pdf
from procurement.models import Trajectory


class Command(BaseCommand):
    help = "Schrijf het PDF-dossier (PDF/A-3a) van een inkooptraject naar een bestand."

    def add_arguments(self, parser):
        parser.add_argument("trajectory", help="id of slug van het traject")
        parser.add_argument("output", help="pad van het PDF-bestand, of een map (dan dossier-<slug>-<datum>.pdf)")
        parser.add_argument("--organisation", help="slug van de organisatie, als de trajectslug niet uniek is")
        parser.add_argument(
            "--language", choices=codes(), default=DEFAULT, help="taal van het dossier: nl (standaard) of en"
        )

    def handle(self, *args, trajectory, output, organisation=None, language=DEFAULT, **options):
        with translation.override(language):
            found = self.find(trajectory, organisation)
            target = Path(output)
            if target.is_dir():
                from procurement.dossier import pdf_filename

                target = target / pdf_filename(found)
            if not target.parent.is_dir():
                raise CommandError(f"De map {target.parent} bestaat niet.")
            target.write_bytes(render_pdf(found, language=language))
        self.stdout.write(f"{target}")

    def find(self, key: str, organisation: str | None) -> Trajectory:
        # A command for archiving scripts: it looks a trajectory up in every organisation.
        queryset = dossier_queryset().unscoped()
        if organisation:
            queryset = queryset.filter(organisation__slug=organisation)
            if (
                not queryset.exists()
                and not Trajectory.objects.unscoped().filter(organisation__slug=organisation).exists()
            ):
                raise CommandError(f"Organisatie {organisation!r} heeft geen trajecten of bestaat niet.")
        matches = list(queryset.filter(pk=int(key))) if key.isdigit() else []
        if not matches:
            matches = list(queryset.filter(slug=key))
        if not matches:
            raise CommandError(f"Geen traject gevonden met id of slug {key!r}.")
        if len(matches) > 1:
            names = ", ".join(sorted(t.organisation.slug for t in matches))
            raise CommandError(
                f"De slug {key!r} komt bij meerdere organisaties voor ({names}); kies er een met --organisation."
            )
        return matches[0]
