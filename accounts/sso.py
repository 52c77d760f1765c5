"""Single sign-on: an organisation's people sign in with their own organisation account (OpenID Connect).

The protocol is Authlib's (``authlib.integrations.django_client``), not ours: the authorization
code flow with PKCE (S256), ``state`` and ``nonce`` kept in the session and used once, the ID
token's signature checked against the provider's JWKS (fetched again when a token names an unknown
key: key rotation), and its ``iss``, ``aud``, ``exp``/``iat`` and ``nonce`` checked with
SSO_CLOCK_SKEW_SECONDS of leeway. This module only reads the provider from the database
(``SsoProvider``, one per organisation) and decides what the verified claims mean here:

- the account: found by the provider's ``sub`` (``SsoIdentity``); on the first login an account is
  created (without a usable password) — unless an account with that e-mail address exists: then
  its owner must prove its local password once before it is linked (``start_link``), never by the
  e-mail address alone;
- the role: the groups claim through the organisation's table (``SsoGroupRole``); the highest mapped
  role wins. At every login the membership follows the groups; no mapped group means the membership
  ends (and the login is refused with a clear page).

Every failure (cancelled, tampered, expired, wrong audience, provider down) is an ``SsoError`` with a
Dutch message, counted as a failed login in the throttle (django-axes) by the view.
"""

import base64
import hashlib
import logging
import re
import time
from dataclasses import dataclass

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from joserfc.errors import JoseError
from requests import RequestException

from organisations.models import Membership, Organisation, Role

from .models import SsoDomain, SsoGroupRole, SsoIdentity, SsoProvider

logger = logging.getLogger(__name__)

FLOW_KEY = "sso_flow"  # the login under way: provider, next page, the e-mail address typed
LINK_KEY = "sso_link"  # claims waiting for the owner of an existing account to prove its password
SESSION_KEY = "sso"  # on a session logged in through SSO: provider, ID token (for logout)
# The highest role wins when someone is in several mapped groups.
ROLE_RANK = [
    Role.CHEF_CIRCULAIR,
    Role.INKOPER,
    Role.CONTRACTMANAGER,
    Role.INTERNE_OPDRACHTGEVER,
    Role.DUURZAAMHEIDSADVISEUR,
    Role.LEZER,
]
DOMAIN_RE = re.compile(r"^(?=.{1,253}\Z)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z")


class SsoError(Exception):
    """A login through the provider that did not succeed; ``message`` is for the user (Dutch)."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class SsoNoAccess(SsoError):
    """Signed in at the provider, but in no group that gives a role here."""


# --- The client secret, encrypted --------------------------------------------------------


def _fernet_key(secret: str) -> bytes:
    digest = hashlib.sha256(b"chefcirculair.accounts.sso:" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _fernet() -> MultiFernet:
    """SSO_ENCRYPTION_KEY, else SECRET_KEY (and its fallbacks, so rotating SECRET_KEY keeps secrets readable)."""
    secrets = [settings.SSO_ENCRYPTION_KEY] if settings.SSO_ENCRYPTION_KEY else []
    secrets += [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(_fernet_key(secret)) for secret in secrets])


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SsoError(
            _(
                "De instellingen van de identityprovider kunnen niet worden gelezen (de sleutel van de server is "
                "veranderd). Vraag de beheerder het client-secret opnieuw in te vullen."
            ),
            status=503,
        ) from error


# --- Which provider --------------------------------------------------------------------


def email_domain(email: str) -> str:
    _local, at, domain = str(email).strip().lower().rpartition("@")
    return domain if at else ""


def provider_for_email(email: str) -> SsoProvider | None:
    """The enabled provider that the address's domain belongs to, if any."""
    domain = email_domain(email)
    if not domain:
        return None
    found = (
        SsoDomain.objects.unscoped()
        .filter(domain=domain, provider__enabled=True)
        .select_related("provider__organisation")
        .order_by("provider_id")
        .first()
    )
    return found.provider if found else None


def password_login_refused(email: str = "", user=None) -> Organisation | None:
    """The organisation that requires SSO for this address or user (then no password login), or None."""
    provider = provider_for_email(email) if email else None
    if provider is not None and provider.require_sso:
        return provider.organisation
    if user is not None and user.pk:
        membership = (
            Membership.objects.for_user(user)
            .filter(organisation__sso_provider__enabled=True, organisation__sso_provider__require_sso=True)
            .select_related("organisation")
            .first()
        )
        if membership is not None:
            return membership.organisation
    return None


def client_for(provider: SsoProvider):
    """An Authlib client for this provider (a fresh registry: settings in the database may change)."""
    issuer = provider.issuer.rstrip("/").removesuffix("/.well-known/openid-configuration")
    return OAuth().register(
        name=f"sso{provider.pk}",
        client_id=provider.client_id,
        client_secret=decrypt(provider.client_secret_encrypted) if provider.client_secret_encrypted else None,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "timeout": settings.SSO_HTTP_TIMEOUT_SECONDS,
        },
    )


