from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chefcirculair.backup import BackupError, import_organisation, read_export


class Command(BaseCommand):
    help = (
        "Import an organisation exported with export_organisation into a database that does not hold it "
        "(load the guidance first). Users new to this database get an unusable password."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file written by export_organisation.")

    def handle(self, *args, file, **options):
        try:
            document = read_export(Path(file))
            counts = import_organisation(document)
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {document['organisation']['name']}: {total} rows (exported {document['exported_at']})."
            )
        )
        for label, count in sorted(counts.items()):
            if count:
                self.stdout.write(f"  {label:<45} {count}")
