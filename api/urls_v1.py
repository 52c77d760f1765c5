"""The JSON API, version 1 (namespace ``api_v1``): every request made with a token is recorded."""

from django.urls import include, path

from .auth import recorded
from .endpoints import api

_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = recorded(_pattern.callback)

app_name = "api_v1"
urlpatterns = [path("api/v1/", include(_patterns))]
