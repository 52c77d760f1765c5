"""The language of the token API's messages: Dutch, or English when the client asks for it.

API clients (BI tools, contract systems) have no language cookie and no session, so
here, and only here, the ``Accept-Language`` header chooses: ``Accept-Language: en``
gives English messages and labels, anything else (or nothing) Dutch. Field names and
stored values stay as they are in every language; see docs/api.md.
"""

import functools

from django.http import HttpRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers

from lib import language as languages


def client_language(request: HttpRequest) -> str:
    """The language the client asks for (language cookie, else Accept-Language), else Dutch."""
    return languages.supported(translation.get_language_from_request(request)) or languages.DEFAULT


def in_client_language(view):
    """Wrap an API view: its messages in ``client_language``, with Content-Language and Vary: Accept-Language."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        language = client_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper
