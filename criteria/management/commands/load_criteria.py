from django.core.management.base import BaseCommand

from criteria import starter


class Command(BaseCommand):
    help = "Load the starter set of example criteria into the base library (again: existing codes are updated)."

    def handle(self, *args, **options):
        created, updated = starter.load()
        self.stdout.write(f"Criteria: {created} new, {updated} changed, {len(starter.CRITERIA)} in the starter set.")
