"""The API's web pages: token management (programme area), the Dutch reference and the schema."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("programma/api-sleutels/", views.token_list, name="tokens"),
    path("programma/api-sleutels/nieuw/", views.token_create, name="token_create"),
    path("programma/api-sleutels/<int:pk>/", views.token_detail, name="token_detail"),
    path("programma/api-sleutels/<int:pk>/intrekken/", views.token_revoke, name="token_revoke"),
    path("api/", views.reference_page, name="reference"),
    path("api/v1/openapi.json", views.openapi_schema, name="schema"),
]
