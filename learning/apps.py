from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Learning across dossiers: lessons, search, similar trajectories and the anonymous benchmark."""

    name = "learning"
    verbose_name = _("Leren van elkaar")

    def ready(self):
        from organisations import backup

        from . import indexing, models

        indexing.connect()
        backup.register(models.Lesson, models.LearningSettings)
