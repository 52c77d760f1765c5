from django.core.management.base import BaseCommand

from criteria import starter


class Command(BaseCommand):
    help = "Add the starter examples the base library lacks (criteria edited in the admin are kept)."

    def handle(self, *args, **options):
        added, kept = starter.load()
        self.stdout.write(f"Starter criteria: {added} added, {kept} already in the base set.")
