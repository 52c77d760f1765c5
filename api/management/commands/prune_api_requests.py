"""Delete the API request log older than API_REQUEST_LOG_DAYS (the scheduler runs it nightly; this is for by hand)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.schedule import prune_requests


class Command(BaseCommand):
    help = "Delete logged API requests older than API_REQUEST_LOG_DAYS days (every organisation)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead of the setting")

    def handle(self, *args, days=None, **options):
        days = settings.API_REQUEST_LOG_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = prune_requests(timezone.now(), days)
        self.stdout.write(self.style.SUCCESS(f"{deleted} API requests older than {days} days deleted."))
