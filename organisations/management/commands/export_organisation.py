from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisations.backup import write_export
from organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Export one organisation (all its data and history, the users it refers to without passwords) "
        "to a versioned JSON file. For a whole-database backup use pg_dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The organisation's slug, e.g. gemeente-voorbeeldstad.")
        parser.add_argument("file", help="The JSON file to write.")
        parser.add_argument(
            "--with-files",
            action="store_true",
            help=(
                "Put the stored files (suppliers' evidence, the theme's logo) in the export too, base64-encoded; "
                "without them the imported rows have no files."
            ),
        )

    def handle(self, *args, slug, file, with_files=False, **options):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {slug!r}.")
        document = write_export(organisation, Path(file), include_files=with_files)
        rows = sum(len(rows) for rows in document["models"].values())
        history = sum(len(rows) for rows in document["history"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {organisation.name}: {rows} rows, {history} history rows, "
                f"{len(document['users'])} users, {len(document.get('files', []))} files → {file}"
            )
        )
