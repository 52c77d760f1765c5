import os

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Meldingen")

    def ready(self):
        from django.conf import settings

        from organisations import backup
        from organisations import demo as organisation_demo
        from procurement import extensions

        from . import deadlines, demo, jobs, models, scheduler, sections

        for job in jobs.JOBS:
            scheduler.jobs.register(job)
        extensions.home_sections.register(sections.due_first)  # Mijn trajecten leads with what is due
        extensions.trajectory_sections.register(sections.previous_trajectory)  # a follow-up and the one before
        organisation_demo.steps.register(demo.build)  # a contract ending within the year, its notice
        backup.register(models.NotificationSettings, models.Renewal)
        # Notifications are derived: imported ones name objects by their old keys, so they are dropped
        # and today's deadlines fired again for the imported organisation.
        backup.register(models.Notification, after_import=deadlines.refire_after_import)
        # `make run`: the scheduler ticks in a thread of the development server (its serving process only).
        if settings.SCHEDULER_THREAD and os.environ.get("RUN_MAIN") == "true":
            scheduler.start_thread()
