from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Inkoopproces en trajecten")

    def ready(self):
        from organisations import backup
        from organisations import demo as organisation_demo

        from . import ambition_sections, demo, dossier, extensions, models

        # The dossier's own sections come first; higher apps add theirs in their ready().
        for section in dossier.DOSSIER_SECTIONS:
            extensions.dossier_sections.register(section)
        extensions.dossier_sections.register(ambition_sections.DOSSIER_SECTION)
        extensions.trajectory_sections.register(ambition_sections.trajectory_section)
        organisation_demo.steps.register(demo.build)  # trajectories in four states, with answers, decisions, reviews
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