def provider_unreachable() -> SsoError:
    return SsoError(
        _(
            "De identityprovider van je organisatie is nu niet bereikbaar. Probeer het over een paar minuten "
            "opnieuw, of neem contact op met de IT-afdeling van je organisatie."
        ),
        status=503,
    )


# --- The flow ----------------------------------------------------------------------------


def start(request: HttpRequest, provider: SsoProvider, redirect_uri: str, next_url: str, email: str):
    """The redirect to the provider's login page (state, nonce and PKCE verifier kept in the session)."""
    client = client_for(provider)
    request.session[FLOW_KEY] = {"provider": provider.pk, "next": next_url, "email": email[:254]}
    extra = {"login_hint": email} if email else {}
    try:
        return client.authorize_redirect(request, redirect_uri, **extra)
    except (RequestException, ValueError, KeyError) as error:
        logger.warning("SSO: provider %s unreachable at the start: %s", provider.pk, error)
        raise provider_unreachable() from error


def flow(request: HttpRequest) -> dict | None:
    value = request.session.get(FLOW_KEY)
    return value if isinstance(value, dict) and isinstance(value.get("provider"), int) else None


@dataclass
class Claims:
    subject: str
    email: str
    name: str
    groups: list[str]
    id_token: str
    end_session: str = ""  # the provider's end_session_endpoint (RP-initiated logout), if it offers one


def finish(request: HttpRequest, provider: SsoProvider) -> Claims:
    """Exchange the code and check the ID token (all by Authlib); the verified claims, or SsoError."""
    if request.GET.get("error"):
        # Cancelled at the provider, or refused there: nothing to check.
        raise SsoError(
            _("Het inloggen bij je organisatie is afgebroken of geweigerd. Je bent niet ingelogd; probeer het opnieuw.")
        )
    client = client_for(provider)
    try:
        token = client.authorize_access_token(request, leeway=settings.SSO_CLOCK_SKEW_SECONDS)
        id_claims = token.get("userinfo")
        if not id_claims or not token.get("id_token"):
            raise SsoError(_("De identityprovider gaf geen geldig ID-token terug. Je bent niet ingelogd."))
        claims = dict(id_claims)
        if _missing(provider, claims) and client.load_server_metadata().get("userinfo_endpoint"):
            userinfo = client.userinfo(token=token)
            if userinfo.get("sub") == claims.get("sub"):
                claims = {**userinfo, **claims}
    except SsoError:
        raise
    except RequestException as error:
        logger.warning("SSO: provider %s unreachable: %s", provider.pk, error)
        raise provider_unreachable() from error
    except (OAuthError, JoseError, ValueError, KeyError, TypeError) as error:
        logger.warning("SSO: login through provider %s refused: %r", provider.pk, error)
        raise SsoError(
            _(
                "Het inloggen bij je organisatie kon niet worden gecontroleerd (de aanmelding is verlopen, al "
                "gebruikt of niet echt). Je bent niet ingelogd; begin opnieuw bij de inlogpagina."
            )
        ) from error
    groups = claims.get(provider.claim_groups) or []
    if isinstance(groups, str):
        groups = [groups]
    return Claims(
        subject=str(claims["sub"])[:255],
        email=str(claims.get(provider.claim_email) or "").strip().lower()[:254],
        name=str(claims.get(provider.claim_name) or "").strip()[:300],
        groups=[str(group) for group in groups if isinstance(group, str | int)],
        id_token=str(token["id_token"]),
        end_session=str(client.load_server_metadata().get("end_session_endpoint") or ""),
    )


def _missing(provider: SsoProvider, claims: dict) -> bool:
    return any(name not in claims for name in (provider.claim_email, provider.claim_name, provider.claim_groups))


def mapped_role(provider: SsoProvider, groups: list[str]) -> Role | None:
    roles = {
        Role(row.role) for row in SsoGroupRole.objects.for_organisation(provider.organisation) if row.group in groups
    }
    return next((role for role in ROLE_RANK if role in roles), None)


def _split_name(name: str) -> tuple[str, str]:
    first, _space, last = name.partition(" ")
    return first[:150], last[:150]


@dataclass
class Outcome:
    user: object | None = None  # log this user in
    link_email: str = ""  # an account with this address exists: its owner proves the password first


