"""What the login and throttling keep in the database."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from organisations.models import Organisation, Role
from organisations.scoping import OrganisationScopedQuerySet

# People's names appear in dossiers, reviews and the API, so a change to a name must change the version
# of what shows it (lib/versions.py): users keep history like every other row the app shows. Not the
# password hash, and not the time of the last login, which a login writes without a history row
# (accounts.security.record_login).
register(User, app="accounts", excluded_fields=["password", "last_login"])


class Preference(models.Model):
    """A person's own choices that follow them everywhere: the language of the pages, e-mails and PDFs.

    No row means Dutch (the default). Read once per request by ``accounts.language.LanguageMiddleware``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference", verbose_name=_("gebruiker")
    )
    language = models.CharField(_("taal"), max_length=10, choices=settings.LANGUAGES, default="nl")

    class Meta:
        verbose_name = _("voorkeur")
        verbose_name_plural = _("voorkeuren")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


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


# --- Single sign-on (OpenID Connect) per organisation: accounts/sso.py ---------------------------


class SsoProvider(models.Model):
    """An organisation's OpenID Connect provider (Entra ID, ADFS, Keycloak …): who may sign in through it.

    The client secret is stored encrypted (``accounts.sso.encrypt``) and never shown again; it is left
    out of the history and of organisation backups.
    """

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="sso_provider",
        verbose_name=_("organisatie"),
    )
    enabled = models.BooleanField(
        _("inloggen via de identityprovider staat aan"),
        default=True,
        help_text=_("Uit: iedereen logt weer in met e-mailadres en wachtwoord."),
    )
    issuer = models.URLField(
        _("issuer-URL"),
        max_length=500,
        help_text=_(
            "Het adres van de identityprovider, zoals https://login.microsoftonline.com/(tenant-ID)/v2.0. "
            "Chef Circulair leest daar /.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client-ID"), max_length=255)
    client_secret_encrypted = models.TextField(_("client-secret (versleuteld)"), blank=True, editable=False)
    scopes = models.CharField(_("scopes"), max_length=255, default="openid email profile")
    claim_email = models.CharField(_("claim met het e-mailadres"), max_length=100, default="email")
    claim_name = models.CharField(_("claim met de naam"), max_length=100, default="name")
    claim_groups = models.CharField(_("claim met de groepen"), max_length=100, default="groups")
    require_sso = models.BooleanField(
        _("inloggen via de identityprovider verplicht voor alle leden"),
        default=False,
        help_text=_("Inloggen met een wachtwoord wordt dan geweigerd voor de e-maildomeinen van de organisatie."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["client_secret_encrypted"])

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("identityprovider (SSO)")
        verbose_name_plural = _("identityproviders (SSO)")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.issuer}"

    @property
    def has_secret(self) -> bool:
        return bool(self.client_secret_encrypted)


class SsoDomain(models.Model):
    """An e-mail domain whose people sign in through the provider.

    One domain belongs to one organisation: the settings form refuses a domain another organisation's
    provider has. Not a database constraint, because an organisation imported from a backup beside
    its original carries the same domains (its provider starts switched off, and the form keeps
    refusing them until the original lets go).
    """

    provider = models.ForeignKey(
        SsoProvider, on_delete=models.CASCADE, related_name="domains", verbose_name=_("identityprovider")
    )
    domain = models.CharField(_("e-maildomein"), max_length=253, db_index=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-maildomein voor SSO")
        verbose_name_plural = _("e-maildomeinen voor SSO")
        constraints = [models.UniqueConstraint(fields=["provider", "domain"], name="unique_sso_domain_per_provider")]

    def __str__(self) -> str:
        return self.domain


class SsoGroupRole(models.Model):
    """A group at the provider (its id or name, as the groups claim carries it) and the role it gives."""

    provider = models.ForeignKey(
        SsoProvider, on_delete=models.CASCADE, related_name="group_roles", verbose_name=_("identityprovider")
    )
    group = models.CharField(_("groep"), max_length=255)
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["group"]
        verbose_name = _("groep en rol")
        verbose_name_plural = _("groepen en rollen")
        constraints = [models.UniqueConstraint(fields=["provider", "group"], name="unique_sso_group_per_provider")]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"


class SsoIdentity(models.Model):
    """A user as the provider knows them (its ``sub``): how a returning SSO login finds its account."""

    provider = models.ForeignKey(
        SsoProvider, on_delete=models.CASCADE, related_name="identities", verbose_name=_("identityprovider")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities", verbose_name=_("gebruiker")
    )
    subject = models.CharField(_("kenmerk bij de identityprovider (sub)"), max_length=255)
    created_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("laatst ingelogd"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["provider", "subject"]
        verbose_name = _("SSO-koppeling")
        verbose_name_plural = _("SSO-koppelingen")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="unique_sso_subject")]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"
