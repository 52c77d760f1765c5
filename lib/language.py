"""The interface languages: Dutch (the default) and English (``settings.LANGUAGES``).

Which language a request speaks is decided by ``accounts.language.LanguageMiddleware``
(the person's stored choice, else the language cookie, else Dutch); an e-mail speaks
its recipient's language and a PDF its requester's. This module only names them.
"""

from django.conf import settings
from django.utils import translation

DEFAULT = "nl"


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def supported(code: str | None) -> str | None:
    """``code`` as one of the app's languages ("en-GB" is "en"), or None when the app does not speak it."""
    if not code or not isinstance(code, str):
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return base if base in codes() else None


def current() -> str:
    """The active language as one of the app's languages (Dutch when none or another is active)."""
    return supported(translation.get_language()) or DEFAULT
