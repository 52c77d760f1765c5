"""Single sign-on (OpenID Connect): to the organisation's provider and back, linking, the organisation's settings."""

from django.urls import path

from . import sso_views as views

app_name = "sso"

urlpatterns = [
    path("inloggen/sso/terug/", views.callback, name="callback"),
    path("inloggen/sso/koppelen/", views.link, name="link"),
    path("inloggen/via/<slug:slug>/", views.start, name="start"),
    path("sso/organisatie/", views.organisation_settings, name="organisation"),
]
