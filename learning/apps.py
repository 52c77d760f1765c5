from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Learning across dossiers: lessons, search, similar trajectories and the anonymous benchmark."""

    name = "learning"
    verbose_name = _("Leren van elkaar")

    def ready(self):
        from organisations import backup
        from organisations import demo as organisation_demo
        from procurement import extensions

        from . import demo, indexing, models, sections

        extensions.phase_sections.register(sections.phase_section)
        extensions.decision_sections.register(sections.decision_section)
        extensions.start_sections.register(sections.start_section)
        organisation_demo.steps.register(demo.build)  # lessons, a second demo organisation, benchmark participants
        indexing.connect()
        backup.register(models.Lesson, models.LearningSettings)
