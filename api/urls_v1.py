"""The JSON API, version 1 (namespace ``api_v1``): every request made with a token is recorded.

A method an address does not have is answered in JSON too (405 with ``Allow``). Messages
are Dutch, or English for a client that sends ``Accept-Language: en`` (api/language.py).
"""

from django.urls import URLPattern, include, path

from .auth import recorded
from .endpoints import api
from .errors import method_not_allowed_as_json
from .language import in_client_language

_all, _app_name, _namespace = api.urls
# Ninja's "api-root" (an index without docs) is left out: the reference page is api:reference.
_patterns = [pattern for pattern in _all if isinstance(pattern, URLPattern) and pattern.name != "api-root"]
for _pattern in _patterns:
    _pattern.callback = in_client_language(recorded(method_not_allowed_as_json(_pattern.callback)))

app_name = "api_v1"
urlpatterns = [path("api/v1/", include(_patterns))]
