"""Token authentication for the JSON API: the header only, rate-limited, recorded.

Only ``Authorization: Bearer cc_…`` is accepted. A token in the query string
is refused (URLs end up in proxy logs and browser histories). Sessions are not
accepted either: the API is for machines (BI tools, contract systems); people
use the web pages. Every request with a known token is counted against its
rate limit and recorded (see ``recorded``).
"""

import functools

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from accounts.security import client_ip, rate_limit_hit
from organisations.models import Membership, Role

from .errors import ApiError
from .models import ApiToken

# Query parameters that look like someone put the token in the URL.
TOKEN_PARAMETERS = {"token", "access_token", "api_key", "apikey", "key", "sleutel", "authorization", "bearer"}


def _refuse_token_in_url(request) -> None:
    for key, values in request.GET.lists():
        if key.lower() in TOKEN_PARAMETERS or any(str(v).strip().startswith("cc_") for v in values):
            raise ApiError(
                400,
                _(
                    "Zet de API-sleutel nooit in het adres: stuur hem in de header "
                    "Authorization: Bearer <sleutel>. Trek een sleutel die in een adres stond in."
                ),
            )


def _unknown_token(request) -> ApiError:
    """A wrong token: counted per client address, so guessing is slow (it is hopeless anyway)."""
    allowed, retry_after = rate_limit_hit(
        "api_bad_token", client_ip(request) or "-", settings.API_BAD_TOKEN_LIMIT_PER_MINUTE, 60
    )
    if not allowed:
        return _too_many(retry_after)
    return ApiError(401, _("Deze API-sleutel is onbekend."))


def _too_many(retry_after: int) -> ApiError:
    return ApiError(
        429,
        _(
            "Te veel verzoeken met deze sleutel: hoogstens %(limit)s per minuut. "
            "Probeer het over %(seconds)s seconden opnieuw."
        )
        % {"limit": settings.API_RATE_LIMIT_PER_MINUTE, "seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def find_token(raw: str) -> ApiToken | None:
    parts = ApiToken.split(raw)
    if parts is None:
        return None
    prefix, secret = parts
    creator_is_chef = Membership.objects.unscoped().filter(
        organisation_id=OuterRef("organisation_id"), user_id=OuterRef("created_by_id"), role=Role.CHEF_CIRCULAIR
    )
    candidates = (
        ApiToken.objects.unscoped()  # found by its secret's prefix; everything after is scoped to its organisation
        .select_related("organisation", "created_by")
        .annotate(creator_is_chef=Exists(creator_is_chef))
        .filter(prefix=prefix)
        .order_by("pk")[:5]
    )
    return next((token for token in candidates if token.matches(secret)), None)


class TokenAuth(HttpBearer):
    """Ninja's auth callable (as HttpBearer it describes the scheme in the OpenAPI schema)."""

    def authenticate(self, request, token):  # pragma: no cover - __call__ does all the work
        return None

    def __call__(self, request) -> ApiToken:
        _refuse_token_in_url(request)
        header = request.headers.get("Authorization", "")
        scheme, _sep, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise ApiError(401, _("Stuur een API-sleutel mee in de header: Authorization: Bearer <sleutel>."))
        token = find_token(raw.strip())
        if token is None:
            raise _unknown_token(request)
        request.api_token = token  # from here on the request is recorded, whatever the answer
        if token.is_revoked:
            raise ApiError(401, _("Deze API-sleutel is ingetrokken."))
        if token.is_expired:
            raise ApiError(
                401,
                _("Deze API-sleutel is verlopen op %(date)s.")
                % {"date": formats.date_format(timezone.localtime(token.expires_at), "j F Y")},
            )
        if not token.creator_is_chef:
            raise ApiError(401, _("Deze API-sleutel werkt niet meer: wie hem maakte is geen chef circulair meer."))
        allowed, retry_after = rate_limit_hit("api", str(token.pk), settings.API_RATE_LIMIT_PER_MINUTE, 60)
        if not allowed:
            raise _too_many(retry_after)
        _check_body_size(request)
        return token


def _check_body_size(request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.API_MAX_BODY_BYTES:
        raise ApiError(
            413,
            _("De inhoud van het verzoek is te groot: hoogstens %(size)s kB.")
            % {"size": settings.API_MAX_BODY_BYTES // 1024},
        )


def require_scope(request, scope: str) -> ApiToken:
    token = request.auth
    if not token.has_scope(scope):
        raise ApiError(403, _("Deze API-sleutel heeft niet het recht ‘%(scope)s’.") % {"scope": scope})
    return token


def recorded(view):
    """Wrap an API view so every request made with a token is recorded with its answer."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None:
            token.record(method=request.method, path=request.path, status=response.status_code)
        return response

    return wrapper
