"""Write the search index again from every source (after a fixture load, a restore or an upgrade)."""

from django.core.management.base import BaseCommand

from learning import indexing


class Command(BaseCommand):
    help = "Rebuild the search index (trajectories, answers, R-decisions, comments, lessons, guidance)."

    def handle(self, *args, **options):
        count = indexing.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} entries."))
