"""API tokens of an organisation and the record of every request made with one.

A token is ``cc_<prefix>_<secret>``: the prefix (public, shown in the list)
finds the row, the secret is checked against its SHA-256 hash. The secret has
256 bits of entropy, so a fast hash is safe here (no password stretching is
needed) and every request costs one indexed lookup. The full token is shown
once, when it is created; it is never stored.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.history import attribute_change
from organisations.models import Organisation, Role
from organisations.scoping import OrganisationScopedQuerySet

# The public start of every token (no secret).
LAST_USED_PRECISION = timedelta(minutes=1)  # "laatst gebruikt" is shown to the minute
TOKEN_PREFIX = "cc_"  # noqa: S105 # nosec B105


class Scope(models.TextChoices):
    READ = "read", _("Lezen (trajecten, KPI's, jaardoelen, metingen)")
    MEASUREMENTS_WRITE = "measurements:write", _("Metingen schrijven")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(OrganisationScopedQuerySet):
    def usable(self):
        """Tokens that are neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A named key for the organisation's JSON API, with scopes and an expiry."""

    # Annotated by api.auth.find_token: whether the token's creator is still its organisation's chef circulair.
    creator_is_chef: bool

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=100)
    # Not unique: a token restored from a backup keeps its prefix but loses its hash (it never matches).
    prefix = models.CharField(_("kenmerk"), max_length=40, db_index=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("rechten"), default=list)
    expires_at = models.DateTimeField(_("verloopt op"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    # The last use changes on every request: written with update(), never a history row.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @classmethod
    def issue(cls, *, organisation, name: str, scopes: list[str], expires_at, created_by) -> tuple["ApiToken", str]:
        """Create a token; returns it with the full secret, which is shown once and never stored."""
        prefix = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            organisation=organisation,
            name=name,
            prefix=prefix,
            secret_hash=_digest(secret),
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
            created_by=created_by,
        )
        return token, f"{TOKEN_PREFIX}{prefix}_{secret}"

    @staticmethod
    def split(raw: str) -> tuple[str, str] | None:
        """(prefix, secret) of a presented token, or None when it has not the token's shape."""
        if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
            return None
        prefix, _sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
        if not prefix or not secret or len(prefix) != 12:
            return None
        return prefix, secret

    def matches(self, secret: str) -> bool:
        return bool(self.secret_hash) and hmac.compare_digest(self.secret_hash, _digest(secret))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        return [str(Scope(scope).label) for scope in self.scopes if scope in Scope.values]

    def creator_may_still_issue(self) -> bool:
        """A token works only while the chef circulair who made it still is one in its organisation."""
        return (
            self.created_by_id is not None
            and self.organisation.memberships.filter(user_id=self.created_by_id, role=Role.CHEF_CIRCULAIR).exists()
        )

    def revoke(self, user) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = user
            attribute_change(self, user=user)
            self.save(update_fields=["revoked_at", "revoked_by"])

    def record(self, *, method: str, path: str, status: int) -> None:
        """Note a request made with this token (who, when, which endpoint, the answer) and its last use."""
        now = timezone.now()
        ApiRequest.objects.create(token=self, at=now, method=method[:10], path=path[:300], status=status)
        # The last use is shown to the minute: a client polling many times a minute writes it once.
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk, organisation_id=self.organisation_id).update(last_used_at=now)
            self.last_used_at = now


class ApiRequest(models.Model):
    """One request made with a token: when, which endpoint, what the API answered."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="requests", verbose_name=_("sleutel"))
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    method = models.CharField(_("methode"), max_length=10)
    path = models.CharField(_("adres"), max_length=300)
    status = models.PositiveSmallIntegerField(_("antwoord"))

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("API-verzoek")
        verbose_name_plural = _("API-verzoeken")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.path} {self.status}"
