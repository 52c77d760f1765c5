from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Inkoopproces en trajecten")

    def ready(self):
        from organisations import backup

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
        # Stored dossier PDFs are a cache of the dossier: an import drops them (made again when asked for).
        backup.register(models.DossierDocument, after_import=drop_imported_documents)


def drop_imported_documents(document_ids: list[int]) -> None:
    from .models import DossierDocument

    DossierDocument.objects.unscoped().filter(pk__in=document_ids).delete()
