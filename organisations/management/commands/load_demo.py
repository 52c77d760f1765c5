"""The demo organisation, composed from each app's own demo step.

The demo data lives in one module per app (``<app>/demo.py``). The organisation and its
people come first (``organisations.demo.build``); every other app registers its step in
``organisations.demo.steps`` in its ``AppConfig.ready()``, so they run in the order of
INSTALLED_APPS: each app's step finds what the apps below it made.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations import demo


class Command(BaseCommand):
    help = "Create the demo organisation Gemeente Voorbeeldstad (idempotent). Development only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Create demo data even with DEBUG off. Never use this on a real installation.",
        )

    def handle(self, *args, allow_production, **options):
        if not (settings.DEBUG or settings.TESTING or allow_production):
            raise CommandError("Demo data is for development only (DEBUG is off). Nothing was created.")
        with transaction.atomic():
            context = demo.build()
            for step in demo.steps:
                step(context)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {context.organisation.name}"))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for email, role in context.logins:
            self.stdout.write(f"  {email:<36} {role}")
