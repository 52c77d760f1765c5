from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Inkoopproces en trajecten")

    def ready(self):
        from chefcirculair import backup

        from . import models

        backup.register(
            models.Trajectory,
            models.TrajectoryMember,
            models.TrajectoryAmbition,
            models.GrowthStep,
            models.PhaseRecord,
            models.Answer,
            models.AttentionCheck,
            models.RDecision,
            models.RDecisionStep,
            models.Comment,
            models.ReviewEvent,
            models.ImpactLine,
            models.TrajectoryEffect,
            models.TenderReference,
        )