def resolve(provider: SsoProvider, claims: Claims) -> Outcome:
    """Who this is here: an existing link, a new account, or an existing account to link first.

    Applies the role (or ends the membership, which stays ended: no transaction around the refusal)
    before anyone is logged in.
    """
    role = mapped_role(provider, claims.groups)
    identity = (
        SsoIdentity.objects.for_organisation(provider.organisation)
        .filter(provider=provider, subject=claims.subject)
        .select_related("user")
        .first()
    )
    if identity is None:
        if email_domain(claims.email) not in set(provider.domains.values_list("domain", flat=True)):
            raise SsoError(
                _(
                    "Je organisatieaccount heeft geen e-mailadres van %(organisation)s, dus Chef Circulair weet niet "
                    "bij welk account het hoort. Neem contact op met de chef circulair van je organisatie."
                )
                % {"organisation": provider.organisation},
                status=403,
            )
        users = get_user_model().objects
        existing = (
            users.filter(email__iexact=claims.email).first() or users.filter(username__iexact=claims.email).first()
        )
        if existing is not None:
            if role is None:
                # Not linked yet: a matching e-mail address alone changes nothing of that account.
                raise no_access(provider)
            if not existing.has_usable_password():
                raise SsoError(
                    _(
                        "Er bestaat al een account met dit e-mailadres dat niet automatisch kan worden gekoppeld. "
                        "Neem contact op met de chef circulair van je organisatie."
                    ),
                    status=403,
                )
            return Outcome(link_email=existing.get_username())
        if role is None:
            raise no_access(provider)
        first, last = _split_name(claims.name)
        with transaction.atomic():
            user = users.create(username=claims.email, email=claims.email, first_name=first, last_name=last)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            identity = SsoIdentity.objects.create(provider=provider, user=user, subject=claims.subject)
    user = identity.user
    if role is None:
        _end_membership(provider, user)
        raise no_access(provider)
    if not user.is_active:
        raise SsoError(_("Dit account is uitgeschakeld. Neem contact op met de beheerder."), status=403)
    apply(provider, identity, claims, role)
    return Outcome(user=user)


@transaction.atomic
def apply(provider: SsoProvider, identity: SsoIdentity, claims: Claims, role: Role) -> None:
    """The role (and name) as the provider says now."""
    user = identity.user
    first, last = _split_name(claims.name)
    changed = [
        name
        for name, value in (("first_name", first), ("last_name", last))
        if claims.name and getattr(user, name) != value
    ]
    for name in changed:
        setattr(user, name, first if name == "first_name" else last)
    if changed:
        user.save(update_fields=changed)
    membership = Membership.objects.for_organisation(provider.organisation).filter(user=user).first()
    if membership is None:
        Membership.objects.create(user=user, organisation=provider.organisation, role=role)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])


def _end_membership(provider: SsoProvider, user) -> None:
    for membership in Membership.objects.for_organisation(provider.organisation).filter(user=user):
        membership.delete()  # its history keeps who had which role until when


def no_access(provider: SsoProvider) -> SsoNoAccess:
    return SsoNoAccess(
        _(
            "Je bent ingelogd bij %(organisation)s, maar je zit (niet meer) in een groep die toegang geeft tot "
            "Chef Circulair. Je hebt daarom geen toegang. Neem contact op met de chef circulair van je organisatie "
            "als dat niet klopt."
        )
        % {"organisation": provider.organisation},
        status=403,
    )


# --- Linking an existing account -------------------------------------------------------


def start_link(request: HttpRequest, provider: SsoProvider, claims: Claims, username: str, next_url: str) -> None:
    request.session[LINK_KEY] = {
        "provider": provider.pk,
        "subject": claims.subject,
        "email": claims.email,
        "name": claims.name,
        "groups": claims.groups[:200],
        "id_token": claims.id_token,
        "end_session": claims.end_session,
        "username": username,
        "next": next_url,
        "started": int(time.time()),
    }


def pending_link(request: HttpRequest) -> dict | None:
    link = request.session.get(LINK_KEY)
    if not isinstance(link, dict):
        return None
    try:
        fresh = int(time.time()) - int(link["started"]) < settings.TWO_FACTOR_PENDING_SECONDS
    except (KeyError, TypeError, ValueError):
        fresh = False
    if not fresh:
        request.session.pop(LINK_KEY, None)
        return None
    return link


@transaction.atomic
def link(provider: SsoProvider, user, pending: dict) -> None:
    claims = claims_of(pending)
    role = mapped_role(provider, claims.groups)
    if role is None:
        raise no_access(provider)
    identity = SsoIdentity.objects.create(provider=provider, user=user, subject=claims.subject)
    # From now on this account signs in through the provider only.
    user.set_unusable_password()
    user.save(update_fields=["password"])
    apply(provider, identity, claims, role)


def claims_of(pending: dict) -> Claims:
    return Claims(
        pending["subject"],
        pending["email"],
        pending["name"],
        pending["groups"],
        pending["id_token"],
        pending.get("end_session", ""),
    )


def remember_session(request: HttpRequest, provider: SsoProvider, claims: Claims) -> None:
    """After login(): this session came through the provider (for the logout and the two-factor rule)."""
    request.session[SESSION_KEY] = {
        "provider": provider.pk,
        "client_id": provider.client_id,
        "id_token": claims.id_token,
        "end_session": claims.end_session,
    }


def is_sso_session(request: HttpRequest) -> bool:
    return isinstance(getattr(request, "session", None) and request.session.get(SESSION_KEY), dict)
