from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RLadderConfig(AppConfig):
    name = "rladder"
    verbose_name = _("R-ladder en productstrategieën")

    def ready(self):
        from organisations import backup
        from organisations import demo as organisation_demo

        from . import demo, models

        organisation_demo.steps.register(demo.build)  # Menu self-scan, categories, product strategies, ambitiewebs

        backup.register(
            models.AmbitionWeb,
            models.AmbitionScore,
            models.ProductStrategy,
            models.Milestone,
            models.OrganisationImpactFactor,
            models.BaselineLine,
        )
