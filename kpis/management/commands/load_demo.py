import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chefcirculair import demo as core_demo

# Each app may add demo data on top of the organisation, in dependency order.
DEMO_MODULES = ["rladder.demo", "procurement.demo", "kpis.demo"]


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
            context = core_demo.build()
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.build(context)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {context.organisation.name}"))
        self.stdout.write(f"Demo logins (password for all: {core_demo.DEMO_PASSWORD}):")
        for email, role in context.logins:
            self.stdout.write(f"  {email:<36} {role}")
