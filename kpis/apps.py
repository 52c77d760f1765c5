from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = _("KPI's en monitoring")

    def ready(self):
        from chefcirculair import backup

        from . import models

        backup.register(models.Kpi, models.TargetOverride, models.Measurement, models.AnnualReport)
