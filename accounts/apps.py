from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Inloggen en beveiliging")

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in
        from django.core.checks import Tags, register

        from .security import check_site_url, mark_session_fresh, record_login
        from .twofactor import check_staff_required, remember_state_at_login

        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_login, dispatch_uid="update_last_login")
        user_logged_in.connect(mark_session_fresh, dispatch_uid="accounts.mark_session_fresh")
        user_logged_in.connect(remember_state_at_login, dispatch_uid="accounts.twofactor_state")
        from lib import mail
        from organisations import backup

        from . import language, models

        # An e-mail speaks the language its recipient chose (lib/mail.py).
        mail.recipient_language.register(language.language_of_address)

        # Backups carry the provider's settings but never its secret (nor links to people at the provider:
        # an imported organisation signs in afresh). See organisations/backup.py.
        no_secret = {"client_secret_encrypted": ""}  # nosec B105 (an emptied field, not a password)
        backup.register(models.SsoProvider, clear_on_export=no_secret, clear_on_import={**no_secret, "enabled": False})
        backup.register(models.SsoDomain, models.SsoGroupRole, models.SsoIdentity)
        register(check_staff_required, Tags.security, deploy=True)
        register(check_site_url, Tags.security, deploy=True)
