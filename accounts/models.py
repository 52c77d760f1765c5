"""What the login and throttling keep in the database."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
