from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChefCirculairConfig(AppConfig):
    name = "chefcirculair"
    verbose_name = _("Organisatie en uitgangspunten")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models import fields

        # Django 6.1's blank choice of a select, "- Select an option -", has no Dutch translation
        # in Django itself; Django reads it from here on every form (its documented hook).
        fields.BLANK_CHOICE_LABEL = _("— Kies een optie —")

        from .security import mark_session_fresh

        user_logged_in.connect(mark_session_fresh, dispatch_uid="chefcirculair.mark_session_fresh")

        from django.core.checks import Tags, register

        from .twofactor import check_staff_required, remember_state_at_login

        user_logged_in.connect(remember_state_at_login, dispatch_uid="chefcirculair.twofactor_state")
        register(check_staff_required, Tags.security, deploy=True)
        from .security import check_site_url

        register(check_site_url, Tags.security, deploy=True)

        from . import backup, models

        backup.register(
            models.Department, models.Membership, models.ProductCategory, models.MenuScanItem, models.MenuEvidence
        )
