import datetime

from django.core.management.base import BaseCommand

from suppliers.reminders import send_reminders


class Command(BaseCommand):
    help = "Herinneringen aan leveranciers (te rapporteren en te late periodes) en het weekoverzicht; idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum", type=datetime.date.fromisoformat, help="Doe alsof het deze datum is (JJJJ-MM-DD)."
        )

    def handle(self, *args, **options):
        outcome = send_reminders(options.get("datum"))
        self.stdout.write(
            f"{outcome.due} te rapporteren, {outcome.overdue} te laat, {outcome.digests} weekoverzichten; "
            f"{outcome.messages} e-mails verstuurd."
        )
