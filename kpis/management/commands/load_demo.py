"""The demo organisation, composed from each app's own demo step.

The demo data lives in one module per app (``<app>/demo.py``). This command is
the one place that composes them, so it lives in the highest app (kpis), the
only one allowed to import all the others. Adding an app's demo step means
adding it here, in dependency order.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from kpis import demo as kpis_demo
from organisations import demo as organisation_demo
from procurement import demo as procurement_demo
from rladder import demo as rladder_demo

# On top of the organisation, its people and departments (organisation_demo.build()), in dependency order.
DEMO_STEPS = [
    rladder_demo.build,  # Menu self-scan, categories, product strategies, ambitiewebs
    procurement_demo.build,  # trajectories in four states, with answers, decisions and reviews
    kpis_demo.build,  # KPIs, targets and measurements
]


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
            context = organisation_demo.build()
            for step in DEMO_STEPS:
                step(context)
            # Apps above kpis add their demo step through settings (the dependency rule).
            for path in getattr(settings, "DEMO_EXTRA_STEPS", []):
                import_string(path)(context)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {context.organisation.name}"))
        self.stdout.write(f"Demo logins (password for all: {organisation_demo.DEMO_PASSWORD}):")
        for email, role in context.logins:
            self.stdout.write(f"  {email:<36} {role}")
