"""What the login and throttling keep in the database."""

from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register

# People's names appear in dossiers, reviews and the API, so a change to a name must change the version
# of what shows it (lib/versions.py): users keep history like every other row the app shows. Not the
# password hash, and not the time of the last login, which a login writes without a history row
# (accounts.security.record_login).
register(User, app="accounts", excluded_fields=["password", "last_login"])


class RateLimitCounter(models.Model):
    """How often one client did one throttled thing in one fixed time window.

    Written by ``accounts.security.rate_limit_hit`` (password-reset form,
    PDF generation). In the database, so every app server counts together.
    ``key`` is a keyed hash of the IP address, e-mail address or user id.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.BigIntegerField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="rate_limit_counter_unique_window")
        ]
        verbose_name = _("tellerstand van een limiet")
        verbose_name_plural = _("tellerstanden van limieten")

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.count}"
