from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisations.backup import BackupError, import_organisation, read_export


class Command(BaseCommand):
    help = (
        "Import an organisation exported with export_organisation into a database that does not hold it "
        "(load the guidance first). The file is checked row by row and refused as a whole at the first bad row. "
        "Users are created inactive, without password or admin rights, unless --match-users-by-email links "
        "them to existing accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file written by export_organisation.")
        parser.add_argument(
            "--match-users-by-email",
            action="store_true",
            help="Link the file's users to existing (non-admin) accounts with the same e-mail address.",
        )

    def handle(self, *args, file, match_users_by_email, **options):
        try:
            document = read_export(Path(file))
            counts = import_organisation(document, match_users_by_email=match_users_by_email)
        except BackupError as exc:
            raise CommandError(f"{exc}\nEr is niets geïmporteerd. / Nothing was imported.") from exc
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {document['organisation']['name']}: {total} rows (exported {document['exported_at']})."
            )
        )
        for label, count in sorted(counts.items()):
            if count:
                self.stdout.write(f"  {label:<45} {count}")
