"""The language a request, an e-mail and a PDF speak: Dutch unless the person chose English.

A request speaks, in this order (``language_for``):

1. the language a signed-in person chose (their ``Preference``; one query per request,
   kept on ``request.user`` by Django's related-object cache);
2. the language cookie (``settings.LANGUAGE_COOKIE_NAME``), which the language switch
   sets for everyone, signed in or not;
3. Dutch.

The browser's Accept-Language is not asked: an English browser gets Dutch until the
person chooses English (the token API, whose clients have no cookie, is the exception:
``api.urls_v1``). An e-mail speaks its recipient's language (``language_of_address``,
registered into ``lib.mail``); a stored PDF its requester's.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from lib import language as languages

from .models import Preference


def stored_language(user) -> str | None:
    """The language ``user`` chose, or None (not signed in, or never chose)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return languages.supported(user.preference.language)
    except Preference.DoesNotExist:
        return None


def language_of(user) -> str:
    """The language to write to ``user`` in: their choice, or Dutch."""
    return stored_language(user) or languages.DEFAULT


def language_of_address(address: str) -> str | None:
    """The language of the active people with this e-mail address, when they chose one (and the same one)."""
    chosen = set(
        Preference.objects.filter(user__email__iexact=address, user__is_active=True).values_list("language", flat=True)
    )
    return languages.supported(chosen.pop()) if len(chosen) == 1 else None


def cookie_language(request: HttpRequest) -> str | None:
    return languages.supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


def language_for(request: HttpRequest) -> str:
    """The language of ``request``: the person's choice, else the language cookie, else Dutch."""
    return stored_language(getattr(request, "user", None)) or cookie_language(request) or languages.DEFAULT


def store(user, language: str) -> None:
    """Keep ``language`` as ``user``'s choice (and as the choice this request's ``user`` knows)."""
    try:
        preference = user.preference  # read by the middleware already
    except Preference.DoesNotExist:
        # The first choice: update_or_create, in case a second request makes it at the same moment.
        preference, _created = Preference.objects.update_or_create(user=user, defaults={"language": language})
    else:
        preference.language = language
        preference.save(update_fields=["language"])
    user.preference = preference


def set_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # the stubs type settings as str
    )


class LanguageMiddleware:
    """Activates the request's language (``language_for``) for the rest of the request.

    Sets ``request.LANGUAGE_CODE`` (as Django's LocaleMiddleware does) and answers with
    ``Content-Language``; a response that depends on the cookie says so with ``Vary: Cookie``.
    Placed after AuthenticationMiddleware, which gives ``request.user``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
